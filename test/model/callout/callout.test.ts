import test from "ava";
import {
  calloutAck,
  calloutActive,
  calloutAsyncDrain,
  calloutDrainBegin,
  calloutExecuting,
  calloutExpired,
  calloutInvoking,
  calloutPending,
  calloutQueued,
  calloutReset,
  calloutStop,
  calloutStopLocked,
  handlerLevel,
  softclockLockedCancelled,
  softclockDequeue,
  softclockReturned,
  wheelBusy,
  type CalloutRef,
  type WheelSlots,
} from "../../../model/callout/callout.js";
import { formatCalloutFlags } from "../../../model/callout/flags.js";
import { BOUND_LOCK, CALLOUT_VARIANTS, INVOKING_ACK, NETBSD16, REGISTERED_IPL } from "../../../model/callout/variant.js";

// slots: 0 a neighbour that must never change, 1-2 two callouts' flags, 3-6 the wheel
const A: CalloutRef = { id: 0, flags: 1 };
const B: CalloutRef = { id: 1, flags: 2 };
const W: WheelSlots = { queued: 3, curr: 4, drain: 5, cancel: 6 };
const fresh = () => new Int32Array(7);

test("reset arms; stop of a pending callout reports it stopped it and softclock never finds it", (t) => {
  for (const v of CALLOUT_VARIANTS) {
    const s = fresh();
    calloutReset(s, W, A);
    calloutReset(s, W, B);
    t.true(calloutPending(s, A) && calloutActive(s, A) && calloutQueued(s, W, A), v.name);
    t.is(calloutStop(s, W, A), 1, v.name);
    t.false(calloutQueued(s, W, A), `${v.name}: a stopped callout is off the wheel`);
    t.true(calloutQueued(s, W, B), `${v.name}: the other callout stays queued`);
    t.false(calloutActive(s, A));
    t.is(calloutStop(s, W, A), 0, "a second stop has nothing to stop");
    t.is(s[0], 0);
    t.is(s[W.curr], 0, "stop touches nothing of softclock's");
  }
});

test("a stop that races a handler already dequeued reports nothing stopped, and the handler still runs", (t) => {
  for (const v of CALLOUT_VARIANTS) {
    const s = fresh();
    calloutReset(s, W, A);
    softclockDequeue(s, W, A, v);
    t.false(calloutPending(s, A), `${v.name}: dequeue clears PENDING`);
    t.false(wheelBusy(s, W));
    t.true(calloutExpired(s, A));
    t.is(calloutStop(s, W, A), 0, `${v.name}: nothing pending to stop`);
    // the stop cannot recall the handler: softclock is between its unlock and func(arg)
    t.true(calloutExecuting(s, W, A), v.name);
    // INVOKING survives the stop only where the variant sets it: that is all tcp_close can see
    t.is(calloutInvoking(s, A), v.invoking, v.name);
    t.false(softclockReturned(s, W));
    t.false(calloutExecuting(s, W, A));
  }
});

test("NetBSD 1.6 leaves no trace of a dequeued callout in its flags for callout_stop's caller", (t) => {
  const s = fresh();
  calloutReset(s, W, A);
  softclockDequeue(s, W, A, NETBSD16);
  calloutStop(s, W, A);
  t.false(calloutPending(s, A));
  t.false(calloutActive(s, A));
  t.false(calloutInvoking(s, A));
});

test("INVOKING is cleared by callout_ack only, not by stop or reset", (t) => {
  const s = fresh();
  calloutReset(s, W, A);
  softclockDequeue(s, W, A, INVOKING_ACK);
  calloutStop(s, W, A);
  t.true(calloutInvoking(s, A));
  calloutReset(s, W, A);
  t.true(calloutInvoking(s, A));
  t.true(calloutPending(s, A));
  t.false(calloutExpired(s, A), "reset clears FIRED");
  calloutAck(s, A);
  t.false(calloutInvoking(s, A));
  t.true(calloutPending(s, A), "ack leaves the re-armed callout pending");
});

test("re-arming from inside the handler queues the callout again while it executes", (t) => {
  const s = fresh();
  calloutReset(s, W, A);
  softclockDequeue(s, W, A, NETBSD16);
  calloutReset(s, W, A);
  t.true(calloutQueued(s, W, A) && calloutExecuting(s, W, A));
  softclockReturned(s, W);
  t.true(wheelBusy(s, W));
  t.false(calloutExecuting(s, W, A));
});

test("the handler's starting level: softclock's in NetBSD 1.6, the registered one under fix (1)", (t) => {
  const SOFTCLOCK = 1,
    SOFTNET = 2;
  t.is(handlerLevel(NETBSD16, SOFTNET, SOFTCLOCK), SOFTCLOCK);
  t.is(handlerLevel(REGISTERED_IPL, SOFTNET, SOFTCLOCK), SOFTNET);
  t.is(handlerLevel(REGISTERED_IPL, 0, SOFTCLOCK), SOFTCLOCK, "spllower never raises");
});

test("drain: an idle callout is drained at once; a running one makes the drainer wait", (t) => {
  const s = fresh();
  calloutReset(s, W, A);
  t.is(calloutDrainBegin(s, W, A), 0);
  t.false(calloutQueued(s, W, A));
  calloutReset(s, W, A);
  softclockDequeue(s, W, A, NETBSD16);
  t.is(calloutDrainBegin(s, W, B), 0, "another callout's handler is no reason to wait");
  t.is(calloutDrainBegin(s, W, A), 1);
  softclockReturned(s, W);
  t.false(calloutExecuting(s, W, A), "the wait ends when the handler returns");
});

test("async drain: completion is owed by softclock when the handler returns, exactly once", (t) => {
  const s = fresh();
  calloutReset(s, W, A);
  t.is(calloutAsyncDrain(s, W, A), 1, "idle: drained now");
  calloutReset(s, W, A);
  softclockDequeue(s, W, A, NETBSD16);
  t.is(calloutAsyncDrain(s, W, A), 0, "running: deferred");
  t.true(softclockReturned(s, W), "softclock calls the drain function");
  calloutReset(s, W, A);
  softclockDequeue(s, W, A, NETBSD16);
  t.false(softclockReturned(s, W), "and not again for a later run");
});

test("bound to a lock: a stop under the lock cancels a dequeued handler that has not got the lock yet", (t) => {
  const s = fresh();
  calloutReset(s, W, A);
  softclockDequeue(s, W, A, BOUND_LOCK);
  t.is(calloutStopLocked(s, W, A), 1, "cancelled: the handler will not run");
  t.true(softclockLockedCancelled(s, W), "softclock, once it has the lock, skips the handler");
  softclockReturned(s, W);
  t.is(s[W.cancel], 0);
});

test("bound to a lock: once softclock holds the lock and committed, a later stop is too late", (t) => {
  const s = fresh();
  calloutReset(s, W, A);
  softclockDequeue(s, W, A, BOUND_LOCK);
  t.false(softclockLockedCancelled(s, W));
  t.is(calloutStopLocked(s, W, A), 0);
  t.is(calloutStopLocked(s, W, B), 0, "stopping an idle callout cancels nothing");
  t.true(calloutExecuting(s, W, A));
});

test("flags print by name", (t) => {
  const s = fresh();
  calloutReset(s, W, A);
  softclockDequeue(s, W, A, INVOKING_ACK);
  t.is(formatCalloutFlags(s[A.flags]!), "ACTIVE|FIRED|INVOKING");
  t.is(formatCalloutFlags(0), "0");
});
