import test from "ava";
import { check } from "../../../checker/index.js";
import { semBlock, semUnblock, tsleep, wakeup } from "../../../model/runtime/primitives.js";
import { bare } from "./helpers.js";

/** The poster runs first (post before anyone waits), then the waiter blocks. */
function postThenWait(kind: "semaphore" | "channel") {
  const k = bare("priority", { name: "none", default: "none" });
  const done = k.layout.slot("posted");
  const sem = k.semaphore("sem", { mustFree: false });
  const chan = k.channel("chan");
  k.thread("poster", { priority: 1 }, (b) => {
    if (kind === "semaphore") semUnblock(b, "post", sem);
    else wakeup(b, k, "wakeup", chan);
    b.step("posted", { writes: [done] }, (s) => void (s[done] = 1));
    b.done();
  });
  k.thread("waiter", { priority: 2 }, (b) => {
    if (kind === "semaphore") semBlock(b, "block", sem, (s) => s[done] === 1, "posted");
    else tsleep(b, k, "sleep", chan, (s) => s[done] === 1, "posted");
    b.done();
  });
  return k.build();
}

test("a Kyu semaphore latches an unblock with no waiter: the later block returns", (t) => {
  t.is(check(postThenWait("semaphore")).verdict, "safe");
});

test("a tsleep/wakeup channel does not latch: the later sleep never returns (a lost wakeup)", (t) => {
  const r = check(postThenWait("channel"));
  t.is(r.verdict, "violation");
  t.is(r.violations[0]!.property, "lost-wakeup");
  t.regex(r.violations[0]!.message, /waiter sleeps on chan/);
});

function selfLock(recursive: boolean) {
  const k = bare("any", { name: "lock", locks: { L: { recursive } }, default: { lock: "L" } });
  k.routine("inner", "test", (b) => {
    b.spl("b", 2);
    b.step("work", {}, () => undefined);
    b.splx("b");
  });
  k.routine("outer", "test", (b) => {
    b.spl("a", 2);
    b.call("inner");
    b.splx("a");
  });
  k.thread("T", {}, (b) => {
    b.call("outer");
    b.done();
  });
  return k.build();
}

test("a non-recursive lock taken again by its owner deadlocks, and the report names the holder", (t) => {
  const r = check(selfLock(false));
  t.is(r.verdict, "violation");
  t.is(r.violations[0]!.property, "deadlock");
  t.regex(r.violations[0]!.message, /T at inner:lock@b waits for L, held by T/);
});

test("a recursive lock (owner and count) lets its owner nest", (t) => {
  t.is(check(selfLock(true)).verdict, "safe");
});

test("unlocking a lock one does not own is unlock-not-owner, raised in that step", (t) => {
  const k = bare("any", { name: "lock", locks: { L: {} }, default: { lock: "L" } });
  k.thread("A", {}, (b) => {
    b.spl("a", 2);
    b.step("hold", {}, () => undefined);
    b.done();
  });
  k.thread("B", {}, (b) => {
    b.step("wait", { reads: [] }, () => undefined);
    b.splx("a");
    b.done();
  });
  const r = check(k.build());
  t.is(r.verdict, "violation");
  t.is(r.violations[0]!.property, "unlock-not-owner");
  t.is(r.violations[0]!.kind, "assertion");
});

test("a counting semaphore counts posts; a binary one keeps only one", (t) => {
  const run = (binary: boolean) => {
    const k = bare("any", { name: "none", default: "none" });
    const sem = k.semaphore("sem", { binary, mustFree: false });
    const got = k.layout.slot("got");
    k.thread("poster", {}, (b) => {
      semUnblock(b, "post", sem);
      semUnblock(b, "post again", sem);
      b.done();
    });
    k.thread("waiter", {}, (b) => {
      b.step("wait for both posts", { reads: [sem.count] }, () => undefined, { guard: (s) => s[sem.count]! >= (binary ? 1 : 2) });
      semBlock(b, "block", sem, () => false, "");
      semBlock(b, "block again", sem, () => true, "a second post");
      b.step("got both", { writes: [got] }, (s) => void (s[got] = 1));
      b.done();
    });
    return check(k.build());
  };
  t.is(run(false).verdict, "safe");
  const r = run(true);
  t.is(r.violations[0]?.property, "lost-wakeup", "the second post was absorbed by the latch");
});
