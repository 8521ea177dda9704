import test from "ava";
import { check, replay, type Model, type SearchOptions } from "../../../checker/index.js";
import { composeKernel, composeKernelWith } from "../../../model/compose/compose.js";
import { closeStorm, type StormPlacement } from "../../../model/compose/storm.js";
import { connectionSymmetry } from "../../../model/kernel/instance-symmetry.js";
import { V_PLAIN, V_TAG } from "../../../model/runtime/canonicalize.js";
import { scenarios } from "../../../model/scenarios/index.js";
import { forgetful } from "../../helpers/models.js";

/**
 * Issue 17 item 4: symmetric searches fingerprint the model's class codes, worked out from the
 * expanded state and the write sets of the steps since (class-fingerprint.ts), instead of
 * canonicalize's representatives. The classes must be the same, so every count must be too.
 */

const withEncoder = scenarios.filter((s) => s.build().symmetryEncoder !== undefined);
const storms: [number, number, StormPlacement, readonly ("symmetry" | "por-symmetry")[]][] = [
  [2, 2, "bsd44", ["symmetry", "por-symmetry"]],
  [4, 1, "bsd44", ["symmetry", "por-symmetry"]],
  [6, 0, "bsd44", ["symmetry", "por-symmetry"]],
  [10, 0, "bsd44", ["por-symmetry"]],
  [4, 2, "bsd44", ["por-symmetry"]],
  [3, 0, "kyu-stubbed", ["por-symmetry"]],
];

test("the registered close storms have class codes", (t) => {
  t.deepEqual(withEncoder.map((s) => s.name).sort(), ["bsd44-close-storm-2", "bsd44-close-storm-3-m1", "kyu-close-storm-2"]);
});

/** The same search three ways: canonicalize's representatives, class codes, and class codes each checked against the representative. */
function threeWays(t: import("ava").ExecutionContext, build: () => Model, strategy: "symmetry" | "por-symmetry", what: string): void {
  const opts: SearchOptions = { strategy, stopAtFirst: false };
  const full = check(build(), { ...opts, fingerprints: "full" });
  for (const fingerprints of ["incremental", "verify"] as const) {
    const r = check(build(), { ...opts, fingerprints });
    const how = `${what} ${strategy} ${fingerprints}`;
    t.is(r.stats.states, full.stats.states, how);
    t.is(r.stats.transitions, full.stats.transitions, how);
    t.is(r.verdict, full.verdict, how);
    t.is(r.exhaustive, full.exhaustive, how);
    // The same counterexamples, step for step (a trace is rebuilt by replaying chains, whose rule asks the table).
    t.deepEqual(
      r.violations.map((v) => [v.property, v.choices.join()]),
      full.violations.map((v) => [v.property, v.choices.join()]),
      how,
    );
    const model = build();
    for (const v of r.violations) if (v.kind === "invariant" || v.kind === "assertion") t.is(replay(model, v.choices).violation?.name, v.property, how);
  }
}

for (const sc of withEncoder)
  test(`${sc.name}: --symmetry and --por --symmetry count the same with class codes, checked against canonicalize at every successor`, (t) => {
    for (const strategy of ["symmetry", "por-symmetry"] as const) threeWays(t, () => sc.build(), strategy, sc.name);
  });

for (const [n, m, p, strategies] of storms)
  test(`${p} close storm N=${n} M=${m}: ${strategies.join(" and ")} count the same with class codes, checked against canonicalize at every successor`, (t) => {
    for (const strategy of strategies) threeWays(t, () => composeKernel(closeStorm(n, m, p)), strategy, `N=${n} M=${m}`);
  });

/** `model`, counting its canonicalize calls. */
function counting(model: Model): { model: Model; calls: () => number } {
  let calls = 0;
  const wrapped = Object.assign(Object.create(model) as Model, {
    canonicalize(s: Int32Array, out: Int32Array) {
      calls++;
      model.canonicalize!(s, out);
    },
  });
  return { model: wrapped, calls: () => calls };
}

test("class codes replace canonicalize in the search; fingerprints: full keeps it", (t) => {
  const codes = counting(composeKernel(closeStorm(3, 0, "bsd44")));
  const a = check(codes.model, { strategy: "por-symmetry" });
  t.is(codes.calls(), 0);
  const full = counting(composeKernel(closeStorm(3, 0, "bsd44")));
  const b = check(full.model, { strategy: "por-symmetry", fingerprints: "full" });
  t.true(full.calls() >= b.stats.states);
  t.is(a.stats.states, b.stats.states);
});

test("a write set that leaves out a written word (an application's pc) is caught by verify; unchecked, it changes the count", (t) => {
  const build = () => composeKernel(closeStorm(3, 0, "bsd44"));
  const base = build();
  const pc = base.slotNames().indexOf(base.contexts[1]!.name + ".pc");
  t.true(pc >= 0);
  for (const strategy of ["symmetry", "por-symmetry"] as const) {
    t.throws(() => check(forgetful(build(), pc), { strategy, fingerprints: "verify", stopAtFirst: false }), { message: /writeSet\(\) left out a written word, or symmetryEncoder\(\) disagrees with canonicalize\(\)/ });
    const quiet = check(forgetful(build(), pc), { strategy, stopAtFirst: false });
    const full = check(build(), { strategy, stopAtFirst: false, fingerprints: "full" });
    t.not(quiet.stats.states, full.stats.states, strategy);
  }
});

test("an encoder that disagrees with canonicalize (segments not renamed) is caught by verify", (t) => {
  const spec = closeStorm(2, 2, "bsd44");
  const right = composeKernelWith(spec).model;
  const { model: wrong, kern } = composeKernelWith(spec);
  const group = connectionSymmetry(wrong, kern.instances!, spec.contexts)!;
  wrong.useSymmetry({ ...group, kinds: group.kinds.map((k) => (k === V_TAG ? V_PLAIN : k)) });
  const mixed = Object.assign(Object.create(right) as Model, { symmetryEncoder: () => wrong.symmetryEncoder!() });
  t.throws(() => check(mixed, { strategy: "symmetry", fingerprints: "verify", stopAtFirst: false }), { message: /symmetryEncoder\(\) disagrees with canonicalize\(\)/ });
});
