import test from "ava";
import { check } from "../../../checker/index.js";
import { peterson } from "../../../examples/peterson.js";
import { philosophers } from "../../../examples/philosophers.js";
import { racyCounter } from "../../../examples/racy-counter.js";
import { blockedForever, independent, twoBugs } from "../../helpers/models.js";

test("exact state and transition counts on independent threads match the hand count", (t) => {
  for (const [n, k] of [
    [1, 3],
    [2, 2],
    [3, 3],
    [4, 2],
  ] as const) {
    const r = check(independent(n, k));
    t.is(r.stats.states, (k + 1) ** n, `states for n=${n} k=${k}`);
    t.is(r.stats.transitions, n * k * (k + 1) ** (n - 1), `transitions for n=${n} k=${k}`);
    t.is(r.verdict, "safe");
    t.true(r.exhaustive);
    t.is(r.stats.maxDepth, n * k);
  }
});

test("racy counter: 13 states counted by hand, lost update found in 4 steps", (t) => {
  const r = check(racyCounter(2));
  t.is(r.stats.states, 13);
  t.is(r.verdict, "violation");
  t.is(r.violations[0]!.property, "lost-update");
  t.is(r.violations[0]!.choices.length, 4);
});

test("atomic counter: 4 states, safe and exhaustive", (t) => {
  const r = check(racyCounter(2, true));
  t.is(r.stats.states, 4);
  t.is(r.verdict, "safe");
  t.true(r.exhaustive);
  t.deepEqual(r.boundsHit, []);
});

test("Peterson's lock is safe; the broken variant loses mutual exclusion", (t) => {
  t.is(check(peterson()).verdict, "safe");
  const bad = check(peterson(true));
  t.is(bad.verdict, "violation");
  t.is(bad.violations[0]!.kind, "invariant");
  t.is(bad.violations[0]!.property, "mutual-exclusion");
});

test("dining philosophers deadlock in the shortest possible run: each takes the left fork", (t) => {
  const r = check(philosophers(3));
  t.is(r.verdict, "violation");
  const v = r.violations[0]!;
  t.is(v.kind, "stuck");
  t.is(v.property, "deadlock");
  t.is(v.choices.length, 3);
  t.deepEqual([...v.choices].sort(), [0, 1, 2]);
  t.regex(v.message, /waits for fork/);
  t.is(check(philosophers(3, true)).verdict, "safe");
});

test("termination is not a deadlock; blocking forever is", (t) => {
  t.is(check(independent(2, 2)).verdict, "safe");
  const r = check(blockedForever());
  t.is(r.verdict, "violation");
  t.is(r.violations[0]!.property, "deadlock");
  t.regex(r.violations[0]!.message, /not finished: A/);
});

test("an assertion raised inside a step is a violation whose last choice raises it", (t) => {
  const r = check(twoBugs());
  t.is(r.verdict, "violation");
  const v = r.violations[0]!;
  t.is(v.kind, "assertion");
  t.is(v.property, "boom");
  t.deepEqual(v.choices, [0, 0]);
});

test("collect-all reports one shortest counterexample per property and stays exhaustive", (t) => {
  const r = check(twoBugs(), { stopAtFirst: false });
  t.deepEqual(r.violations.map((v) => v.property).sort(), ["boom", "t1-below-3"]);
  t.is(r.violations.find((v) => v.property === "t1-below-3")!.choices.length, 3);
  t.true(r.exhaustive);
  const first = check(twoBugs());
  t.false(first.exhaustive, "stopping at the first violation is not exhaustive");
});

test("an invariant broken in the initial state is reported with an empty trace", (t) => {
  const m = { ...independent(1, 1), invariants: [{ name: "never", check: () => "broken from the start" }] };
  const r = check(m);
  t.is(r.verdict, "violation");
  t.deepEqual(r.violations[0]!.choices, []);
});

test("stats report the collision probability and memory", (t) => {
  const r = check(independent(3, 3));
  t.true(r.stats.collisionProbability > 0 && r.stats.collisionProbability < 1e-10);
  t.true(r.stats.visitedBytes > 0);
  t.true(r.stats.peakMemoryBytes > 0);
});
