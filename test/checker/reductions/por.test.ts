import test from "ava";
import fc from "fast-check";
import { check, replay, type CheckResult, type Model } from "../../../checker/index.js";
import { PorBfsSearch } from "../../../checker/reductions/por-bfs.js";
import { AmpleSets } from "../../../checker/reductions/por.js";
import { closeRace } from "../../../examples/close-race.js";
import { filterLock } from "../../../examples/filter-lock.js";
import { privateSteps } from "../../../examples/private-steps.js";
import { buildRandomModel, DECIDING_STATES, randomModelSpecArb } from "../../../properties/random-model.js";
import { cmdModel, ignoringModel, visibilityModel, withContextFootprints, withRemainingFootprints } from "../por-helpers.js";

function runPor(model: Model, mutation: { proviso?: boolean; visibility?: boolean } = {}, stopAtFirst = false): CheckResult {
  const s = new PorBfsSearch(model, { stopAtFirst }, mutation);
  while (!s.run(1 << 30));
  return s.result();
}

const props = (r: CheckResult) => [...new Set(r.violations.map((v) => `${v.kind}:${v.property}`))].sort();

test("mutation: without the visibility condition C2 a reachable invariant violation is lost", (t) => {
  const m = visibilityModel();
  t.is(check(m).verdict, "violation");
  t.is(runPor(m).verdict, "violation");
  t.is(runPor(m, { visibility: false }).verdict, "safe");
});

test("mutation: without the cycle proviso C3 a step ignored around a cycle is lost", (t) => {
  const m = ignoringModel();
  t.is(check(m).verdict, "violation");
  const r = runPor(m);
  t.is(r.verdict, "violation");
  t.is(runPor(m, { proviso: false }).verdict, "safe");
});

test("independent contexts are reduced: n private counters explore a line, not a grid", (t) => {
  const ctx = (i: number) => ({
    name: `T${i}`,
    steps: [0, 1, 2].map(() => ({ run: (s: Int32Array) => void s[i]!++, reads: [i], writes: [i] })),
  });
  const m = cmdModel("private", 3, [ctx(0), ctx(1), ctx(2)], []);
  const full = check(m, { stopAtFirst: false });
  const por = runPor(m);
  t.is(full.stats.states, 64);
  t.is(por.verdict, "safe");
  // The ample sets make it a line of 10 states; chaining stores only the two ends of it.
  t.is(por.stats.states, 2);
  t.true(por.notes.some((n) => /^8 more states passed through/.test(n)));
  t.true(por.notes.some((n) => /shortest in the reduced graph/.test(n)));
});

test("models without per-context footprints are expanded in full, and the result says so", (t) => {
  const base = filterLock(3);
  const m = Object.assign(Object.create(base) as Model, { contextFootprint: undefined });
  const r = runPor(m);
  t.is(r.stats.states, check(base).stats.states);
  t.true(r.notes.some((n) => /reduction off/.test(n)));
});

test("footprint oracle: every slot a step changes is in its footprint and its context's footprint", (t) => {
  for (const m of [filterLock(3), closeRace(2), closeRace(2, true), privateSteps(3, 2)]) {
    const seen = new Set<string>();
    const stack: Int32Array[] = [];
    const init = new Int32Array(m.stateSize);
    m.initial(init);
    stack.push(init);
    const en = new Int32Array(m.maxChoices);
    let checked = 0;
    while (stack.length > 0) {
      const s = stack.pop()!;
      const key = s.join(",");
      if (seen.has(key)) continue;
      seen.add(key);
      const n = m.enabled(s, en);
      for (let i = 0; i < n; i++) {
        const c = en[i]!;
        const f = m.footprint!(s, c);
        const cf = m.contextFootprint!(m.contextOf(c));
        const next = Int32Array.from(s);
        try {
          m.step(next, c);
        } catch {
          continue;
        }
        for (let x = 0; x < s.length; x++) {
          if (next[x] === s[x]) continue;
          checked++;
          if (!Array.from(f.writes).includes(x)) t.fail(`${m.name}: ${m.label(s, c)} writes slot ${x} outside its footprint`);
          if (!Array.from(cf.writes).includes(x)) t.fail(`${m.name}: ${m.label(s, c)} writes slot ${x} outside its context's footprint`);
        }
        for (const r of Array.from(f.reads)) if (!Array.from(cf.reads).includes(r)) t.fail(`${m.name}: read ${r} missing from the context footprint`);
        stack.push(next);
      }
    }
    t.true(checked > 0);
  }
});

