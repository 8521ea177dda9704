import type { Ctx } from "../runtime/context.js";
import type { KernelBuilder } from "../runtime/kernel.js";
import { enumFormatter } from "../runtime/layout.js";
import type { KObject } from "../runtime/objects.js";
import type { Channel, Semaphore } from "../runtime/sync.js";
import type { TrackedWord } from "../runtime/tracked-word.js";
import { formatSbFlags, formatSegment, formatSoState, formatTcpState, TIMER_NAMES } from "./constants.js";
import type { KernelOptions } from "./options.js";

/** Input queue capacity (ipintrq); the peer cannot send while it is full. */
export const IPQ_MAX = 2;

export interface SockBuf {
  readonly cc: number;
  readonly flags: number;
  /** Kyu: the sb_sleep semaphore; 4.4: the tsleep channel &sb_cc. */
  readonly sem: Semaphore | null;
  readonly chan: Channel;
  /** The channel sblock sleeps on (&sb_flags). */
  readonly lockChan: Channel;
  /** Kyu: sblock is the mutex semaphore sb_lock (reference §3), latched like every Kyu semaphore. */
  readonly lockSem: Semaphore | null;
}

/** Slot indices of every kernel structure the routines touch. */
export interface Kern {
  readonly k: KernelBuilder;
  readonly opts: KernelOptions;
  /** Suffix of this connection instance's routine names ("" for the primary connection). */
  readonly sfx: string;
  readonly so: KObject;
  readonly soState: TrackedWord;
  readonly soPcb: number;
  readonly soError: number;
  /** DragonFly so_refs (sofree: "refcount"). */
  readonly soRefs: number;
  readonly rcv: SockBuf;
  readonly snd: SockBuf;
  /** Kyu: so->kyu_sem (linger, accept, connect); 4.4: the channel &so_timeo. */
  readonly kyuSem: Semaphore | null;
  readonly timeoChan: Channel;
  readonly inp: KObject;
  readonly inpPpcb: number;
  readonly tp: KObject;
  readonly tState: number;
  readonly tTimer: number;
  readonly tRxtshift: number;
  /** Global: the inpcb is on the tcb list (in_pcblookup and tcp_slowtimo find it). */
  readonly tcbListed: number;
  readonly ipqLen: number;
  readonly ipq: number;
  /** Ghost of the wire: our FIN has been sent (the peer may acknowledge it). */
  readonly ourFinSent: number;
  /** The peer: what it has sent, and what it may still send. */
  readonly peerFin: number;
  readonly peerAck: number;
  readonly peerRst: number;
  readonly peerData: number;
  readonly tickPending: number;
  /** Kyu delay in soclose: 1 while the sleeping thread waits for the delay to end. */
  readonly delayArmed: number;
  /** Filled in as contexts are made. */
  readonly contexts: Ctx[];
}

/** `teardown`: some context closes the socket, so every object must be freed by the end. */
export function declareKernel(k: KernelBuilder, opts: KernelOptions, teardown: boolean): Kern {
  const L = k.layout;
  const O = k.objects;
  const kyu = opts.flavor === "kyu";
  const mustFree = teardown;
  const so = O.declare("so", "socket", { mustFree });
  const soState = k.word(so, "so_state", 0, formatSoState);
  const soPcb = O.field(so, "so_pcb", 1, (v) => (v ? "inp" : "0"));
  const soError = O.field(so, "so_error");
  const soRefs = O.field(so, "so_refs", 2);
  const buf = (name: string): SockBuf => ({
    cc: O.field(so, `${name}.sb_cc`),
    flags: O.field(so, `${name}.sb_flags`, 0, formatSbFlags),
    sem: kyu ? k.semaphore(`${name}.sb_sleep`, { mustFree }) : null,
    chan: k.channel(`&${name}.sb_cc`),
    lockChan: k.channel(`&${name}.sb_flags`),
    lockSem: kyu ? k.semaphore(`${name}.sb_lock`, { mustFree, init: 1 }) : null,
  });
  const rcv = buf("so_rcv");
  const snd = buf("so_snd");
  const kyuSem = kyu ? k.semaphore("so.kyu_sem", { mustFree }) : null;
  const timeoChan = k.channel("&so->so_timeo");
  const inp = O.declare("inp", "inpcb", { mustFree });
  const inpPpcb = O.field(inp, "inp_ppcb", 1, (v) => (v ? "tp" : "0"));
  const tp = O.declare("tp", "tcpcb", { mustFree });
  const tState = O.field(tp, "t_state", 0, formatTcpState);
  const tTimer = O.field(tp, `t_timer[${TIMER_NAMES[0]}]`);
  for (let i = 1; i < TIMER_NAMES.length; i++) O.field(tp, `t_timer[${TIMER_NAMES[i]}]`);
  const tRxtshift = O.field(tp, "t_rxtshift");
  const ipqLen = L.slot("ipintrq.len");
  const ipq = L.slot("ipintrq[0]", 0, formatSegment);
  for (let i = 1; i < IPQ_MAX; i++) L.slot(`ipintrq[${i}]`, 0, formatSegment);
  const yn = enumFormatter(["no", "yes"]);
  return {
    k,
    opts,
    sfx: "",
    so,
    soState,
    soPcb,
    soError,
    soRefs,
    rcv,
    snd,
    kyuSem,
    timeoChan,
    inp,
    inpPpcb,
    tp,
    tState,
    tTimer,
    tRxtshift,
    tcbListed: L.slot("tcb.listed", 1, yn),
    ipqLen,
    ipq,
    ourFinSent: L.slot("wire.ourFinSent", 0, yn),
    peerFin: L.slot("peer.sentFin", 0, yn),
    peerAck: L.slot("peer.ackedOurFin", 0, yn),
    peerRst: L.slot("peer.sentRst", 0, yn),
    peerData: L.slot("peer.dataLeft"),
    tickPending: L.slot("clock.pending"),
    delayArmed: L.slot("kyu.delayArmed", 0, yn),
    contexts: [],
  };
}
