import test from "ava";
import { tcpCancelTimers, tcpTimerArm, tcpTimerCancel, tcpTimerTick } from "../../../model/callout/tcpcb-counters.js";

test("a counter armed for n ticks expires on the n-th slow tick, once", (t) => {
  for (const n of [1, 2, 5]) {
    const s = new Int32Array(2);
    tcpTimerArm(s, 1, n);
    const fired: number[] = [];
    for (let k = 1; k <= n + 3; k++) if (tcpTimerTick(s, 1)) fired.push(k);
    t.deepEqual(fired, [n]);
    t.is(s[0], 0);
  }
});

test("a cancelled counter never expires; tcp_canceltimers clears every counter", (t) => {
  const s = new Int32Array(4);
  tcpTimerArm(s, 0, 1);
  tcpTimerCancel(s, 0);
  t.false(tcpTimerTick(s, 0));
  tcpTimerArm(s, 1, 3);
  tcpTimerArm(s, 2, 1);
  tcpCancelTimers(s, [1, 2]);
  t.deepEqual([...s], [0, 0, 0, 0]);
});

test("arming for zero ticks still needs one tick (TCPT_RANGESET floors the value)", (t) => {
  const s = new Int32Array(1);
  tcpTimerArm(s, 0, 0);
  t.true(tcpTimerTick(s, 0));
});
