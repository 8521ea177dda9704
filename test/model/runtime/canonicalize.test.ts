import test from "ava";
import { check, replay } from "../../../checker/index.js";
import { composeKernelWith } from "../../../model/compose/compose.js";
import { connectionSymmetry } from "../../../model/kernel/instance-symmetry.js";
import { closeStorm, type StormPlacement } from "../../../model/compose/storm.js";
import type { KernelModel } from "../../../model/runtime/kernel-model.js";
import { V_CTX, V_PC, V_PC1, V_PLAIN, V_TAG } from "../../../model/runtime/canonicalize.js";
import { reachable } from "./helpers.js";

const props = (r: { violations: readonly { property: string }[] }) => [...new Set(r.violations.map((v) => v.property))].sort();

function storm(n: number, m: number, p: StormPlacement): { model: KernelModel; spec: ReturnType<typeof closeStorm>; kern: ReturnType<typeof composeKernelWith>["kern"] } {
  const spec = closeStorm(n, m, p);
  const { model, kern } = composeKernelWith(spec);
  return { model, spec, kern };
}

test("symmetric and full BFS agree on verdict and violated properties on every close storm full BFS handles here", (t) => {
  const sizes: [number, number, StormPlacement][] = [
    [2, 0, "bsd44"],
    [2, 2, "bsd44"],
    [3, 0, "bsd44"],
    [3, 1, "bsd44"],
    [2, 0, "kyu-stubbed"],
    [2, 1, "kyu-stubbed"],
  ];
  for (const [n, m, p] of sizes) {
    const { model } = storm(n, m, p);
    t.truthy(model.canonicalize, `${p} N=${n}: instances are interchangeable`);
    const full = check(model, { stopAtFirst: false });
    const sym = check(model, { strategy: "symmetry", stopAtFirst: false });
    const what = `${p} N=${n} M=${m}`;
    t.is(sym.verdict, full.verdict, what);
    t.true(sym.exhaustive && full.exhaustive, what);
    t.deepEqual(props(sym), props(full), what);
    t.true(sym.stats.states < full.stats.states, `${what}: ${sym.stats.states} vs ${full.stats.states}`);
  }
});

test("one connection, or connections whose threads differ, get no canonical form", (t) => {
  t.is(storm(1, 0, "bsd44").model.canonicalize, undefined);
  const spec = closeStorm(2, 0, "bsd44");
  const contexts = spec.contexts.map((c) => (c.name === "U1" ? { ...c, program: "shutdown-close" as const } : c));
  t.is(composeKernelWith({ ...spec, contexts }).model.canonicalize, undefined);
});

test("the canonical form of a reachable state is reachable, idempotent, and a counterexample found with it replays concretely", (t) => {
  for (const n of [2, 3]) {
    const { model } = storm(n, 0, "bsd44");
    const all = reachable(model);
    const out = new Int32Array(model.stateSize);
    const again = new Int32Array(model.stateSize);
    let moved = 0;
    for (const s of all.values()) {
      model.canonicalize!(s, out);
      if (!all.has(out.join())) return t.fail(`N=${n}: canonical form of a reachable state is unreachable`);
      model.canonicalize!(out, again);
      if (again.join() !== out.join()) return t.fail(`N=${n}: canonicalize is not idempotent`);
      if (out.join() !== s.join()) moved++;
    }
    t.true(moved > 0, `N=${n}: some states are not their own representative`);
  }
  const kyu = storm(2, 0, "kyu-stubbed").model;
  const k = check(kyu, { strategy: "symmetry" });
  t.is(k.verdict, "violation");
  const v = k.violations[0]!;
  t.is(replay(kyu, v.choices).violation?.name, v.property);
});

test("wrong canonical forms (sorting the instances but not renaming one kind of name) are caught by the reachability oracle", (t) => {
  // From a symmetric initial state (no segment in flight) every permutation of a reachable state is
  // reachable; a canonical form that forgets to rename what names an instance makes states no run reaches.
  const kinds: [string, number][] = [["everything", -1], ["segments", V_TAG], ["return addresses", V_PC1], ["context ids", V_CTX], ["pcs", V_PC]];
  for (const [what, drop] of kinds) {
    const { model, spec, kern } = storm(2, 0, "bsd44");
    const good = connectionSymmetry(model, kern.instances!, spec.contexts)!;
    model.useSymmetry({ ...good, kinds: good.kinds.map((k) => (drop < 0 || k === drop ? V_PLAIN : k)) });
    const all = reachable(model);
    const out = new Int32Array(model.stateSize);
    let unreachable = 0;
    for (const s of all.values()) {
      model.canonicalize!(s, out);
      if (!all.has(out.join())) unreachable++;
    }
    t.true(unreachable > 0, `not renaming ${what}`);
  }
});

test("a canonical form that forgets segments merges states that are not symmetric: fewer states than the true classes", (t) => {
  const { model: right } = storm(2, 2, "bsd44");
  const { model, spec, kern } = storm(2, 2, "bsd44");
  const good = connectionSymmetry(model, kern.instances!, spec.contexts)!;
  model.useSymmetry({ ...good, kinds: good.kinds.map((k) => (k === V_TAG ? V_PLAIN : k)) });
  const truth = check(right, { strategy: "symmetry" }).stats.states;
  t.true(check(model, { strategy: "symmetry" }).stats.states < truth);
});
