import test from "ava";
import fc from "fast-check";
import { check, replay, type Model } from "../../checker/index.js";
import { peterson } from "../../examples/peterson.js";
import { philosophers } from "../../examples/philosophers.js";
import { racyCounter } from "../../examples/racy-counter.js";
import { randomModelArb } from "../../properties/random-model.js";
import { minimise } from "../../traces/minimise.js";
import { simpler, traceShape } from "../../traces/shape.js";

/** T0 may increment x once, T1 twice; x reaching 2 breaks the invariant. BFS finds T0,T1; T1 alone suffices. */
function oneContextSuffices(): Model {
  return {
    name: "one-context-suffices",
    stateSize: 3,
    contexts: [
      { name: "T0", kind: "thread" },
      { name: "T1", kind: "thread" },
    ],
    maxChoices: 2,
    initial() {},
    enabled(s, out) {
      let k = 0;
      if (s[1]! < 1) out[k++] = 0;
      if (s[2]! < 2) out[k++] = 1;
      return k;
    },
    contextOf: (c) => c,
    step(s, c) {
      s[0]!++;
      s[1 + c]!++;
    },
    isFinished: (s, c) => s[1 + c] === (c === 0 ? 1 : 2),
    invariants: [{ name: "x-below-2", check: (s) => (s[0]! >= 2 ? `x is ${s[0]}` : null) }],
    label: () => "x++",
  };
}

function holdsSame(model: Model, original: readonly number[], minimised: readonly number[]) {
  const a = replay(model, original);
  const b = replay(model, minimised);
  return b.error === null && b.violation !== null && b.violation.name === a.violation!.name && b.violation.kind === a.violation!.kind;
}

test("drops a context that the violation does not need", (t) => {
  const m = oneContextSuffices();
  const found = check(m).violations[0]!.choices;
  t.is(traceShape(m, found).contexts, 2, "BFS's trace uses both contexts");
  const r = minimise(m, found);
  t.is(r.minimised.contexts, 1);
  t.deepEqual(r.choices, [1, 1]);
  t.true(r.optimal);
  t.true(holdsSame(m, found, r.choices));
});

test("racy counter: fewer context switches, same length, still a lost update", (t) => {
  const m = racyCounter(2);
  const found = check(m).violations[0]!.choices;
  const r = minimise(m, found);
  t.true(r.minimised.switches < r.original.switches, `${r.original.switches} -> ${r.minimised.switches}`);
  t.is(r.minimised.steps, found.length);
  t.true(holdsSame(m, found, r.choices));
  t.deepEqual(r.record.original.choices, found);
});

test("examples: minimised traces still violate and are never longer nor more complex", (t) => {
  for (const m of [racyCounter(3), philosophers(3), peterson(true), oneContextSuffices()]) {
    const found = check(m).violations[0]!.choices;
    const r = minimise(m, found);
    t.true(holdsSame(m, found, r.choices), m.name);
    t.true(r.choices.length <= found.length, m.name);
    t.false(simpler(r.original, r.minimised) , m.name);
    t.deepEqual(r.minimised, traceShape(m, r.choices), m.name);
  }
});

test("a tiny budget falls back to the greedy pass and says it is not optimal", (t) => {
  const m = racyCounter(3);
  const found = check(m).violations[0]!.choices;
  const r = minimise(m, found, { budget: 3 });
  t.false(r.optimal);
  t.true(holdsSame(m, found, r.choices));
  t.true(r.choices.length <= found.length);
});

test("refuses a schedule that violates nothing", (t) => {
  t.throws(() => minimise(racyCounter(2), [0, 0]), { message: /does not reach a violation/ });
});

test("property: on random models, the minimised trace breaks the same property, no longer, no more contexts or switches", (t) => {
  let withViolation = 0;
  fc.assert(
    fc.property(randomModelArb({ maxContexts: 3 }), ({ model }) => {
      const res = check(model);
      const v = res.violations[0];
      if (!v) return true;
      withViolation++;
      const r = minimise(model, v.choices, { budget: 20_000 });
      return holdsSame(model, v.choices, r.choices) && r.choices.length <= v.choices.length && !simpler(r.original, r.minimised);
    }),
    { numRuns: 60, seed: 6 },
  );
  t.true(withViolation > 5, `only ${withViolation} random models had a violation`);
});