test("POR and full BFS agree on the bench models, and POR never stores more states", (t) => {
  for (const m of [filterLock(3), closeRace(3), closeRace(3, true), privateSteps(3, 3)]) {
    const full = check(m, { stopAtFirst: false });
    const por = runPor(m);
    t.is(por.verdict, full.verdict, m.name);
    t.deepEqual(props(por), props(full), m.name);
    t.true(por.stats.states <= full.stats.states, m.name);
  }
});

for (const [variant, wrap] of [
  ["whole-program footprints", withContextFootprints],
  ["remaining footprints", withRemainingFootprints],
] as const)
test(`differential (${variant}): on random models POR finds exactly the properties full BFS finds, by traces that replay`, (t) => {
  let reducedSomewhere = 0;
  fc.assert(
    fc.property(randomModelSpecArb({ maxContexts: 4 }), (spec) => {
      const model = wrap(spec, buildRandomModel(spec));
      const full = check(model, { stopAtFirst: false, maxStates: 50_000 });
      if (full.boundsHit.length > 0) return true; // "violation" before the bound: not a finished search
      const por = runPor(model);
      if (por.stats.states < full.stats.states) reducedSomewhere++;
      if (por.verdict !== full.verdict) return false;
      if (props(por).join() !== props(full).join()) return false;
      if (por.stats.states > full.stats.states) return false;
      for (const v of por.violations) {
        const r = replay(model, v.choices);
        if (r.error) return false;
        if (v.kind !== "assertion" && r.violation?.name !== v.property) return false;
      }
      return true;
    }),
    { numRuns: 150, seed: 20261121 },
  );
  t.true(reducedSomewhere > 0, "no random model was reduced at all: the test would not notice an unsound reduction");
});

test("the ample sets need both footprints: a model with only step footprints is not reduced", (t) => {
  const m = Object.assign(Object.create(closeRace(2)) as Model, { contextFootprint: undefined, remainingFootprint: undefined });
  const a = new AmpleSets(m);
  t.false(a.available);
  t.regex(a.reason, /contextFootprint/);
});

test("mutation: the random differential notices a reduction without C2 or without C3", (t) => {
  for (const mutation of [{ proviso: false }, { visibility: false }]) {
    let differ = 0;
    // The default profile and the deciding-states one (default models rarely loop around a reduced state).
    for (const profile of [{ maxContexts: 4 }, DECIDING_STATES])
      fc.assert(
        fc.property(randomModelSpecArb(profile), (spec) => {
          const model = withContextFootprints(spec, buildRandomModel(spec));
          const full = check(model, { stopAtFirst: false, maxStates: 50_000 });
          if (full.boundsHit.length === 0 && props(runPor(model, mutation)).join() !== props(full).join()) differ++;
          return true;
        }),
        { numRuns: 100, seed: 20261121 },
      );
    t.true(differ > 0, `dropping ${Object.keys(mutation)[0]} went unnoticed`);
  }
});

test("remaining footprints: each step is inside its context's remaining footprint, which only shrinks", (t) => {
  const sub = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).every((x) => Array.from(b).includes(x));
  for (const m of [closeRace(2), closeRace(2, true)]) {
    const seen = new Set<string>();
    const init = new Int32Array(m.stateSize);
    m.initial(init);
    const stack = [init];
    const en = new Int32Array(m.maxChoices);
    let steps = 0;
    while (stack.length > 0) {
      const s = stack.pop()!;
      if (seen.has(s.join())) continue;
      seen.add(s.join());
      const n = m.enabled(s, en);
      for (let i = 0; i < n; i++) {
        const c = en[i]!;
        const ctx = m.contextOf(c);
        const f = m.footprint!(s, c);
        const rem = m.remainingFootprint!(s, ctx);
        t.true(sub(f.reads, rem.reads) && sub(f.writes, rem.writes), `${m.name}: ${m.label(s, c)} outside the remaining footprint`);
        const next = Int32Array.from(s);
        try {
          m.step(next, c);
        } catch {
          continue;
        }
        steps++;
        for (let d = 0; d < m.contexts.length; d++) {
          const before = m.remainingFootprint!(s, d);
          const after = m.remainingFootprint!(next, d);
          t.true(sub(after.reads, before.reads) && sub(after.writes, before.writes), `${m.name}: ${m.contexts[d]!.name}'s remaining footprint grew`);
        }
        stack.push(next);
      }
    }
    t.true(steps > 0);
  }
});
