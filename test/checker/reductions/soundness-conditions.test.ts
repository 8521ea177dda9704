import test from "ava";
import fc from "fast-check";
import { check, type CheckResult, type Model } from "../../../checker/index.js";
import type { PorMutation } from "../../../checker/strategies/level-expansion.js";
import { DfsSearch } from "../../../checker/strategies/dfs.js";
import { PorBfsSearch } from "../../../checker/reductions/por-bfs.js";
import { DECIDING_STATES, randomModelSpecArb, type RandomModelSpec } from "../../../properties/random-model.js";
import { sharedFootprintModel } from "../por-helpers.js";

/**
 * One test per soundness condition of the reductions (issue 18 item 1): with the condition
 * switched off (a mutation knob), the answer changes on a hand-made model and on some of 150
 * random models of the DECIDING_STATES profile, whose footprints leave each context's private
 * slots out; with every condition on, it never does. README "Soundness tests" maps each test here.
 */

const props = (r: CheckResult) => [...new Set(r.violations.map((v) => `${v.kind}:${v.property}`))].sort().join();
const noInvariants = (m: Model): Model => Object.assign(Object.create(m) as Model, { invariants: [] });
const SLEEP_ONLY: PorMutation = { ample: false, chain: false };

function bfsPor(m: Model, mutation: PorMutation = {}): CheckResult {
  const s = new PorBfsSearch(m, { stopAtFirst: false }, mutation);
  while (!s.run(1 << 30));
  return s.result();
}

function dfsPor(m: Model, mutation: { proviso?: boolean } = {}): CheckResult {
  const s = new DfsSearch(m, { stopAtFirst: false }, { por: true }, mutation);
  while (!s.run(1 << 30));
  return s.result();
}

const reduced = sharedFootprintModel;

/** Whether `search` answers differently from full BFS: other properties, or (invariants off) other states when `states`. */
function changes(m: Model, full: CheckResult, fullBare: CheckResult, search: (m: Model) => CheckResult, states: boolean): boolean {
  if (props(search(m)) !== props(full)) return true;
  const r = search(noInvariants(m));
  return props(r) !== props(fullBare) || (states && r.stats.states !== fullBare.stats.states);
}

/** Each condition: the search with it off, and whether the same states are owed (sleep sets alone store every state). */
const conditions = {
  "C1 on disabled choices": { off: (m: Model) => bfsPor(m, { disabledReads: false }), on: (m: Model) => bfsPor(m), states: false },
  C2: { off: (m: Model) => bfsPor(m, { visibility: false }), on: (m: Model) => bfsPor(m), states: false },
  "C3 (BFS proviso)": { off: (m: Model) => bfsPor(m, { proviso: false }), on: (m: Model) => bfsPor(m), states: false },
  "C3 (DFS stack proviso)": { off: (m: Model) => dfsPor(m, { proviso: false }), on: (m: Model) => dfsPor(m), states: false },
  "sleep sets: one context's choices are dependent": { off: (m: Model) => bfsPor(m, { ...SLEEP_ONLY, sameContext: false }), on: (m: Model) => bfsPor(m, SLEEP_ONLY), states: true },
  "sleep sets: a dependent step wakes": { off: (m: Model) => bfsPor(m, { ...SLEEP_ONLY, wake: false }), on: (m: Model) => bfsPor(m, SLEEP_ONLY), states: true },
} as const;
type Condition = keyof typeof conditions;

/** Over 150 random models: per condition, how often switching it off changed the answer, and every model where keeping it on did. */
let census: { off: Record<Condition, number>; unsound: string[]; models: number } | null = null;
function takeCensus(): NonNullable<typeof census> {
  if (census) return census;
  const off = Object.fromEntries(Object.keys(conditions).map((k) => [k, 0])) as Record<Condition, number>;
  const unsound: string[] = [];
  let models = 0;
  fc.assert(
    fc.property(randomModelSpecArb(DECIDING_STATES), (spec) => {
      const m = reduced(spec);
      const full = check(m, { stopAtFirst: false, maxStates: 20_000 });
      if (full.boundsHit.length > 0) return true; // a cut search owes nothing to compare with
      models++;
      const fullBare = check(noInvariants(m), { stopAtFirst: false });
      for (const [name, c] of Object.entries(conditions) as [Condition, (typeof conditions)[Condition]][]) {
        if (changes(m, full, fullBare, c.off, c.states)) off[name]++;
        if (changes(m, full, fullBare, c.on, c.states)) unsound.push(`${name}: ${JSON.stringify(spec)}`);
      }
      return true;
    }),
    { numRuns: 150, seed: 18 },
  );
  census = { off, unsound, models };
  return census;
}

test("with every condition on, no random model of the deciding-states profile changes the answer", (t) => {
  const c = takeCensus();
  t.true(c.models > 100, `only ${c.models} models finished`);
  t.deepEqual(c.unsound, []);
});

for (const name of Object.keys(conditions) as Condition[])
  test(`mutation: without ${name}, some random model changes the answer`, (t) => {
    t.true(takeCensus().off[name] > 0, `switching off ${name} went unnoticed on ${takeCensus().models} models`);
  });

test("mutation: C1 must count the disabled choices' reads (thread B sets x; the environment may set y while x = 1, or pass)", (t) => {
  // Issue 18: with e1 (pass) in an ample set of its own, e2 (set y, enabled once B sets x) is lost.
  const spec: RandomModelSpec = {
    domain: 2,
    vars: [0, 0],
    locks: 0,
    semaphore: null,
    objects: 0,
    contexts: [
      { kind: "thread", level: 1, program: [{ op: "set", v: 0, k: 1 }] },
      { kind: "environment", level: 1, program: [{ op: "guarded", v: 0, k: 1, to: 2 }, { op: "goto", to: 3 }, { op: "set", v: 1, k: 1 }] },
    ],
    invariants: [{ kind: "ne", v: 1, k: 1 }],
    terminal: null,
  };
  const m = reduced(spec);
  t.is(check(m).verdict, "violation");
  t.is(bfsPor(m).verdict, "violation");
  t.is(dfsPor(m).verdict, "violation");
  t.is(bfsPor(m, { disabledReads: false }).verdict, "safe");
});

test("mutation: sleep sets must not let one context's choices commute (a branch whose footprints name no shared slot)", (t) => {
  // Issue 18: one thread, `choose` between passing and setting x. Without its pc in the footprints
  // the two choices look independent, and "set x" sleeps after the branch that leads to it.
  const spec: RandomModelSpec = {
    domain: 2,
    vars: [0],
    locks: 0,
    semaphore: null,
    objects: 0,
    contexts: [{ kind: "thread", level: 1, program: [{ op: "choose", to: 2 }, { op: "goto", to: 3 }, { op: "set", v: 0, k: 1 }] }],
    invariants: [{ kind: "ne", v: 0, k: 1 }],
    terminal: null,
  };
  const m = reduced(spec);
  t.is(check(m).verdict, "violation");
  t.is(bfsPor(m).verdict, "violation");
  t.is(bfsPor(m, SLEEP_ONLY).verdict, "violation");
  t.is(bfsPor(m, { ...SLEEP_ONLY, sameContext: false }).verdict, "safe");
});
