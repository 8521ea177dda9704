import { ModelAssertion } from "../../checker/index.js";
import { tcpTimerTick } from "../callout/tcpcb-counters.js";
import type { Ctx } from "../runtime/context.js";
import { free } from "../runtime/primitives.js";
import { SPL_NET } from "../runtime/spl.js";
import {
  ECONNABORTED,
  ECONNRESET,
  ETIMEDOUT,
  haveRcvdFin,
  SEG_ACK,
  SEG_DATA,
  SEG_FIN,
  SEG_ACKSYN,
  SEG_RST,
  SEG_SYN,
  SS_CANTRCVMORE,
  TCP_STATE_NAMES,
  TCPS_CLOSE_WAIT,
  TCPS_CLOSED,
  TCPS_CLOSING,
  TCPS_ESTABLISHED,
  TCPS_FIN_WAIT_1,
  TCPS_FIN_WAIT_2,
  TCPS_LAST_ACK,
  TCPS_LISTEN,
  TCPS_SYN_RECEIVED,
  TCPS_SYN_SENT,
  TCPS_TIME_WAIT,
  TCPT_2MSL,
  TCPT_KEEP,
  TCPT_REXMT,
} from "./constants.js";
import type { Kern } from "./structs.js";
import { transitionAllowed } from "./tcp-fsm.js";

const USRREQ = "4.4BSD-Lite2 netinet/tcp_usrreq.c";
const SUBR = "4.4BSD-Lite2 netinet/tcp_subr.c";
const INPUT = "4.4BSD-Lite2 netinet/tcp_input.c";

/** Sets t_state, raising `tcp-transition` in this step if RFC 793 has no such close transition. */
export function setTcpState(s: Int32Array, c: Ctx, slot: number, to: number): void {
  const from = s[slot]!;
  if (!transitionAllowed(from, to))
    throw new ModelAssertion("tcp-transition", `${c.name}: t_state ${TCP_STATE_NAMES[from]} -> ${TCP_STATE_NAMES[to]} is not a close transition RFC 793 allows`);
  s[slot] = to;
}

/**
 * TCP's close paths (issue 4 §2, reference §1). Register r2 carries "tp is still there" back from
 * routines that may call tcp_close (which returns NULL in the C); r0 holds the segment being input.
 */
