import type { KernelBuilder } from "../runtime/kernel.js";
import { SPL_CLOCK, SPL_IMP } from "../runtime/spl.js";
import { SEG_ACK, SEG_ACKSYN, SEG_CHILD, SEG_DATA, SEG_FIN, SEG_INSTANCE_SHIFT, SEG_RST, SEG_SYN, TCPT_2MSL } from "./constants.js";
import type { PeerSpec } from "../compose/options.js";
import { IPQ_MAX, type Kern } from "./structs.js";

/**
 * The peer, the network and the clock as the environment context (issue 3 §2, issue 4 §2): each
 * choice is "this arrives now". A segment arrives through the device interrupt (splimp under
 * bsd-up) into ipintrq; the peer sends only what TCP lets it send (an ACK of our FIN only after
 * our FIN went out; nothing after its RST) and may wait as long as it likes. The clock, when it
 * runs, ticks whenever some timer is armed, without a budget: a run must not end with a timer
 * still armed (a TIME_WAIT that never expires would look like a leak); a tick with nothing armed
 * changes nothing, so it is not offered. Each counter is 0 or 1 and re-arms are bounded, so runs
 * stay finite.
 */
export function peerEvents(K: Kern, spec: PeerSpec, up: boolean): void {
  const k: KernelBuilder = K.k;
  const len = K.ipqLen;
  const q = K.ipq;
  const qSlots = Array.from({ length: IPQ_MAX }, (_, i) => q + i);
  // One of several independent connections: its segments carry its index, its events its suffix.
  const tag = (K.index ?? 0) << SEG_INSTANCE_SHIFT;
  const ev = (name: string) => name + (K.index ? K.sfx : "");
  const enqueue = (s: Int32Array, seg: number) => {
    const n = s[len]!;
    s[q + n] = seg | tag;
    s[len] = n + 1;
  };
  const level = up ? SPL_IMP : 0;
  const room = (s: Int32Array) => s[len]! < IPQ_MAX;
  const open = (s: Int32Array) => s[K.peerRst] === 0;
  const rw = (extra: number[]) => ({ reads: [len, ...extra], writes: [len, ...qSlots, ...extra] });
  const l = K.listen;
  // A listening socket takes only SYNs; what the peer says on the connection goes to the child.
  if (!l) connectionEvents();
  function connectionEvents(): void {
  if ((spec.data ?? 0) > 0)
    k.event(ev("DATA"), {
      level,
      ...rw([K.peerData, K.peerFin, K.peerRst]),
      guard: (s) => s[K.peerData]! > 0 && s[K.peerFin] === 0 && open(s) && room(s),
      exec: (s) => {
        s[K.peerData] = s[K.peerData]! - 1;
        enqueue(s, SEG_DATA);
      },
    });
  if (spec.fin)
    k.event(ev("FIN"), {
      level,
      ...rw([K.peerFin, K.peerRst]),
      guard: (s) => s[K.peerFin] === 0 && open(s) && room(s),
      exec: (s) => {
        s[K.peerFin] = 1;
        enqueue(s, SEG_FIN);
      },
    });
  if (spec.ack)
    k.event(ev("ACK-of-FIN"), {
      level,
      ...rw([K.ourFinSent, K.peerAck, K.peerRst]),
      guard: (s) => s[K.ourFinSent] === 1 && s[K.peerAck] === 0 && open(s) && room(s),
      exec: (s) => {
        s[K.peerAck] = 1;
        enqueue(s, SEG_ACK);
      },
    });
  if (spec.rst)
    k.event(ev("RST"), {
      level,
      ...rw([K.peerRst, K.peerFin, K.peerAck]),
      guard: (s) => open(s) && !(s[K.peerFin] === 1 && s[K.peerAck] === 1) && room(s),
      exec: (s) => {
        s[K.peerRst] = 1;
        enqueue(s, SEG_RST);
      },
    });
  }
  if (l) {
    // The peer opens one connection to the listener, may complete the handshake, then close or reset it.
    const C = l.child;
    k.event("SYN", {
      level,
      ...rw([l.peerSyn]),
      guard: (s) => s[l.peerSyn] === 0 && room(s),
      exec: (s) => {
        s[l.peerSyn] = 1;
        enqueue(s, SEG_SYN);
      },
    });
    k.event("ACK-of-SYN#1", {
      level,
      ...rw([l.synAckSent, l.peerAckSyn, C.peerRst]),
      guard: (s) => s[l.synAckSent] === 1 && s[l.peerAckSyn] === 0 && s[C.peerRst] === 0 && room(s),
      exec: (s) => {
        s[l.peerAckSyn] = 1;
        enqueue(s, SEG_ACKSYN | SEG_CHILD);
      },
    });
    if (spec.rst)
      k.event("RST#1", {
        level,
        ...rw([l.synAckSent, C.peerRst]),
        guard: (s) => s[l.synAckSent] === 1 && s[C.peerRst] === 0 && room(s),
        exec: (s) => {
          s[C.peerRst] = 1;
          enqueue(s, SEG_RST | SEG_CHILD);
        },
      });
    if (spec.fin)
      k.event("FIN#1", {
        level,
        ...rw([l.peerAckSyn, C.peerFin, C.peerRst]),
        guard: (s) => s[l.peerAckSyn] === 1 && s[C.peerFin] === 0 && s[C.peerRst] === 0 && room(s),
        exec: (s) => {
          s[C.peerFin] = 1;
          enqueue(s, SEG_FIN | SEG_CHILD);
        },
      });
  }
  const timers = [K.tTimer, K.tTimer + 1, K.tTimer + TCPT_2MSL];
  if ((spec.ticks ?? 0) > 0)
    k.event(ev("tick"), {
      level: up ? SPL_CLOCK : 0,
      reads: [K.tickPending, K.tcbListed, ...timers],
      writes: [K.tickPending],
      guard: (s) => s[K.tickPending] === 0 && s[K.tcbListed] === 1 && (s[timers[0]!] !== 0 || s[timers[1]!] !== 0 || s[timers[2]!] !== 0),
      exec: (s) => {
        s[K.tickPending] = 1;
      },
    });
  if (K.opts.delayInSoclose && !K.index)
    k.event("delay-ends", {
      level: up ? SPL_CLOCK : 0,
      reads: [K.delayArmed],
      writes: [K.delayArmed],
      guard: (s) => s[K.delayArmed] === 1,
      exec: (s) => {
        s[K.delayArmed] = 0;
      },
    });
}
