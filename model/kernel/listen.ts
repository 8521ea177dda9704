import { allocObject } from "../runtime/faults.js";
import type { RoutineBuilder } from "../runtime/program.js";
import { SPL_NET } from "../runtime/spl.js";
import { enumFormatter } from "../runtime/layout.js";
import { SS_NOFDREF, TCPS_CLOSED } from "./constants.js";
import { declareChild, type Kern, type Listen } from "./structs.js";

const UIPC2 = "4.4BSD-Lite2 kern/uipc_socket2.c";

/**
 * A listening socket with a backlog of one (reference §1: soclose's abort loop, sofree's dequeue,
 * sonewconn, soisconnected): the primary connection is the head, in LISTEN; a second connection
 * instance is its child, allocated by sonewconn when the peer's SYN arrives.
 */
export function declareListen(K: Kern, teardown: boolean): Listen {
  const C = declareChild(K, teardown);
  const O = K.k.objects;
  const L = K.k.layout;
  const yn = enumFormatter(["no", "yes"]);
  const l: Listen = {
    head: K,
    child: C,
    q0len: O.field(K.so, "so_q0len"),
    qlen: O.field(K.so, "so_qlen"),
    soHead: O.field(C.so, "so_head", 0, (v) => (v ? "so" : "0")),
    soQueue: O.field(C.so, "so_queue", 0, enumFormatter(["none", "so_q0", "so_q"])),
    synAckSent: L.slot("wire1.synAckSent", 0, yn),
    peerSyn: L.slot("peer1.sentSyn", 0, yn),
    peerAckSyn: L.slot("peer1.ackedSyn", 0, yn),
    qBusy: K.k.placement.queues === "split" ? L.slot("ghost.queueOpsInFlight") : -1,
  };
  K.listen = l;
  C.listen = l;
  if (l.qBusy >= 0) queueCorruptCheck(K, l);
  return l;
}

/**
 * queue-corrupt: with no queue operation half done, each queue's length counts exactly the
 * sockets linked on it (so_q0len, so_qlen against the child's so_queue and so_head).
 */
function queueCorruptCheck(K: Kern, l: Listen): void {
  K.k.invariant({
    name: "queue-corrupt",
    reads: [l.qBusy, l.soQueue, l.soHead, l.q0len, l.qlen],
    check: (s) => {
      if (s[l.qBusy] !== 0) return null;
      const q = s[l.soQueue]!;
      const want0 = q === 1 ? 1 : 0;
      const want = q === 2 ? 1 : 0;
      if (s[l.q0len] === want0 && s[l.qlen] === want && (q === 0) === (s[l.soHead] === 0)) return null;
      return `listen queues disagree with their links: so_q0len ${s[l.q0len]}, so_qlen ${s[l.qlen]}, child on ${["no queue", "so_q0", "so_q"][q] ?? q}, so_head ${s[l.soHead] ? "set" : "0"}`;
    },
  });
}

/**
 * The length update of a split queue operation: a load and a store, as `head->so_qlen++` compiles,
 * so another operation's update between them is lost.
 */
function splitLength(b: RoutineBuilder, l: Listen, len: number, delta: number, label: string): void {
  b.step(`${label}: load len`, { reads: [len] }, (s, c) => void (s[c.r1] = s[len]!));
  b.step(`${label}: store len ${delta > 0 ? "+ 1" : "- 1"}`, { reads: [l.qBusy], writes: [len, l.qBusy] }, (s, c) => {
    s[len] = s[c.r1]! + delta;
    s[c.r1] = 0;
    s[l.qBusy] = s[l.qBusy]! - 1;
  });
}

/** soqremque(so, q): one step; r2 = 1 when the child was on queue q (1: so_q0, 2: so_q) and is now off. */
export function soqremque(b: RoutineBuilder, l: Listen, q: 1 | 2, label = `soqremque(so, ${q - 1})`): void {
  const len = q === 1 ? l.q0len : l.qlen;
  if (l.qBusy >= 0) {
    const skip = b.at(`${label}: not on it`);
    b.step(`${label}: unlink`, { reads: [l.soQueue, l.qBusy], writes: [l.soQueue, l.soHead, l.qBusy] }, (s, c) => {
      if (s[l.soQueue] !== q) {
        s[c.r2] = 0;
        return skip.pc;
      }
      s[l.soQueue] = 0;
      s[l.soHead] = 0;
      s[l.qBusy] = s[l.qBusy]! + 1;
      s[c.r2] = 1;
    });
    splitLength(b, l, len, -1, label);
    b.here(`${label}: not on it`);
    return;
  }
  b.step(label, { reads: [l.soQueue, len], writes: [l.soQueue, l.soHead, len] }, (s, c) => {
    if (s[l.soQueue] !== q) {
      s[c.r2] = 0;
      return;
    }
    s[len] = s[len]! - 1;
    s[l.soQueue] = 0;
    s[l.soHead] = 0;
    s[c.r2] = 1;
  });
}