export function tcpLayer(K: Kern): void {
  const { k } = K;
  const T = K.tState;
  const timer = (i: number) => K.tTimer + i;
  const S = K.soState.slot;
  const n = (x: string) => x + K.sfx;

  // tcp_usrreq, one routine per request modelled; each is the C's switch arm between its
  // splnet and splx, after the "inp == 0: EINVAL" test.
  const usrreq = (req: string, body: (b: import("../runtime/program.js").RoutineBuilder) => void) =>
    k.routine(n(`pru_${req.toLowerCase()}`), `${USRREQ} tcp_usrreq PRU_${req}`, (b) => {
      const out = b.at("out");
      b.spl("tcp_usrreq", SPL_NET);
      b.jumpIf("inp == 0: EINVAL", { reads: [K.soPcb] }, (s) => s[K.soPcb] === 0, out);
      body(b);
      b.here("out");
      b.splx("tcp_usrreq");
    });

  usrreq("DETACH", (b) => {
    const close = b.at("close");
    const out = b.at("out");
    b.jumpIf("t_state <= LISTEN?", { reads: [K.inpPpcb, T] }, (s) => s[T]! <= TCPS_LISTEN, close);
    b.call(n("tcp_disconnect"));
    b.goto(out, "break");
    b.here("close");
    b.call(n("tcp_close"));
  });
  usrreq("ACCEPT", () => {
    // in_setpeeraddr: nothing the model tracks.
  });
  usrreq("DISCONNECT", (b) => {
    b.call(n("tcp_disconnect"));
  });
  usrreq("SHUTDOWN", (b) => {
    b.call(n("socantsendmore"));
    b.call(n("tcp_usrclosed"));
    b.jumpIf("tp == 0?", {}, (s, c) => s[c.r2] === 0, b.at("out"));
    b.call(n("tcp_output"));
  });
  usrreq("ABORT", (b) => {
    b.step("errno = ECONNABORTED", {}, (s, c) => {
      s[c.r1] = ECONNABORTED;
    });
    b.call(n("tcp_drop"));
  });

  k.routine(n("tcp_disconnect"), `${USRREQ} tcp_disconnect`, (b) => {
    const est = b.at("established");
    const out = b.at("out");
    b.jumpIf("t_state >= ESTABLISHED?", { reads: [K.inpPpcb, T] }, (s) => s[T]! >= TCPS_ESTABLISHED, est);
    b.call(n("tcp_close"));
    b.goto(out, "return");
    b.here("established");
    // SO_LINGER with so_linger == 0 would tcp_drop here; the scenarios linger with a time or not at all.
    b.call(n("soisdisconnecting"));
    b.call(n("sbflush(so_rcv)"));
    b.call(n("tcp_usrclosed"));
    b.step("tp == 0?", {}, (s, c) => {
      const gone = s[c.r2] === 0;
      s[c.r2] = 0;
      if (gone) return out.pc;
    });
    b.call(n("tcp_output"));
    b.here("out");
  });

  k.routine(n("tcp_usrclosed"), `${USRREQ} tcp_usrclosed`, (b) => {
    const close = b.at("close");
    const check = b.at("check");
    b.step("switch (t_state)", { reads: [T], writes: [T] }, (s, c) => {
      s[c.r2] = 1;
      const t = s[T]!;
      if (t === TCPS_CLOSED || t === TCPS_LISTEN || t === TCPS_SYN_SENT) {
        setTcpState(s, c, T, TCPS_CLOSED);
        return close.pc;
      }
      if (t === TCPS_SYN_RECEIVED || t === TCPS_ESTABLISHED) setTcpState(s, c, T, TCPS_FIN_WAIT_1);
      else if (t === TCPS_CLOSE_WAIT) setTcpState(s, c, T, TCPS_LAST_ACK);
      return check.pc;
    });
    b.here("close");
    b.call(n("tcp_close"));
    b.ret();
    b.here("check");
    b.jumpIf("t_state < FIN_WAIT_2?", { reads: [T] }, (s) => s[T]! < TCPS_FIN_WAIT_2, b.at("out"));
    b.call(n("soisdisconnected"));
    b.here("out");
  });

  // tcp_output: what matters to closing is the FIN: sent once the send side is shut, which
  // starts the retransmit timer. (4.4 tcp_output.c; ACKs carry nothing the model needs.)
  k.routine(n("tcp_output"), "4.4BSD-Lite2 netinet/tcp_output.c tcp_output (the FIN)", (b) => {
    b.step("send FIN?", { reads: [T, K.ourFinSent, timer(TCPT_REXMT)], writes: [K.ourFinSent, timer(TCPT_REXMT)] }, (s) => {
      const t = s[T]!;
      if ((t === TCPS_FIN_WAIT_1 || t === TCPS_CLOSING || t === TCPS_LAST_ACK) && s[K.ourFinSent] === 0) {
        s[K.ourFinSent] = 1;
        if (s[timer(TCPT_REXMT)] === 0) s[timer(TCPT_REXMT)] = 1;
      }
    });
  });

  k.routine(n("tcp_drop"), `${SUBR} tcp_drop (errno in r1)`, (b) => {
    b.step("t_state = CLOSED; so_error = errno", { reads: [T], writes: [T, K.soError] }, (s, c) => {
      setTcpState(s, c, T, TCPS_CLOSED);
      s[K.soError] = s[c.r1]!;
      s[c.r1] = 0;
    });
    b.call(n("tcp_close"));
  });

  k.routine(n("tcp_close"), `${SUBR} tcp_close`, (b) => {
    // Callout-based timers (NetBSD, FreeBSD) are stopped here; 4.4's counters die with tp.
    if (k.hasRoutine(n("tcp_close_timers"))) b.call(n("tcp_close_timers"));
    // A deferred free (NetBSD's TF_DEAD workaround) replaces the pool_put with its own routine.
    if (k.hasRoutine(n("tcp_free_tcpcb"))) {
      b.call(n("tcp_free_tcpcb"));
      b.step("return NULL", {}, (s, c) => {
        s[c.r2] = 0;
      });
    } else
      free(b, "free(tp)", K.tp, (s, c) => {
        s[c.r2] = 0;
      });
    b.step("inp->inp_ppcb = 0", { writes: [K.inpPpcb] }, (s) => {
      s[K.inpPpcb] = 0;
    });
    b.call(n("soisdisconnected"));
    b.call(n("in_pcbdetach"));
    // NetBSD 5 halts the timers only once the pcb is detached: callout_halt may drop softnet_lock.
    if (k.hasRoutine(n("tcp_close_detached"))) b.call(n("tcp_close_detached"));
  });

  k.routine(n("in_pcbdetach"), "4.4BSD-Lite2 netinet/in_pcb.c in_pcbdetach", (b) => {
    b.step("so->so_pcb = 0", { writes: [K.soPcb] }, (s) => {
      s[K.soPcb] = 0;
    });
    b.call(n("sofree"));
    b.step("remque(inp)", { writes: [K.tcbListed] }, (s) => {
      s[K.tcbListed] = 0;
    });
    free(b, "FREE(inp)", K.inp);
  });

  // tcp_input's close paths for the segment in r0 (reference §1).
  k.routine(n("tcp_input"), `${INPUT} tcp_input (close paths: RST, data, ACK of our FIN, FIN)`, (b) => {
    const drop = b.at("drop");
    const rstDrop = b.at("rst-drop");
    const rstClose = b.at("rst-close");
    const ackDone = b.at("ack-done");
    const finL = b.at("fin");
    b.jumpIf("in_pcblookup: no pcb → drop", { reads: [K.tcbListed] }, (s) => s[K.tcbListed] === 0, drop);
    b.jumpIf("tp = intotcpcb(inp); tp == 0 → drop", { reads: [K.inpPpcb] }, (s) => s[K.inpPpcb] === 0, drop);
    const l = K.listen;
    if (l && l.head === K) {
      // LISTEN: a SYN makes a child (sonewconn) in SYN_RECEIVED and answers SYN|ACK; else drop.
      const syn = b.at("LISTEN: SYN");
      b.step("LISTEN?", { reads: [T] }, (s, c) => {
        if (s[T] !== TCPS_LISTEN) return;
        return (s[c.r0]! & SEG_SYN) !== 0 ? syn.pc : drop.pc;
      });
      b.goto(b.at("synchronized"), "synchronized state");
      b.here("LISTEN: SYN");
      b.call("sonewconn", "so = sonewconn(so, 0)");
      b.step("so == 0: drop; tp->t_state = SYN_RECEIVED; SYN|ACK", { writes: [l.child.tState, l.synAckSent] }, (s, c) => {
        if (s[c.r2] === 0) return drop.pc;
        s[l.child.tState] = TCPS_SYN_RECEIVED;
        s[l.synAckSent] = 1;
        s[c.r2] = 0;
        return drop.pc;
      });
      b.here("synchronized");
    }
    if (l && l.child === K) {
      const est = b.at("SYN_RECEIVED: established");
      b.step("SYN_RECEIVED: ACK of our SYN?", { reads: [T] }, (s, c) => {
        if (s[T] === TCPS_SYN_RECEIVED && (s[c.r0]! & SEG_ACKSYN) !== 0) return est.pc;
      });
      b.goto(b.at("synchronized"), "synchronized state");
      b.here("SYN_RECEIVED: established");
      b.step("tp->t_state = ESTABLISHED", { writes: [T] }, (s) => {
        s[T] = TCPS_ESTABLISHED;
      });
      b.call(n("soisconnected"));
      b.goto(drop, "goto drop");
      b.here("synchronized");
    }
    b.step("RST?", { reads: [T] }, (s, c) => {
      if ((s[c.r0]! & SEG_RST) === 0) return;
      const t = s[T]!;
      if (t === TCPS_SYN_RECEIVED || t === TCPS_ESTABLISHED || t === TCPS_FIN_WAIT_1 || t === TCPS_FIN_WAIT_2 || t === TCPS_CLOSE_WAIT) return rstDrop.pc;
      if (t === TCPS_CLOSING || t === TCPS_LAST_ACK || t === TCPS_TIME_WAIT) return rstClose.pc;
      if (t === TCPS_SYN_SENT) return rstDrop.pc;
      return drop.pc;
    });
    b.step("data: sbappend(so_rcv)", { reads: [T, K.rcv.cc], writes: [K.rcv.cc] }, (s, c) => {
      const t = s[T]!;
      if ((s[c.r0]! & SEG_DATA) === 0 || !(t === TCPS_ESTABLISHED || t === TCPS_FIN_WAIT_1 || t === TCPS_FIN_WAIT_2)) return ackL.pc;
      s[K.rcv.cc] = Math.min(2, s[K.rcv.cc]! + 1);
    });
    b.call(n("sorwakeup"));
    const ackL = b.here("ack");
    b.step(
      "ACK of our FIN?",
      { reads: [T, K.ourFinSent, S], writes: [T, timer(TCPT_REXMT), timer(TCPT_KEEP), timer(TCPT_2MSL)] },
      (s, c) => {
        if ((s[c.r0]! & SEG_ACK) === 0) return finL.pc;
        const t = s[T]!;
        s[timer(TCPT_REXMT)] = 0;
        if (t === TCPS_FIN_WAIT_1) {
          setTcpState(s, c, T, TCPS_FIN_WAIT_2);
          if ((s[S]! & SS_CANTRCVMORE) === 0) return finL.pc;
          s[timer(TCPT_2MSL)] = 1;
          return ackDisc.pc;
        }
        if (t === TCPS_CLOSING) {
          setTcpState(s, c, T, TCPS_TIME_WAIT);
          s[timer(TCPT_KEEP)] = 0;
          s[timer(TCPT_2MSL)] = 1;
          return ackDisc.pc;
        }
        if (t === TCPS_LAST_ACK) return ackClose.pc;
        if (t === TCPS_TIME_WAIT) s[timer(TCPT_2MSL)] = 1;
        return finL.pc;
      },
    );
    const ackDisc = b.here("ack:soisdisconnected");
    b.call(n("soisdisconnected"));
    b.goto(ackDone, "goto step6");
    const ackClose = b.here("LAST_ACK: tcp_close");
    b.call(n("tcp_close"));
    b.goto(drop, "goto drop");
    b.here("ack-done");
    b.here("fin");
    b.step("FIN?", { reads: [T] }, (s, c) => {
      if ((s[c.r0]! & SEG_FIN) === 0) return drop.pc;
      if (haveRcvdFin(s[T]!)) return finSwitch.pc;
    });
    b.call(n("socantrcvmore"));
    const finSwitch = b.here("fin:switch");
    b.step("FIN: switch (t_state)", { reads: [T], writes: [T, timer(TCPT_REXMT), timer(TCPT_KEEP), timer(TCPT_2MSL)] }, (s, c) => {
      const t = s[T]!;
      if (t === TCPS_SYN_RECEIVED || t === TCPS_ESTABLISHED) setTcpState(s, c, T, TCPS_CLOSE_WAIT);
      else if (t === TCPS_FIN_WAIT_1) setTcpState(s, c, T, TCPS_CLOSING);
      else if (t === TCPS_FIN_WAIT_2) {
        setTcpState(s, c, T, TCPS_TIME_WAIT);
        s[timer(TCPT_REXMT)] = 0;
        s[timer(TCPT_KEEP)] = 0;
        s[timer(TCPT_2MSL)] = 1;
        return finDisc.pc;
      } else if (t === TCPS_TIME_WAIT) s[timer(TCPT_2MSL)] = 1;
      return drop.pc;
    });
    const finDisc = b.here("FIN_WAIT_2: soisdisconnected");
    b.call(n("soisdisconnected"));
    b.goto(drop, "goto drop");
    b.here("rst-drop");
    b.step("so_error = ECONNRESET", {}, (s, c) => {
      s[c.r1] = ECONNRESET;
    });
    b.call(n("tcp_drop"));
    b.goto(drop, "goto drop");
    b.here("rst-close");
    b.call(n("tcp_close"));
    b.here("drop");
    b.step("m_freem", {}, (s, c) => {
      s[c.r0] = 0;
      s[c.r2] = 0;
    });
  });

  // Timers as 4.4 counters in the tcpcb, driven by the slow timeout (tcp_timer.c).
  k.routine(n("tcp_slowtimo"), "4.4BSD-Lite2 netinet/tcp_timer.c tcp_slowtimo", (b) => {
    const out = b.at("out");
    b.spl("tcp_slowtimo", SPL_NET);
    b.jumpIf("ip = tcb.inp_next; ip == &tcb?", { reads: [K.tcbListed] }, (s) => s[K.tcbListed] === 0, out);
    b.jumpIf("tp = intotcpcb(ip); tp == 0?", { reads: [K.inpPpcb] }, (s) => s[K.inpPpcb] === 0, out);
    const names = ["REXMT", "KEEP", "2MSL"];
    for (let i = 0; i < 3; i++) {
      const next = b.at(`timer${i + 1}`);
      b.step(`t_timer[${names[i]}] && --t_timer == 0?`, { reads: [timer(i)], writes: [timer(i)] }, (s) => {
        if (!tcpTimerTick(s, timer(i))) return next.pc;
      });
      b.call(n(`tcp_timer_${names[i]!.toLowerCase()}`));
      b.jumpIf("ipnxt->inp_prev != ip: tpgone", { reads: [K.tcbListed] }, (s) => s[K.tcbListed] === 0, out);
      b.here(`timer${i + 1}`);
    }
    b.here("out");
    b.splx("tcp_slowtimo");
  });

  k.routine(n("tcp_timer_rexmt"), "4.4BSD-Lite2 netinet/tcp_timer.c tcp_timers TCPT_REXMT", (b) => {
    const out = b.at("out");
    b.step("++t_rxtshift > TCP_MAXRXTSHIFT?", { reads: [K.tRxtshift], writes: [K.tRxtshift, timer(TCPT_REXMT)] }, (s, c) => {
      if (s[K.tRxtshift]! >= 1) {
        s[c.r1] = ETIMEDOUT;
        return;
      }
      s[K.tRxtshift] = s[K.tRxtshift]! + 1;
      s[timer(TCPT_REXMT)] = 1;
      return out.pc;
    });
    b.call(n("tcp_drop"));
    b.here("out");
  });

  k.routine(n("tcp_timer_keep"), "4.4BSD-Lite2 netinet/tcp_timer.c tcp_timers TCPT_KEEP (probes unanswered)", (b) => {
    const out = b.at("out");
    b.step("t_state <= CLOSE_WAIT: dropit", { reads: [T], writes: [timer(TCPT_KEEP)] }, (s, c) => {
      if (s[T]! <= TCPS_CLOSE_WAIT) {
        s[c.r1] = ETIMEDOUT;
        return;
      }
      return out.pc;
    });
    b.call(n("tcp_drop"));
    b.here("out");
  });

  k.routine(n("tcp_timer_2msl"), "4.4BSD-Lite2 netinet/tcp_timer.c tcp_timers TCPT_2MSL (idle past maxidle)", (b) => {
    b.call(n("tcp_close"));
  });
}
