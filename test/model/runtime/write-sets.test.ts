import test from "ava";
import { check, verifyWriteSets, type Model } from "../../../checker/index.js";
import { filterLock } from "../../../examples/filter-lock.js";
import { scenarios } from "../../../model/scenarios/index.js";
import { forgetful } from "../../helpers/models.js";

/**
 * Issue 17 item 1: incremental fingerprints trust the kernel model's write sets, so every
 * declaration is checked against the full hash, on random walks and on exhaustive searches of
 * every registered scenario, and a step that writes a word it does not declare is caught.
 */

const kernel = scenarios.filter((s) => s.build().writeSet !== undefined);

test("kernel scenarios declare write sets", (t) => {
  t.true(kernel.length >= 20, `${kernel.length} scenarios declare write sets`);
});

for (const sc of kernel)
  test(`${sc.name}: random walks, every step's changed words are declared`, (t) => {
    t.is(verifyWriteSets(sc.build(), 150, 400, 17), null);
  });

for (const sc of scenarios)
  test(`${sc.name}: exhaustive BFS with every incremental fingerprint checked and a packed queue counts what the full hash counts`, (t) => {
    const opts = { stopAtFirst: false, maxStates: 1_500_000 } as const;
    // The old path: every successor hashed whole, states queued whole.
    const full = check(sc.build(), { ...opts, fingerprints: "full", packQueue: false });
    const inc = check(sc.build(), { ...opts, fingerprints: "verify" });
    t.is(inc.stats.states, full.stats.states);
    t.is(inc.stats.transitions, full.stats.transitions);
    t.is(inc.verdict, full.verdict);
    t.is(inc.exhaustive, full.exhaustive);
    t.deepEqual(
      inc.violations.map((v) => [v.property, v.choices.length]),
      full.violations.map((v) => [v.property, v.choices.length]),
    );
    // POR with chaining and sleep sets hashes a chain's end whole and the rest incrementally.
    const porFull = check(sc.build(), { ...opts, strategy: "por", fingerprints: "full" });
    const porInc = check(sc.build(), { ...opts, strategy: "por", fingerprints: "verify" });
    t.is(porInc.stats.states, porFull.stats.states);
    t.is(porInc.stats.transitions, porFull.stats.transitions);
    t.is(porInc.verdict, porFull.verdict);
  });

/** `model` with `mutate` applied to every step: the mutation writes words no write set declares. */
function mutant(model: Model, mutate: (s: Int32Array) => void): Model {
  return Object.assign(Object.create(model) as Model, {
    step(s: Int32Array, c: number) {
      model.step(s, c);
      mutate(s);
    },
  });
}

test("a step that writes a word it does not declare is caught, by the walks and by the search", (t) => {
  const sc = kernel.find((s) => s.name === "bsd44-close-storm-2")!;
  const base = sc.build();
  const names = base.slotNames!();
  // A ghost counter of steps taken by the first context, capped so the state space stays finite.
  const pc0 = names.indexOf(base.contexts[0]!.name + ".pc");
  const victim = names.findIndex((n, i) => i !== pc0 && n.endsWith(".r2"));
  t.true(pc0 >= 0 && victim >= 0);
  const m = mutant(base, (s) => {
    if (s[pc0]! > 0 && s[victim] === 0) s[victim] = 7;
  });
  t.regex(verifyWriteSets(m, 50, 200, 3) ?? "", /written but not declared: .*r2/);
  const e = t.throws(() => check(mutant(sc.build(), (s) => (s[pc0]! > 0 && s[victim] === 0 ? (s[victim] = 7) : 0)), { fingerprints: "verify", stopAtFirst: false }));
  t.regex(e!.message, /incremental fingerprint differs from the full one .*written but not declared: .*r2/);
});

test("a write set that leaves out a written word (a context's pc) is caught", (t) => {
  const sc = kernel.find((s) => s.name === "bsd44-close-storm-2")!;
  const base = sc.build();
  const pc0 = base.slotNames!().indexOf(base.contexts[0]!.name + ".pc");
  t.regex(verifyWriteSets(forgetful(base, pc0), 50, 200, 3) ?? "", /written but not declared: .*\.pc/);
  t.throws(() => check(forgetful(sc.build(), pc0), { fingerprints: "verify", stopAtFirst: false }), { message: /written but not declared: .*\.pc/ });
  // Without the oracle the same search silently merges states: that is why the oracle exists.
  const quiet = check(forgetful(sc.build(), pc0), { stopAtFirst: false });
  const full = check(sc.build(), { stopAtFirst: false, fingerprints: "full" });
  t.not(quiet.stats.states, full.stats.states);
});

test("a model that declares no write sets keeps the full hash: the same search either way", (t) => {
  const a = check(filterLock(3), { fingerprints: "incremental" });
  const b = check(filterLock(3), { fingerprints: "full" });
  t.is(filterLock(3).writeSet, undefined);
  t.is(a.stats.states, b.stats.states);
  t.is(a.stats.transitions, b.stats.transitions);
});

test("with a preemption bound the search words past the model's are carried in the fingerprint too", (t) => {
  for (const name of ["dragonfly-so_state-one-lock", "kyu-netlock-timers"]) {
    const sc = scenarios.find((s) => s.name === name)!;
    const opts = { stopAtFirst: false, preemptionBound: 1 } as const;
    const full = check(sc.build(), { ...opts, fingerprints: "full", packQueue: false });
    const inc = check(sc.build(), { ...opts, fingerprints: "verify" });
    t.is(inc.stats.states, full.stats.states, name);
    t.is(inc.stats.transitions, full.stats.transitions, name);
    t.is(inc.verdict, full.verdict, name);
  }
});
