import { bitsFormatter, enumFormatter } from "../runtime/layout.js";

/** so_state bits, values as in 4.4BSD-Lite2 sys/socketvar.h. */
export const SS_NOFDREF = 0x001;
export const SS_ISCONNECTED = 0x002;
export const SS_ISCONNECTING = 0x004;
export const SS_ISDISCONNECTING = 0x008;
export const SS_CANTSENDMORE = 0x010;
export const SS_CANTRCVMORE = 0x020;
export const SS_RCVATMARK = 0x040;
export const SS_INCOMP = 0x800;
export const SS_COMP = 0x1000;

export const formatSoState = bitsFormatter({
  [SS_NOFDREF]: "NOFDREF",
  [SS_ISCONNECTED]: "ISCONNECTED",
  [SS_ISCONNECTING]: "ISCONNECTING",
  [SS_ISDISCONNECTING]: "ISDISCONNECTING",
  [SS_CANTSENDMORE]: "CANTSENDMORE",
  [SS_CANTRCVMORE]: "CANTRCVMORE",
  [SS_RCVATMARK]: "RCVATMARK",
  [SS_INCOMP]: "INCOMP",
  [SS_COMP]: "COMP",
});

/** sockbuf sb_flags (4.4 socketvar.h). */
export const SB_LOCK = 0x01;
export const SB_WANT = 0x02;
export const SB_WAIT = 0x04;
export const formatSbFlags = bitsFormatter({ [SB_LOCK]: "SB_LOCK", [SB_WANT]: "SB_WANT", [SB_WAIT]: "SB_WAIT" });

/** TCP states in 4.4's numbering (netinet/tcp_fsm.h), so `>` comparisons read as in the C. */
export const TCPS_CLOSED = 0;
export const TCPS_LISTEN = 1;
export const TCPS_SYN_SENT = 2;
export const TCPS_SYN_RECEIVED = 3;
export const TCPS_ESTABLISHED = 4;
export const TCPS_CLOSE_WAIT = 5;
export const TCPS_FIN_WAIT_1 = 6;
export const TCPS_CLOSING = 7;
export const TCPS_LAST_ACK = 8;
export const TCPS_FIN_WAIT_2 = 9;
export const TCPS_TIME_WAIT = 10;
export const TCP_STATE_NAMES = [
  "CLOSED",
  "LISTEN",
  "SYN_SENT",
  "SYN_RECEIVED",
  "ESTABLISHED",
  "CLOSE_WAIT",
  "FIN_WAIT_1",
  "CLOSING",
  "LAST_ACK",
  "FIN_WAIT_2",
  "TIME_WAIT",
] as const;
export type TcpStateName = (typeof TCP_STATE_NAMES)[number];
export const formatTcpState = enumFormatter(TCP_STATE_NAMES);

export function tcpState(name: TcpStateName): number {
  return TCP_STATE_NAMES.indexOf(name);
}

/** 4.4 tcp_fsm.h: TCPS_HAVERCVDFIN(s) is s >= TIME_WAIT in its numbering. */
export const haveRcvdFin = (s: number) => s >= TCPS_TIME_WAIT;

/** Segment flags as the model's input queue carries them. ACK means "acknowledges our FIN". */
export const SEG_DATA = 1;
export const SEG_FIN = 2;
export const SEG_ACK = 4;
export const SEG_RST = 8;
/** A SYN to the listening socket; an ACK of our SYN|ACK; the segment is for the listener's child. */
export const SEG_SYN = 16;
export const SEG_ACKSYN = 32;
export const SEG_CHILD = 64;
/** With several independent connections (a close storm), the instance index sits from this bit up. */
export const SEG_INSTANCE_SHIFT = 8;
export const formatSegment = bitsFormatter({
  [SEG_DATA]: "DATA",
  [SEG_FIN]: "FIN",
  [SEG_ACK]: "ACK",
  [SEG_RST]: "RST",
  [SEG_SYN]: "SYN",
  [SEG_ACKSYN]: "ACK-of-SYN",
  [SEG_CHILD]: "child",
});

/** Timer indices (4.4 tcp_timer.h order: REXMT, PERSIST, KEEP, 2MSL; PERSIST is not modelled). */
export const TCPT_REXMT = 0;
export const TCPT_KEEP = 1;
export const TCPT_2MSL = 2;
export const TIMER_NAMES = ["REXMT", "KEEP", "2MSL"] as const;
/** The model retransmits once before tcp_drop(ETIMEDOUT) (4.4: TCP_MAXRXTSHIFT = 12). */
export const MAXRXTSHIFT = 1;

export const ECONNRESET = 54;
export const ETIMEDOUT = 60;
export const ECONNABORTED = 53;
