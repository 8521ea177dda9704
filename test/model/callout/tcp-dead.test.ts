import test from "ava";
import { calloutAck, calloutReset, calloutStop, softclockDequeue, type CalloutRef, type WheelSlots } from "../../../model/callout/callout.js";
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

const TFLAGS = 0;
const REXMT: CalloutRef = { id: 0, flags: 1 };
const KEEP: CalloutRef = { id: 1, flags: 2 };
const TIMERS = [REXMT, KEEP];
const W: WheelSlots = { queued: 3, curr: 4, drain: 5, cancel: 6 };
const fresh = () => new Int32Array(7);

test("tcp_close with no handler invoking frees at once and leaves TF_DEAD clear", (t) => {
  const s = fresh();
  calloutReset(s, W, REXMT);
  calloutStop(s, W, REXMT);
  t.false(tcpCloseDefersFree(s, TFLAGS, TIMERS));
  t.is(s[TFLAGS]! & TF_DEAD, 0);
});

test("the PR#20390 race with INVOKING: tcp_close defers, the handler's tcp_isdead frees", (t) => {
  const s = fresh();
  calloutReset(s, W, REXMT);
  softclockDequeue(s, W, REXMT, INVOKING_ACK); // softclock dequeued REXMT and lowered the IPL
  t.is(calloutStop(s, W, REXMT), 0); // softnet: RST → tcp_close's stop finds nothing pending
  t.true(tcpCloseDefersFree(s, TFLAGS, TIMERS), "pool_put is skipped");
  t.is(tcpIsDead(s, TFLAGS, TIMERS), TCP_DEAD, "before the ack the handler is still counted");
  calloutAck(s, REXMT); // the handler: splsoftnet, callout_ack
  t.is(tcpIsDead(s, TFLAGS, TIMERS), TCP_DEAD_FREE_NOW);
});

test("with two handlers invoking only the last to acknowledge frees", (t) => {
  const s = fresh();
  for (const c of TIMERS) {
    calloutReset(s, W, c);
    softclockDequeue(s, W, c, INVOKING_ACK);
  }
  t.is(tcpTimersInvoking(s, TIMERS), 2);
  t.true(tcpCloseDefersFree(s, TFLAGS, TIMERS));
  calloutAck(s, REXMT);
  t.is(tcpIsDead(s, TFLAGS, TIMERS), TCP_DEAD);
  calloutAck(s, KEEP);
  t.is(tcpIsDead(s, TFLAGS, TIMERS), TCP_DEAD_FREE_NOW);
});

test("without INVOKING (NetBSD 1.6) tcp_close cannot see the dequeued handler and frees under it", (t) => {
  const s = fresh();
  calloutReset(s, W, REXMT);
  softclockDequeue(s, W, REXMT, NETBSD16);
  calloutStop(s, W, REXMT);
  t.false(tcpCloseDefersFree(s, TFLAGS, TIMERS));
});

test("a live tcpcb is reported alive", (t) => {
  t.is(tcpIsDead(fresh(), TFLAGS, TIMERS), TCP_ALIVE);
});
