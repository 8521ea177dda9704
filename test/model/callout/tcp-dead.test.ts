import test from "ava";
import { calloutAck, calloutReset, calloutStop, softclockDequeue } from "../../../model/callout/callout.js";
import {
  TCP_ALIVE,
  TCP_DEAD,
  TCP_DEAD_FREE_NOW,
  TF_DEAD,
  tcpCloseDefersFree,
  tcpIsDead,
  tcpTimersInvoking,
} from "../../../model/callout/tcp-dead.js";
import { INVOKING_ACK, NETBSD16 } from "../../../model/callout/variant.js";

const TFLAGS = 0,
  REXMT = 1,
  KEEP = 2;
const TIMERS = [REXMT, KEEP];
const CURR = 3; // softclock's record of the running handler

test("tcp_close with no handler invoking frees at once and leaves TF_DEAD clear", (t) => {
  const s = new Int32Array(4);
  calloutReset(s, REXMT);
  calloutStop(s, REXMT);
  t.false(tcpCloseDefersFree(s, TFLAGS, TIMERS));
  t.is(s[TFLAGS]! & TF_DEAD, 0);
});

test("the PR#20390 race with INVOKING: tcp_close defers, the handler's tcp_isdead frees", (t) => {
  const s = new Int32Array(4);
  calloutReset(s, REXMT);
  softclockDequeue(s, REXMT, INVOKING_ACK, CURR, 0); // softclock dequeued REXMT and lowered the IPL
  t.is(calloutStop(s, REXMT), 0); // softnet: RST → tcp_close's stop sees nothing pending
  t.true(tcpCloseDefersFree(s, TFLAGS, TIMERS), "pool_put is skipped");
  t.is(tcpIsDead(s, TFLAGS, TIMERS), TCP_DEAD, "before the ack the handler is still counted");
  calloutAck(s, REXMT); // the handler: splsoftnet, callout_ack
  t.is(tcpIsDead(s, TFLAGS, TIMERS), TCP_DEAD_FREE_NOW);
});

test("with two handlers invoking only the last to acknowledge frees", (t) => {
  const s = new Int32Array(4);
  for (const c of TIMERS) {
    calloutReset(s, c);
    softclockDequeue(s, c, INVOKING_ACK, CURR, c);
  }
  t.is(tcpTimersInvoking(s, TIMERS), 2);
  t.true(tcpCloseDefersFree(s, TFLAGS, TIMERS));
  calloutAck(s, REXMT);
  t.is(tcpIsDead(s, TFLAGS, TIMERS), TCP_DEAD);
  calloutAck(s, KEEP);
  t.is(tcpIsDead(s, TFLAGS, TIMERS), TCP_DEAD_FREE_NOW);
});

test("without INVOKING (NetBSD 1.6) tcp_close cannot see the dequeued handler and frees under it", (t) => {
  const s = new Int32Array(4);
  calloutReset(s, REXMT);
  softclockDequeue(s, REXMT, NETBSD16, CURR, 0);
  calloutStop(s, REXMT);
  t.false(tcpCloseDefersFree(s, TFLAGS, TIMERS));
});

test("a live tcpcb is reported alive", (t) => {
  const s = new Int32Array(4);
  t.is(tcpIsDead(s, TFLAGS, TIMERS), TCP_ALIVE);
});
