import type { Ctx } from "../runtime/context.js";
import type { KernelBuilder } from "../runtime/kernel.js";
import { enumFormatter } from "../runtime/layout.js";
import type { KObject } from "../runtime/objects.js";
import type { Channel, Semaphore } from "../runtime/sync.js";
import type { TrackedWord } from "../runtime/tracked-word.js";
import { formatSbFlags, formatSegment, formatSoState, formatTcpState, TIMER_NAMES } from "./constants.js";
import type { KernelOptions } from "../compose/options.js";

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
  /** A listening socket and its child (both instances share this record). */
  listen?: Listen;
  /**
   * Independent connections declared side by side (a close storm), primary first; a segment for
   * instance i carries i in its bits from SEG_INSTANCE_SHIFT up. Every instance shares this array.
   */
  instances?: Kern[];
  /** This connection's index among `instances` (0 for the primary, or when there are none). */
  readonly index?: number;
}

/** The listen queue: slots on the head and the child, and both instances. */
export interface Listen {
  readonly head: Kern;
  readonly child: Kern;
  /** Head fields: so_q0len, so_qlen. */
  readonly q0len: number;
  readonly qlen: number;
  /** Child fields: so_head is set (1), and which queue it is on (0 none, 1 so_q0, 2 so_q). */
  readonly soHead: number;
  readonly soQueue: number;
  /** The wire: our SYN|ACK went out; the peer's SYN, ACK of our SYN. */
  readonly synAckSent: number;
  readonly peerSyn: number;
  readonly peerAckSyn: number;
  /**
   * Under a "split" queues placement, a ghost count of queue operations between their link and
   * their length update: the queue-corrupt check holds only when none is half done. -1 when atomic.
   */
  readonly qBusy: number;
}

/** The per-connection part of the kernel's data: a socket, its inpcb and tcpcb, and the wire. */
function connection(k: KernelBuilder, opts: KernelOptions, id: string, mustFree: boolean, allocated: boolean) {
  const L = k.layout;
  const O = k.objects;
  const kyu = opts.flavor === "kyu";
  const o = { mustFree, allocated };
  const so = O.declare(`so${id}`, "socket", o);
  const soState = k.word(so, "so_state", 0, formatSoState);
  const soPcb = O.field(so, "so_pcb", allocated ? 1 : 0, (v) => (v ? `inp${id}` : "0"));
  const soError = O.field(so, "so_error");
  const soRefs = O.field(so, "so_refs", 2);
  const buf = (name: string): SockBuf => ({
    cc: O.field(so, `${name}.sb_cc`),
    flags: O.field(so, `${name}.sb_flags`, 0, formatSbFlags),
    sem: kyu ? k.semaphore(`${name}${id}.sb_sleep`, o) : null,
    chan: k.channel(`&${name}${id}.sb_cc`),
    lockChan: k.channel(`&${name}${id}.sb_flags`),
    lockSem: kyu ? k.semaphore(`${name}${id}.sb_lock`, { ...o, init: 1 }) : null,
  });
  const rcv = buf("so_rcv");
  const snd = buf("so_snd");
  const kyuSem = kyu ? k.semaphore(`so${id}.kyu_sem`, o) : null;
  const timeoChan = k.channel(`&so${id}->so_timeo`);
  const inp = O.declare(`inp${id}`, "inpcb", o);
  const inpPpcb = O.field(inp, "inp_ppcb", allocated ? 1 : 0, (v) => (v ? `tp${id}` : "0"));
  const tp = O.declare(`tp${id}`, "tcpcb", o);
  const tState = O.field(tp, "t_state", 0, formatTcpState);
  const tTimer = O.field(tp, `t_timer[${TIMER_NAMES[0]}]`);
  for (let i = 1; i < TIMER_NAMES.length; i++) O.field(tp, `t_timer[${TIMER_NAMES[i]}]`);
  const tRxtshift = O.field(tp, "t_rxtshift");
  const yn = enumFormatter(["no", "yes"]);
  return {
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
    tcbListed: L.slot(`tcb${id}.listed`, allocated ? 1 : 0, yn),
    ourFinSent: L.slot(`wire${id}.ourFinSent`, 0, yn),
    peerFin: L.slot(`peer${id}.sentFin`, 0, yn),
    peerAck: L.slot(`peer${id}.ackedOurFin`, 0, yn),
    peerRst: L.slot(`peer${id}.sentRst`, 0, yn),
    peerData: L.slot(`peer${id}.dataLeft`),
  };
}

/** `teardown`: some context closes the socket, so every object must be freed by the end. */
export function declareKernel(k: KernelBuilder, opts: KernelOptions, teardown: boolean): Kern {
  const L = k.layout;
  const c = connection(k, opts, "", teardown, true);
  const ipqLen = L.slot("ipintrq.len");
  const ipq = L.slot("ipintrq[0]", 0, formatSegment);
  for (let i = 1; i < IPQ_MAX; i++) L.slot(`ipintrq[${i}]`, 0, formatSegment);
  const yn = enumFormatter(["no", "yes"]);
  return {
    k,
    opts,
    sfx: "",
    ...c,
    ipqLen,
    ipq,
    tickPending: L.slot("clock.pending"),
    delayArmed: L.slot("kyu.delayArmed", 0, yn),
    contexts: [],
  };
}

/**
 * A second connection instance sharing the kernel's globals (input queue, clock, contexts): a
 * listening socket's child. Its objects start unallocated; sonewconn allocates them.
 */
export function declareChild(K: Kern, teardown: boolean): Kern {
  const c = connection(K.k, K.opts, "1", teardown, false);
  return { ...K, sfx: "#1", ...c };
}

/**
 * Connection instance `i` (i >= 1) beside the primary, connected from the start like it: the same
 * routines are declared again with names suffixed `#i`. Used for N sockets closing at once.
 */
export function declareInstance(K: Kern, i: number, teardown: boolean): Kern {
  const c = connection(K.k, K.opts, String(i), teardown, true);
  return { ...K, sfx: `#${i}`, index: i, ...c };
}
