import type { TcpStateName } from "../kernel/constants.js";

/**
 * Options of the same routines (issue 4 §1): the Kyu variants are options, not copies.
 * - flavor "bsd44": tsleep/wakeup channels; "kyu": per-socket semaphores in place of tsleep
 *   (so->kyu_sem for linger, sb_sleep for sbwait), destroyed in sofree and sbrelease.
 * - sbwakeup "if-waiting": post only when SB_WAIT is set (4.4; Kyu before 37b6626);
 *   "always": clear SB_WAIT and post unconditionally (Kyu 37b6626), relying on the latch.
 */
export interface KernelOptions {
  readonly flavor: "bsd44" | "kyu";
  readonly sbwakeup?: "if-waiting" | "always";
  /** SO_LINGER with a non-zero linger time: soclose waits while ISCONNECTED. */
  readonly linger?: boolean;
  /**
   * "flags" (4.4): sofree frees when NOFDREF is set and so_pcb is 0; "refcount" (DragonFly
   * 6cef7136f0): every caller drops one of two references (fd, pcb) with an atomic decrement and
   * the one that drops the last frees.
   */
  readonly sofree?: "flags" | "refcount";
  /** The delay Kyu's author put in soclose after the disconnect (seed 000): a sleep a tick ends. */
  readonly delayInSoclose?: boolean;
}

/** What the application thread does. */
export type AppProgram = "close" | "receive" | "receive-close" | "shutdown-close" | "accept-close";

export interface ContextSpec {
  readonly name: string;
  /** app: a user thread/process; input: tcp_input (Kyu thread or softnet interrupt); timer: tcp_slowtimo. */
  readonly role: "app" | "input" | "timer";
  readonly program?: AppProgram;
  /** Kyu priority (lower is more urgent); threads only. */
  readonly priority?: number;
  /** app: which connection instance its socket is (a close storm's sockets 0..N-1); default 0, the primary. */
  readonly connection?: number;
}

export interface InitialSpec {
  readonly tcpState: TcpStateName;
  /** Bytes already in so_rcv (0–2). */
  readonly rcvData?: number;
  /**
   * The socket listens (tcpState LISTEN) with a backlog of one: a SYN from the peer makes a child
   * (sonewconn), the handshake's ACK moves it from so_q0 to so_q (soisconnected).
   */
  readonly listen?: boolean;
  /**
   * With `listen`: a child already made by an earlier SYN, waiting on the head's so_q0 (SYN|ACK
   * sent, SYN_RECEIVED) or, handshake done, on so_q for accept (ESTABLISHED).
   */
  readonly listenChild?: "so_q0" | "so_q";
  /** Timers armed at the start (each expires at the next slow timeout). */
  readonly timers?: readonly ("REXMT" | "KEEP" | "2MSL")[];
  /**
   * Independent connections, each in this initial state with its own socket, inpcb, tcpcb and
   * peer (default 1): connection i is instance i, its routines suffixed `#i` (a close storm).
   */
  readonly connections?: number;
  /**
   * Segments already in ipintrq at the start (at most its capacity, 2): the peer's FIN
   * retransmitted, for connections 0, 1, ... in turn. Only in states that have received a FIN.
   */
  readonly inFlight?: number;
  /**
   * Any field or global word by its slot name, set after everything else is composed: a retransmit
   * count (`"tp.t_rxtshift": 1`), data in a buffer (`"so.so_rcv.sb_cc": 2`), a user's own field
   * (`"so.so_count": 2`). `socheck describe` lists the fields; contexts' interpreter words and the
   * lifecycle ghosts are not data and are refused.
   */
  readonly slots?: Readonly<Record<string, number>>;
  /**
   * Steps taken before the search starts, by the model's own rules: "softclock" (one step of that
   * context), "softclock until callout:tcp_timer_rexmt" (its steps until its next one is in that
   * routine, or has that `routine:label` or label), "env:RST" (that event). A timer already
   * dequeued or running, a close already under way: the state they reach is the initial one.
   */
  readonly steps?: readonly string[];
}

/** What the peer, the network and the clock may do; each is a budget of "this arrives now" choices. */
export interface PeerSpec {
  readonly fin?: boolean;
  readonly ack?: boolean;
  readonly rst?: boolean;
  readonly data?: number;
  /** Whether the clock runs: any positive number lets the slow timeout tick whenever a timer is armed. */
  readonly ticks?: number;
}
