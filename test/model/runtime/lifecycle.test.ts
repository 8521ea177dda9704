import test from "ava";
import { check } from "../../../checker/index.js";
import { allocObject } from "../../../model/runtime/faults.js";
import { free, semBlock } from "../../../model/runtime/primitives.js";
import { bare } from "./helpers.js";

/** Two threads each run `body` on one object; no exclusion. */
function twoThreads(body: "free" | "use-after" | "destroy" | "none" | "sem-after") {
  const k = bare("any", { name: "none", default: "none" });
  const obj = k.objects.declare("o", "socket");
  const f = k.objects.field(obj, "f");
  const sem = k.semaphore("s", { init: 1 });
  const freed = k.layout.slot("freed");
  k.thread("A", {}, (b) => {
    if (body === "destroy") free(b, "sem_destroy", sem.obj);
    else free(b, "free(o)", obj, (s) => void (s[freed] = 1));
    if (body === "none") free(b, "sem_destroy", sem.obj);
    b.done();
  });
  k.thread("B", {}, (b) => {
    if (body === "free") free(b, "free(o)", obj);
    if (body === "use-after") {
      b.step("wait", { reads: [freed] }, () => undefined, { guard: (s) => s[freed] === 1 });
      b.step("o->f = 1", { writes: [f] }, (s) => void (s[f] = 1));
    }
    if (body === "destroy") free(b, "sem_destroy", sem.obj);
    if (body === "sem-after") {
      b.step("wait", { reads: [freed] }, () => undefined, { guard: (s) => s[freed] === 1 });
      free(b, "sem_destroy", sem.obj);
      semBlock(b, "sem_block", sem, () => true, "");
    }
    b.done();
  });
  return k.build();
}

test("freeing an object twice is a double free naming both freers", (t) => {
  const r = check(twoThreads("free"));
  t.is(r.violations[0]?.property, "double-free");
  t.regex(r.violations[0]!.message, /frees socket o again .*first freed by [AB]/);
});

test("touching a freed object's field is a use after free", (t) => {
  const r = check(twoThreads("use-after"));
  t.is(r.violations[0]?.property, "use-after-free");
  t.regex(r.violations[0]!.message, /B uses freed socket o at B:main:o->f = 1 \(first freed by A/);
});

test("destroying a semaphore twice is a double destroy", (t) => {
  t.is(check(twoThreads("destroy")).violations[0]?.property, "double-destroy");
});

test("blocking on a destroyed semaphore is a use after destroy", (t) => {
  t.is(check(twoThreads("sem-after")).violations[0]?.property, "use-after-destroy");
});

test("an object never freed by the end of a complete run is a leak", (t) => {
  const r = check(twoThreads("none"));
  t.is(r.verdict, "safe");
  const leaky = bare("any", { name: "none", default: "none" });
  leaky.objects.declare("o", "socket");
  leaky.thread("A", {}, (b) => b.done());
  const r2 = check(leaky.build());
  t.is(r2.violations[0]?.property, "leak");
  t.regex(r2.violations[0]!.message, /never freed: socket o/);
});

/** A thread frees tp; a timer context then decrements one of its timers. */
function timerAfterFree(runsCallouts: boolean) {
  const k = bare("any", { name: "none", default: "none" });
  const obj = k.objects.declare("tp", "tcpcb");
  const f = k.objects.field(obj, "t_timer");
  k.thread("A", {}, (b) => {
    free(b, "free(tp)", obj);
    b.done();
  });
  k.thread("softclock", { kind: "timer", runsCallouts }, (b) => {
    b.step("tp->t_timer--", { reads: [f], writes: [f] }, (s) => void (s[f] = 0));
    b.done();
  });
  return k.build();
}

test("a context that runs callouts touching a freed object is a callout after free", (t) => {
  t.is(check(timerAfterFree(true)).violations[0]?.property, "callout-after-free");
});

test("a timer that is not a callout (4.4's tcpcb counters) touching a freed object is a use after free", (t) => {
  const r = check(timerAfterFree(false), { stopAtFirst: false });
  t.deepEqual(r.violations.map((v) => v.property), ["use-after-free"]);
});

test("a call that commits several faults is reported under the most severe, naming each property it breaks", (t) => {
  const k = bare("any", { name: "none", default: "none" });
  const obj = k.objects.declare("so", "socket");
  const f = k.objects.field(obj, "so_state");
  k.thread("A", {}, (b) => {
    free(b, "free(so)", obj);
    b.step("so->so_state = 0", { writes: [f] }, (s) => void (s[f] = 0));
    free(b, "free(so) again", obj);
    b.done();
  });
  const r = check(k.build(), { stopAtFirst: false });
  t.deepEqual(r.violations.map((v) => v.property), ["double-free"]);
  t.regex(r.violations[0]!.message, /^double-free: A frees socket so again .*; use-after-free: A uses freed socket so/);
});

/** One thread touches a field of an object declared unallocated; `alloc` brings it to life first. */
function touchUnallocated(alloc: boolean) {
  const k = bare("any", { name: "none", default: "none" });
  const obj = k.objects.declare("child", "socket", { allocated: false, mustFree: false });
  const f = k.objects.field(obj, "so_state");
  k.thread("A", {}, (b) => {
    if (alloc) b.step("sonewconn", { writes: [obj.alive, obj.freedBy, obj.freedAt] }, (s) => void allocObject(s, obj));
    b.step("child->so_state = 1", { writes: [f] }, (s) => void (s[f] = 1));
    b.done();
  });
  return k.build();
}

test("touching an object that was never allocated (a listen child before sonewconn) is a use after free", (t) => {
  const r = check(touchUnallocated(false), { stopAtFirst: false });
  t.deepEqual(r.violations.map((v) => v.property), ["use-after-free"]);
  t.regex(r.violations[0]!.message, /A uses unallocated socket child at A:main:child->so_state = 1 \(never allocated\)/);
  t.is(check(touchUnallocated(true)).verdict, "safe", "once allocated, the same touch is fine");
});

test("a context that frees the same object twice commits a double free", (t) => {
  const k = bare("any", { name: "none", default: "none" });
  const obj = k.objects.declare("o", "socket");
  k.thread("A", {}, (b) => {
    free(b, "free(o)", obj);
    free(b, "free(o) again", obj);
    b.done();
  });
  const r = check(k.build());
  t.is(r.violations[0]?.property, "double-free");
  t.regex(r.violations[0]!.message, /A frees socket o again at A:main:free\(o\) again \(first freed by A/);
});
