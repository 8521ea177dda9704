import test from "ava";
import {
  calloutAck,
  calloutActive,
  calloutAsyncDrain,
  calloutDrainBegin,
  calloutDue,
  calloutExecuting,
  calloutExpired,
  calloutInvoking,
  calloutPending,
  calloutReset,
  calloutStop,
  handlerLevel,
  softclockDequeue,
  softclockReturned,
} from "../../../model/callout/callout.js";
import { formatCalloutFlags } from "../../../model/callout/flags.js";
import { CALLOUT_VARIANTS, INVOKING_ACK, NETBSD16, REGISTERED_IPL } from "../../../model/callout/variant.js";

// slots: 0 a neighbour that must never change, 1 the callout's flags, 2 softclock's curr, 3 its drain
const C = 1,
  CURR = 2,
  DRAIN = 3,
  ID = 0;
const fresh = () => new Int32Array(4);

test("reset arms; stop of a pending callout reports it stopped it and it never fires", (t) => {
  for (const v of CALLOUT_VARIANTS) {
    const s = fresh();
    calloutReset(s, C);
    t.true(calloutPending(s, C) && calloutActive(s, C), v.name);
    t.is(calloutStop(s, C), 1, v.name);
    t.false(calloutDue(s, C), `${v.name}: a stopped callout is not due`);
    t.false(calloutActive(s, C));
    t.is(s[0], 0);
    t.is(s[CURR], 0, "stop touches nothing of softclock's");
  }
});

test("a stop that races a handler already dequeued reports nothing stopped, and the handler still runs", (t) => {
  for (const v of CALLOUT_VARIANTS) {
    const s = fresh();
    calloutReset(s, C);
    softclockDequeue(s, C, v, CURR, ID);
    t.false(calloutPending(s, C), `${v.name}: dequeue clears PENDING`);
    t.true(calloutExpired(s, C));
    t.is(calloutStop(s, C), 0, `${v.name}: nothing pending to stop`);
    // the stop cannot recall the handler: softclock is between its unlock and func(arg)
    t.true(calloutExecuting(s, CURR, ID), v.name);
    // INVOKING survives the stop only where the variant sets it: that is what tcp_close can see
    t.is(calloutInvoking(s, C), v.invoking, v.name);
    t.false(softclockReturned(s, CURR, DRAIN));
    t.false(calloutExecuting(s, CURR, ID));
  }
});

test("NetBSD 1.6 leaves no trace of a dequeued callout for callout_stop's caller to see", (t) => {
  const s = fresh();
  calloutReset(s, C);
  softclockDequeue(s, C, NETBSD16, CURR, ID);
  calloutStop(s, C);
  t.false(calloutPending(s, C));
  t.false(calloutActive(s, C));
  t.false(calloutInvoking(s, C));
});

test("INVOKING is cleared by callout_ack only, not by stop or reset", (t) => {
  const s = fresh();
  calloutReset(s, C);
  softclockDequeue(s, C, INVOKING_ACK, CURR, ID);
  calloutStop(s, C);
  t.true(calloutInvoking(s, C));
  calloutReset(s, C);
  t.true(calloutInvoking(s, C));
  t.true(calloutPending(s, C));
  t.false(calloutExpired(s, C), "reset clears FIRED");
  calloutAck(s, C);
  t.false(calloutInvoking(s, C));
  t.true(calloutPending(s, C), "ack leaves the re-armed callout pending");
});

test("re-arming from inside the handler makes the callout pending again while it executes", (t) => {
  const s = fresh();
  calloutReset(s, C);
  softclockDequeue(s, C, NETBSD16, CURR, ID);
  calloutReset(s, C);
  t.true(calloutPending(s, C) && calloutExecuting(s, CURR, ID));
  softclockReturned(s, CURR, DRAIN);
  t.true(calloutDue(s, C));
});

test("the handler's starting level: softclock's in NetBSD 1.6, the registered one under fix (1)", (t) => {
  const SOFTCLOCK = 1,
    SOFTNET = 2;
  t.is(handlerLevel(NETBSD16, SOFTNET, SOFTCLOCK), SOFTCLOCK);
  t.is(handlerLevel(REGISTERED_IPL, SOFTNET, SOFTCLOCK), SOFTNET);
  // a callout registered below softclock still starts at softclock: spllower never raises
  t.is(handlerLevel(REGISTERED_IPL, 0, SOFTCLOCK), SOFTCLOCK);
});

test("drain: an idle callout is drained at once; a running one makes the drainer wait", (t) => {
  const s = fresh();
  calloutReset(s, C);
  t.is(calloutDrainBegin(s, C, CURR, ID), 0);
  t.false(calloutPending(s, C));
  calloutReset(s, C);
  softclockDequeue(s, C, NETBSD16, CURR, ID);
  t.is(calloutDrainBegin(s, C, CURR, ID), 1);
  softclockReturned(s, CURR, DRAIN);
  t.false(calloutExecuting(s, CURR, ID), "the wait ends when the handler returns");
});

test("async drain: completion is owed by softclock when the handler returns, exactly once", (t) => {
  const s = fresh();
  calloutReset(s, C);
  t.is(calloutAsyncDrain(s, C, CURR, DRAIN, ID), 1, "idle: drained now");
  calloutReset(s, C);
  softclockDequeue(s, C, NETBSD16, CURR, ID);
  t.is(calloutAsyncDrain(s, C, CURR, DRAIN, ID), 0, "running: deferred");
  t.true(softclockReturned(s, CURR, DRAIN), "softclock calls the drain function");
  calloutReset(s, C);
  softclockDequeue(s, C, NETBSD16, CURR, ID);
  t.false(softclockReturned(s, CURR, DRAIN), "and not again for a later run");
});

test("flags print by name", (t) => {
  const s = fresh();
  calloutReset(s, C);
  softclockDequeue(s, C, INVOKING_ACK, CURR, ID);
  t.is(formatCalloutFlags(s[C]!), "ACTIVE|FIRED|INVOKING");
  t.is(formatCalloutFlags(0), "0");
});
