import test from "ava";
import fc from "fast-check";
import { check, replay, type CheckResult, type Model } from "../../../checker/index.js";
import { DfsSearch } from "../../../checker/strategies/dfs.js";
import { scenarios } from "../../../model/scenarios/index.js";
import { buildRandomModel, randomModelSpecArb } from "../../../properties/random-model.js";
import { ignoringModel, visibilityModel, withContextFootprints } from "../por-helpers.js";
import { peterson } from "../../../examples/peterson.js";
import { philosophers } from "../../../examples/philosophers.js";
import { racyCounter } from "../../../examples/racy-counter.js";
import { independent, twoBugs } from "../../helpers/models.js";

const models = () => [racyCounter(2), racyCounter(3, true), peterson(), peterson(true), philosophers(3), philosophers(4, true), independent(3, 2), twoBugs()];

test("BFS and DFS agree on verdicts, and on state counts when both are exhaustive", (t) => {
  for (const m of models()) {
    const b = check(m, { strategy: "bfs", stopAtFirst: false });
    const d = check(m, { strategy: "dfs", stopAtFirst: false });
    t.is(d.verdict, b.verdict, m.name);
    t.is(d.stats.states, b.stats.states, m.name);
    t.is(d.stats.transitions, b.stats.transitions, m.name);
    t.deepEqual(d.violations.map((v) => v.property).sort(), b.violations.map((v) => v.property).sort(), m.name);
  }
});

test("DFS counterexamples replay to the same violation, and are never shorter than BFS's", (t) => {
  for (const m of models()) {
    const b = check(m, { strategy: "bfs" });
    const d = check(m, { strategy: "dfs" });
    for (const v of d.violations) {
      const r = replay(m, v.choices);
      t.is(r.error, null, m.name);
      t.is(r.violation?.name, v.property, m.name);
      const shortest = b.violations.find((x) => x.property === v.property);
      if (shortest) t.true(v.choices.length >= shortest.choices.length, m.name);
    }
  }
});

// Depth-first search with partial-order reduction (strategy "dfs-por", SPIN's default search).
const found = (r: CheckResult) => [...new Set(r.violations.map((v) => `${v.kind}:${v.property}`))].sort().join();
const dfsPor = (m: Model, mutation: { proviso?: boolean } = {}) => {
  const s = new DfsSearch(m, { stopAtFirst: false }, { por: true }, mutation);
  while (!s.run(1 << 30));
  return s.result();
};

test("DFS with POR keeps C2 and the stack proviso: the visible step and the step ignored around a cycle are both found", (t) => {
  t.is(dfsPor(visibilityModel()).verdict, "violation");
  t.is(dfsPor(ignoringModel()).verdict, "violation");
  t.is(dfsPor(ignoringModel(), { proviso: false }).verdict, "safe", "without the stack proviso the ignored step is lost");
});

test("DFS with POR finds what full BFS finds on random models, with no more states, by traces that replay", (t) => {
  let reduced = 0;
  fc.assert(
    fc.property(randomModelSpecArb({ maxContexts: 4 }), (spec) => {
      const model = withContextFootprints(spec, buildRandomModel(spec));
      const full = check(model, { stopAtFirst: false, maxStates: 50_000 });
      if (full.boundsHit.length > 0) return true;
      const r = dfsPor(model);
      if (r.stats.states < full.stats.states) reduced++;
      if (r.verdict !== full.verdict || found(r) !== found(full) || r.stats.states > full.stats.states) return false;
      return r.violations.every((v) => {
        const p = replay(model, v.choices);
        return p.error === null && (v.kind === "assertion" || p.violation?.name === v.property);
      });
    }),
    { numRuns: 150, seed: 20261122 },
  );
  t.true(reduced > 0);
});

test("DFS with POR finds what full BFS finds on every registered scenario, and stores a tenth of the states or fewer on the kernel ones", (t) => {
  let reduced = 0;
  for (const sc of scenarios) {
    const full = check(sc.build(), { stopAtFirst: false, maxStates: 1_200_000 });
    const r = check(sc.build(), { strategy: "dfs-por", stopAtFirst: false, maxStates: 1_200_000 });
    if (full.boundsHit.length > 0 || r.boundsHit.length > 0) continue;
    t.is(r.strategy, "dfs-por");
    t.is(r.verdict, full.verdict, sc.name);
    t.is(found(r), found(full), sc.name);
    t.true(r.stats.states <= full.stats.states, sc.name);
    // With chaining, as BFS's --por: issue 8's tenfold on every kernel scenario.
    if (r.stats.states * 10 <= full.stats.states) reduced++;
  }
  // The four examples declare no footprints.
  t.is(reduced, scenarios.filter((s) => s.group !== "example").length);
});

test("an observer sees every push matched by a pop at the same depth, the states taken for seen, and a finished end; it changes nothing", (t) => {
  for (const m of [racyCounter(3, true), peterson(), philosophers(3)]) {
    const plain = new DfsSearch(m, { stopAtFirst: false });
    while (!plain.run(1 << 20));
    const depths: number[] = [];
    let pushes = 0;
    let seen = 0;
    let ended: boolean | undefined;
    let pushedInOrder = true;
    const watched = new DfsSearch(
      m,
      { stopAtFirst: false },
      {
        observer: {
          onSeen: (s, _hi, _lo, depth, transitions) => {
            seen++;
            t.is(s.length >= 1 && depth >= 0 && transitions >= 0, true);
          },
          enter: (depth) => {
            pushes++;
            if (depth !== depths.length) pushedInOrder = false;
            depths.push(depth);
          },
          leave: (depth) => {
            if (depths.pop() !== depth) pushedInOrder = false;
          },
          end: (finished) => {
            ended = finished;
          },
        },
      },
    );
    while (!watched.run(1 << 20));
    const a = plain.result();
    const b = watched.result();
    t.true(pushedInOrder, m.name);
    t.is(depths.length, 0, m.name);
    t.is(ended, true, m.name);
    t.deepEqual(b.violations, a.violations, m.name);
    t.is(b.stats.states, a.stats.states, m.name);
    // Each transition leads to a state pushed, taken for seen, or breaking an invariant (never pushed).
    t.true(pushes + seen <= b.stats.transitions + 1, m.name);
    t.true(seen > 0, m.name);
  }
});

test("an observer hears finished false when a violation stops the search", (t) => {
  let ended: boolean | undefined;
  const s = new DfsSearch(racyCounter(2), {}, { observer: { onSeen() {}, enter() {}, leave() {}, end: (f) => (ended = f) } });
  while (!s.run(1 << 20));
  t.is(s.result().verdict, "violation");
  t.not(ended, true);
});
