import test from "ava";
import { ALLOCATED, FREED } from "../../../model/runtime/objects.js";
import {
  ECONNRESET,
  ETIMEDOUT,
  SEG_ACK,
  SEG_DATA,
  SEG_FIN,
  SEG_RST,
  SS_CANTRCVMORE,
  TCP_STATE_NAMES,
  TCPT_2MSL,
  TCPT_REXMT,
  type TcpStateName,
} from "../../../model/kernel/constants.js";
import { RFC793_CLOSE_TRANSITIONS, transitionAllowed } from "../../../model/kernel/tcp-fsm.js";
import { deliver, rig, runToRest } from "./harness.js";

type Outcome = TcpStateName | "closed" | "dropped";

/**
 * Every close-path transition, from RFC 793 §3.5 / fig. 6 and reference §1 (4.4 tcp_input,
 * tcp_usrclosed, tcp_timers): [state, event, outcome]. "closed" means tcp_close freed the tcpcb;
 * "dropped" means tcp_drop did (so_error set).
 */
const TABLE: readonly [TcpStateName, string, Outcome][] = [
  ["ESTABLISHED", "FIN", "CLOSE_WAIT"],
  ["SYN_RECEIVED", "FIN", "CLOSE_WAIT"],
  ["FIN_WAIT_1", "FIN", "CLOSING"],
  ["FIN_WAIT_2", "FIN", "TIME_WAIT"],
  ["TIME_WAIT", "FIN", "TIME_WAIT"],
  ["CLOSE_WAIT", "FIN", "CLOSE_WAIT"],
  ["FIN_WAIT_1", "ACK", "FIN_WAIT_2"],
  ["FIN_WAIT_1", "FIN+ACK", "TIME_WAIT"],
  ["CLOSING", "ACK", "TIME_WAIT"],
  ["LAST_ACK", "ACK", "closed"],
  ["TIME_WAIT", "ACK", "TIME_WAIT"],
  ["ESTABLISHED", "DATA", "ESTABLISHED"],
  ["SYN_RECEIVED", "RST", "dropped"],
  ["ESTABLISHED", "RST", "dropped"],
  ["FIN_WAIT_1", "RST", "dropped"],
  ["FIN_WAIT_2", "RST", "dropped"],
  ["CLOSE_WAIT", "RST", "dropped"],
  ["CLOSING", "RST", "closed"],
  ["LAST_ACK", "RST", "closed"],
  ["TIME_WAIT", "RST", "closed"],
  ["ESTABLISHED", "close", "FIN_WAIT_1"],
  ["ESTABLISHED", "shutdown", "FIN_WAIT_1"],
  ["CLOSE_WAIT", "shutdown", "LAST_ACK"],
  ["CLOSE_WAIT", "close", "LAST_ACK"],
  ["LISTEN", "close", "closed"],
  ["SYN_SENT", "close", "closed"],
  ["TIME_WAIT", "2MSL", "closed"],
  ["FIN_WAIT_2", "2MSL", "closed"],
  ["LAST_ACK", "REXMT twice", "dropped"],
  ["ESTABLISHED", "KEEP", "dropped"],
];

const SEGS: Record<string, number> = { FIN: SEG_FIN, ACK: SEG_ACK, "FIN+ACK": SEG_FIN | SEG_ACK, RST: SEG_RST, DATA: SEG_DATA };

for (const [from, ev, want] of TABLE)
  test(`tcp: ${from} + ${ev} -> ${want}`, (t) => {
    let r;
    if (ev in SEGS) {
      r = rig([{ name: "I", role: "input" }], { tcpState: from });
      deliver(r, SEGS[ev]!);
      runToRest(r, "I");
    } else if (ev === "close") {
      // The application's close: soclose → sodisconnect/PRU_DETACH → tcp_disconnect → tcp_usrclosed.
      r = rig([{ name: "U", role: "app", program: "close" }], { tcpState: from });
      runToRest(r, "U");
    } else if (ev === "shutdown") {
      // shutdown(SHUT_WR) → PRU_SHUTDOWN → socantsendmore, tcp_usrclosed, tcp_output; the
      // socket stays open, so U stops before its close.
      r = rig([{ name: "U", role: "app", program: "shutdown-close" }], { tcpState: from });
      const u = r.m.ctxs.find((c) => c.name === "U")!;
      while (r.m.instrs[r.s[u.pc]!]!.label !== "soclose") r.m.step(r.s, u.id);
    } else {
      const timer = ev === "2MSL" ? "2MSL" : ev === "KEEP" ? "KEEP" : "REXMT";
      r = rig([{ name: "T", role: "timer" }], { tcpState: from, timers: [timer] });
      const ticks = ev === "REXMT twice" ? 2 : 1;
      for (let i = 0; i < ticks; i++) {
        r.s[r.K.tickPending] = 1;
        runToRest(r, "T");
      }
    }
    const { s, K } = r;
    if (want === "closed" || want === "dropped") {
      t.is(s[K.tp.alive], FREED, "tcp_close freed the tcpcb");
      t.is(s[K.inp.alive], FREED, "in_pcbdetach freed the inpcb");
      t.is(s[K.soPcb], 0);
      t.is(s[K.soError] !== 0, want === "dropped", want === "dropped" ? "tcp_drop sets so_error" : "tcp_close alone sets no error");
      if (ev === "RST" && want === "dropped") t.is(s[K.soError], ECONNRESET);
      if (ev === "REXMT twice") t.is(s[K.soError], ETIMEDOUT);
    } else {
      t.is(s[K.tp.alive], ALLOCATED);
      t.is(TCP_STATE_NAMES[s[K.tState]!], want);
    }
    if (want === "TIME_WAIT") t.is(s[K.tTimer + TCPT_2MSL], 1, "TIME_WAIT runs the 2MSL timer");
    if (want === "TIME_WAIT" || want === "CLOSE_WAIT") t.truthy(s[K.soState.slot]! & SS_CANTRCVMORE, "a received FIN marks CANTRCVMORE");
    if (want === "FIN_WAIT_1" || want === "LAST_ACK") {
      t.is(s[K.ourFinSent], 1, "closing sends our FIN");
      t.is(s[K.tTimer + TCPT_REXMT], 1, "and starts the retransmit timer");
    }
    if (ev === "DATA") t.is(s[K.rcv.cc], 1);
  });

test("every transition in the table is one RFC 793 allows, and the checker rejects others", (t) => {
  for (const [a, b] of RFC793_CLOSE_TRANSITIONS) t.true(transitionAllowed(TCP_STATE_NAMES.indexOf(a), TCP_STATE_NAMES.indexOf(b)));
  const idx = (n: TcpStateName) => TCP_STATE_NAMES.indexOf(n);
  t.false(transitionAllowed(idx("CLOSE_WAIT"), idx("FIN_WAIT_1")));
  t.false(transitionAllowed(idx("TIME_WAIT"), idx("ESTABLISHED")));
  t.false(transitionAllowed(idx("LAST_ACK"), idx("TIME_WAIT")));
});
