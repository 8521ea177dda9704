import test from "ava";
import { check, replay, type Model } from "../../checker/index.js";
import { sortBlocks } from "../../checker/symmetry.js";
import { closeRace } from "../../examples/close-race.js";

test("sortBlocks gives every permutation of the blocks one representative, and leaves other words alone", (t) => {
  const a = Int32Array.from([9, 3, 1, 1, 2, 0, 5, 7]);
  const b = Int32Array.from([9, 1, 2, 0, 5, 3, 1, 7]);
  const ca = new Int32Array(8);
  const cb = new Int32Array(8);
  sortBlocks(a, ca, 1, 2, 3);
  sortBlocks(b, cb, 1, 2, 3);
  t.deepEqual([...ca], [9, 0, 5, 1, 2, 3, 1, 7]);
  t.deepEqual([...cb], [...ca]);
});

test("symmetry finds what full BFS finds on interchangeable sockets, with fewer states and concrete traces", (t) => {
  for (const m of [closeRace(3), closeRace(3, true), closeRace(4)]) {
    const full = check(m, { stopAtFirst: false });
    const sym = check(m, { strategy: "symmetry", stopAtFirst: false });
    t.is(sym.verdict, full.verdict, m.name);
    t.deepEqual(sym.violations.map((v) => v.property).sort(), full.violations.map((v) => v.property).sort(), m.name);
    t.true(sym.stats.states < full.stats.states, m.name);
    for (const v of sym.violations) t.is(replay(m, v.choices).violation?.name, v.property);
    // BFS order is kept: the counterexample is as short as full BFS's.
    for (const v of sym.violations) t.is(v.choices.length, full.violations.find((x) => x.property === v.property)!.choices.length);
  }
});

test("the reduction grows with the number of interchangeable contexts (about M! for M sockets)", (t) => {
  const ratio = (k: number) => check(closeRace(k)).stats.states / check(closeRace(k), { strategy: "symmetry" }).stats.states;
  t.true(ratio(4) > 10);
  t.true(ratio(4) > ratio(3));
});

test("mutation: a canonical form that merges states that are not symmetric hides the double free", (t) => {
  const base = closeRace(2, true);
  // Wrong: keeps only the applications' pcs, so states that differ in the protocol's progress are merged.
  const wrong = Object.assign(Object.create(base) as Model, {
    canonicalize(s: Int32Array, out: Int32Array) {
      out.fill(0);
      out[1] = s[1]!;
      out[7] = s[7]!;
    },
  });
  t.is(check(base, { strategy: "symmetry" }).verdict, "violation");
  t.is(check(wrong, { strategy: "symmetry" }).verdict, "safe");
});

test("without canonicalize, or under a preemption bound, symmetry is off and says so", (t) => {
  const m = Object.assign(Object.create(closeRace(2)) as Model, { canonicalize: undefined });
  const r = check(m, { strategy: "symmetry" });
  t.is(r.stats.states, check(closeRace(2)).stats.states);
  t.true(r.notes.some((n) => /symmetry reduction off/.test(n)));
  const b = check(closeRace(2), { strategy: "symmetry", preemptionBound: 1 });
  t.true(b.notes.some((n) => /preemption bound/.test(n)));
});
