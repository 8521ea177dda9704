import test from "ava";
import fc from "fast-check";
import { check, type CheckResult, type Model } from "../../../checker/index.js";
import { buildRandomModel, randomModelArb, scheduleArb, ScheduleRunner, scheduleOf, type RandomModelSpec } from "../../../properties/index.js";

/**
 * Differential tests on random small models (issue 7, 3a): random schedules against exhaustive
 * search, both ways. A failure shrinks to a small model spec and schedule, printed by fast-check.
 */

const LIMIT = 20_000;
const key = (v: { kind: string; property: string }) => `${v.kind}:${v.property}`;

function fullBfs(model: Model): CheckResult | null {
  const r = check(model, { stopAtFirst: false, maxStates: LIMIT });
  return r.boundsHit.length > 0 ? null : r;
}

test("every violation a random schedule finds, exhaustive BFS finds too", (t) => {
  fc.assert(
    fc.property(randomModelArb(), fc.array(scheduleArb({ maxLength: 40 }), { minLength: 1, maxLength: 30 }), ({ model }, schedules) => {
      const bfs = fullBfs(model);
      fc.pre(bfs !== null);
      const known = new Set(bfs!.violations.map(key));
      const runner = new ScheduleRunner(model);
      for (const s of schedules) {
        const o = runner.run(s, { maxSteps: 200 });
        if (o.violation && !known.has(key(o.violation)))
          throw new Error(`schedule [${s}] reached ${key(o.violation)} via [${o.choices}], BFS found only ${[...known]}`);
      }
    }),
    { numRuns: 150, seed: 7001 },
  );
  t.pass();
});

test("every violation the engine's random walk finds, exhaustive BFS finds too", (t) => {
  fc.assert(
    fc.property(randomModelArb(), fc.nat(), ({ model }, seed) => {
      const bfs = fullBfs(model);
      fc.pre(bfs !== null);
      const walk = check(model, { strategy: "random", seed, walks: 50, walkDepth: 100, stopAtFirst: false });
      const known = new Set(bfs!.violations.map(key));
      for (const v of walk.violations) if (!known.has(key(v))) throw new Error(`random walk found ${key(v)}, BFS did not`);
      if (walk.verdict === "safe") throw new Error("a random walk said safe");
    }),
    { numRuns: 100, seed: 7002 },
  );
  t.pass();
});

test("every exhaustive counterexample (BFS and DFS) replays through the property runner", (t) => {
  let replayed = 0;
  fc.assert(
    fc.property(randomModelArb(), ({ model }) => {
      const runner = new ScheduleRunner(model);
      for (const strategy of ["bfs", "dfs"] as const) {
        const r = check(model, { strategy, stopAtFirst: false, maxStates: LIMIT });
        for (const v of r.violations) {
          const s = scheduleOf(model, v.choices);
          if (!s) throw new Error(`${strategy} counterexample [${v.choices}] takes a choice that is not enabled`);
          const o = runner.run(s, { extend: false });
          if (!o.violation || key(o.violation) !== key(v)) throw new Error(`${strategy} ${key(v)} via [${v.choices}]: the runner reached ${o.violation ? key(o.violation) : "nothing"}`);
          if (o.choices.join() !== v.choices.join()) throw new Error(`runner took [${o.choices}] for [${v.choices}]`);
          replayed++;
        }
      }
    }),
    { numRuns: 150, seed: 7003 },
  );
  t.true(replayed > 100, `only ${replayed} counterexamples were replayed`);
});

test("checkSchedules' shrunk counterexample is a violation BFS knows, no longer than needed to replay", async (t) => {
  const { checkSchedules } = await import("../../../properties/index.js");
  fc.assert(
    fc.property(randomModelArb({ maxContexts: 3 }), ({ model }) => {
      const bfs = fullBfs(model);
      fc.pre(bfs !== null);
      const r = checkSchedules(model, { numRuns: 30, seed: 11, maxSteps: 200 });
      if (r.ok) return;
      const v = r.counterexample!.outcome.violation!;
      if (!bfs!.violations.some((b) => key(b) === key(v))) throw new Error(`schedules found ${key(v)}, BFS did not`);
      const shortest = Math.min(...bfs!.violations.filter((b) => key(b) === key(v)).map((b) => b.choices.length));
      if (r.counterexample!.outcome.choices.length < shortest) throw new Error("a schedule beat BFS's shortest counterexample");
    }),
    { numRuns: 40, seed: 7004 },
  );
  t.pass();
});

test("regression (found by the runner differential): a violating initial state is not expanded, in any strategy", (t) => {
  // x0 starts at 1 and must stay <= 0; T1's release would raise unlock-not-owner, but only from the
  // initial state, which already breaks the invariant. Before the fix collect-all searches expanded it.
  const spec = {
    domain: 2, vars: [1], locks: 1, semaphore: null, objects: 0,
    contexts: [{ kind: "thread", level: 1, program: [{ op: "add", v: 0 }] }, { kind: "thread", level: 1, program: [{ op: "release", l: 0 }, { op: "add", v: 0 }] }],
    invariants: [{ kind: "le", v: 0, k: 0 }], terminal: null,
  } as const;
  const model = buildRandomModel(spec as unknown as RandomModelSpec);
  for (const strategy of ["bfs", "dfs", "random"] as const) {
    const r = check(model, { strategy, stopAtFirst: false, walks: 20 });
    t.deepEqual(r.violations.map(key), ["invariant:inv0:x0<=0"], strategy);
  }
});
