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
  };
  K.listen = l;
  C.listen = l;
  return l;
}

/** soqremque(so, q): one step; r2 = 1 when the child was on queue q (1: so_q0, 2: so_q) and is now off. */
export function soqremque(b: RoutineBuilder, l: Listen, q: 1 | 2, label = `soqremque(so, ${q - 1})`): void {
  const len = q === 1 ? l.q0len : l.qlen;
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
