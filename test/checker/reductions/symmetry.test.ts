import test from "ava";
import { check, replay, type Model } from "../../../checker/index.js";
import { sortBlocks } from "../../../checker/reductions/symmetry.js";
import { closeRace } from "../../../examples/close-race.js";
import { composeKernel } from "../../../model/compose/compose.js";
import { closeStorm } from "../../../model/compose/storm.js";

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

const props = (r: { violations: readonly { kind: string; property: string }[] }) => [...new Set(r.violations.map((v) => `${v.kind}:${v.property}`))].sort();
const storm = (n: number, m: number, placement: "bsd44" | "kyu-stubbed") => composeKernel(closeStorm(n, m, placement));

test("POR and symmetry together find what full BFS finds, store fewer states than either alone, and their traces replay", (t) => {
  for (const m of [closeRace(3), closeRace(3, true), closeRace(4), storm(2, 1, "bsd44"), storm(3, 0, "bsd44"), storm(2, 0, "kyu-stubbed")]) {
    const full = check(m, { stopAtFirst: false });
    const both = check(m, { strategy: "por-symmetry", stopAtFirst: false });
    t.is(both.strategy, "por-symmetry");
    t.is(both.verdict, full.verdict, m.name);
    t.deepEqual(props(both), props(full), m.name);
    for (const alone of ["por", "symmetry"] as const) {
      const r = check(m, { strategy: alone, stopAtFirst: false });
      t.true(both.stats.states < r.stats.states, `${m.name}: ${both.stats.states} states, ${alone} alone ${r.stats.states}`);
    }
    for (const v of both.violations) {
      const r = replay(m, v.choices);
      t.is(r.error, null, `${m.name} ${v.property}`);
      if (v.kind !== "assertion") t.is(r.violation?.name, v.property, `${m.name} ${v.property}`);
    }
  }
});

/** The canonical forms of the states where nothing is enabled that a search expands, with slot `masked` zeroed after canonicalizing. */
function deadClasses(model: Model, strategy: "bfs" | "por-symmetry", masked = -1): Set<string> {
  const dead = new Set<string>();
  const canon = new Int32Array(model.stateSize);
  const spy = Object.create(model) as Model;
  spy.enabled = (s: Int32Array, out: Int32Array) => {
    const n = model.enabled.call(spy, s, out);
    if (n === 0) {
      model.canonicalize!(s, canon);
      dead.add(Array.from(canon, (v, i) => (i === masked ? 0 : v)).join(","));
    }
    return n;
  };
  const r = check(spy, { strategy, stopAtFirst: false });
  if (r.boundsHit.length > 0) throw new Error("bounded");
  return dead;
}

// The sharpest differential: every deadlock and end-of-run class full BFS reaches (C0 and C1 keep
// them all). Under bsd-up the close storm's deadlock may be reached with the CPU last given to
// another process (as for POR alone, test/model/runtime/remaining-footprint.test.ts).
test("POR and symmetry together reach the dead and final states full BFS reaches, up to symmetry and curthread", (t) => {
  for (const m of [closeRace(3), closeRace(3, true), storm(2, 1, "bsd44"), storm(2, 0, "kyu-stubbed")]) {
    const cur = m.slotNames?.().indexOf("cpu.curthread") ?? -1;
    const full = deadClasses(m, "bfs", cur);
    const both = deadClasses(m, "por-symmetry", cur);
    t.true(full.size > 0, m.name);
    t.deepEqual([...both].sort(), [...full].sort(), m.name);
  }
});