export function soqinsque(b: RoutineBuilder, l: Listen, q: 1 | 2, label = `soqinsque(head, so, ${q - 1})`): void {
  const len = q === 1 ? l.q0len : l.qlen;
  if (l.qBusy >= 0) {
    b.step(`${label}: link`, { reads: [l.qBusy], writes: [l.soQueue, l.soHead, l.qBusy] }, (s) => {
      s[l.soQueue] = q;
      s[l.soHead] = 1;
      s[l.qBusy] = s[l.qBusy]! + 1;
    });
    splitLength(b, l, len, 1, label);
    return;
  }
  b.step(label, { reads: [len], writes: [l.soQueue, l.soHead, len] }, (s) => {
    s[len] = s[len]! + 1;
    s[l.soQueue] = q;
    s[l.soHead] = 1;
  });
}

/** sonewconn and tcp_attach for the child (the routines that bring it to life). */
export function listenLayer(l: Listen): void {
  const K = l.head;
  const C = l.child;
  const k = K.k;
  const sems = [C.rcv.sem, C.rcv.lockSem, C.snd.sem, C.snd.lockSem, C.kyuSem].filter((x) => x !== null);
  k.routine("sonewconn", `${UIPC2} sonewconn1 (connstatus 0; Kyu tcp_bsd/socket_io.c sonewconn)`, (b) => {
    const out = b.at("out");
    b.step("so_qlen + so_q0len > backlog: return 0", { reads: [l.q0len, l.qlen, C.so.alive] }, (s, c) => {
      s[c.r2] = 0;
      if (s[l.q0len]! + s[l.qlen]! >= 1 || s[C.so.alive] !== 0) return out.pc;
    });
    b.step("MALLOC(so)", { writes: [C.so.alive, ...sems.map((x) => x.obj.alive)] }, (s) => {
      allocObject(s, C.so);
      for (const x of sems) allocObject(s, x.obj);
    });
    b.step("so_state = head->so_state | NOFDREF", { reads: [K.soState.slot], writes: [C.soState.slot] }, (s) => {
      s[C.soState.slot] = s[K.soState.slot]! | SS_NOFDREF;
    });
    soqinsque(b, l, 1);
    b.call("pru_attach#1");
    b.step("return so", {}, (s, c) => {
      s[c.r2] = 1;
    });
    b.here("out");
  });
  k.routine("accept", "4.4BSD-Lite2 kern/uipc_syscalls.c accept (SS_NBIO)", (b) => {
    const out = b.at("out");
    b.spl("accept", SPL_NET);
    b.step("so_qlen == 0: EWOULDBLOCK", { reads: [l.qlen] }, (s, c) => {
      s[c.r2] = 0;
      if (s[l.qlen] === 0) return out.pc;
    });
    soqremque(b, l, 2, "so = head->so_q; soqremque(so, 1)");
    b.call("soaccept#1");
    b.step("return the new fd", {}, (s, c) => {
      s[c.r2] = 1;
    });
    b.here("out");
    b.splx("accept");
  });
  k.routine("soaccept#1", "4.4BSD-Lite2 kern/uipc_socket.c soaccept", (b) => {
    b.spl("soaccept", SPL_NET);
    b.rmw("so_state &= ~NOFDREF", C.soState, 0, SS_NOFDREF);
    b.call("pru_accept#1");
    b.splx("soaccept");
  });
  k.routine("pru_attach#1", "4.4BSD-Lite2 netinet/tcp_usrreq.c tcp_usrreq PRU_ATTACH → tcp_attach", (b) => {
    b.spl("tcp_usrreq", SPL_NET);
    b.step("in_pcballoc; tcp_newtcpcb", { writes: [C.inp.alive, C.tp.alive] }, (s) => {
      allocObject(s, C.inp);
      allocObject(s, C.tp);
    });
    b.step("so_pcb = inp; inp_ppcb = tp; insque(inp, &tcb)", { writes: [C.soPcb, C.inpPpcb, C.tcbListed, C.tState] }, (s) => {
      s[C.soPcb] = 1;
      s[C.inpPpcb] = 1;
      s[C.tcbListed] = 1;
      s[C.tState] = TCPS_CLOSED;
    });
    b.splx("tcp_usrreq");
  });
}
