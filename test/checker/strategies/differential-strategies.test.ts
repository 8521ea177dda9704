import test from "ava";
import fc from "fast-check";
import { check, replay, type CheckResult, type Model, type SearchOptions } from "../../../checker/index.js";
import { buildRandomModel, DECIDING_STATES, randomModelSpecArb, type RandomModelOptions, type RandomModelSpec } from "../../../properties/random-model.js";
import { sharedFootprintModel, withContextFootprints } from "../por-helpers.js";

/**
 * Reduced and alternative searches against full BFS on random models (reduction.md §9.3), on every
 * strategy: the reductions (por, dfs-por, por-symmetry) find exactly the properties full BFS finds,
 * store no more states, and their traces replay; parallel BFS and bitstate at full coverage equal it.
 * Two profiles (the default, and DECIDING_STATES: guarded alternatives, one context's branches,
 * private loops) and two kinds of footprint (exact, and shared slots only).
 */

const props = (r: CheckResult) => [...new Set(r.violations.map((v) => `${v.kind}:${v.property}`))].sort().join();
const lengths = (r: CheckResult) => r.violations.map((v) => `${v.property}:${v.choices.length}`).sort().join();

/** What differs between `r` (strategy `name`) and full BFS on `m`, or null. */
function disagreement(m: Model, full: CheckResult, name: string, r: CheckResult): string | null {
  if (r.verdict !== full.verdict) return `${name}: ${r.verdict}, full BFS ${full.verdict}`;
  if (props(r) !== props(full)) return `${name}: ${props(r)}, full BFS ${props(full)}`;
  if (r.stats.states > full.stats.states) return `${name}: ${r.stats.states} states, full BFS ${full.stats.states}`;
  for (const v of r.violations) {
    const p = replay(m, v.choices);
    if (p.error) return `${name}: ${v.property} does not replay (${p.error.reason})`;
    if (p.violation?.name !== v.property) return `${name}: ${v.property} replays to ${p.violation?.name}`;
  }
  return null;
}

const reductions: [string, SearchOptions][] = [
  ["por", { strategy: "por" }],
  ["dfs-por", { strategy: "dfs-por" }],
  ["por-symmetry", { strategy: "por-symmetry" }],
];

for (const [profileName, profile] of [["default", { maxContexts: 4 }], ["deciding-states", DECIDING_STATES]] as [string, RandomModelOptions][])
  for (const [fpName, wrap] of [["exact footprints", (s: RandomModelSpec) => withContextFootprints(s, buildRandomModel(s))], ["shared-slot footprints", sharedFootprintModel]] as const)
    test(`every strategy agrees with full BFS on random models (${profileName}, ${fpName})`, (t) => {
      let reduced = 0;
      let bitstateFull = 0;
      let models = 0;
      fc.assert(
        fc.property(randomModelSpecArb(profile), (spec) => {
          const m = wrap(spec);
          const full = check(m, { stopAtFirst: false, maxStates: 20_000 });
          if (full.boundsHit.length > 0) return true;
          models++;
          for (const [name, opts] of reductions) {
            const r = check(m, { ...opts, stopAtFirst: false });
            const d = disagreement(m, full, name, r);
            if (d) throw new Error(`${d}\n${JSON.stringify(spec)}`);
            if (name === "por" && r.stats.states < full.stats.states) reduced++;
          }
          const par = check(m, { strategy: "parallel", stopAtFirst: false });
          if (par.stats.states !== full.stats.states || par.stats.transitions !== full.stats.transitions || lengths(par) !== lengths(full))
            throw new Error(`parallel: ${par.stats.states} states, ${lengths(par)}; full BFS ${full.stats.states}, ${lengths(full)}\n${JSON.stringify(spec)}`);
          const bit = check(m, { strategy: "bitstate", bitstateLog2: 20, stopAtFirst: false });
          // At full coverage (every state full BFS stores) bitstate must find what full BFS finds.
          if (bit.stats.states === full.stats.states) {
            bitstateFull++;
            if (props(bit) !== props(full)) throw new Error(`bitstate at full coverage: ${props(bit)}, full BFS ${props(full)}\n${JSON.stringify(spec)}`);
          }
          return true;
        }),
        { numRuns: 40, seed: 1818 },
      );
      t.true(models > 25, `only ${models} models finished`);
      t.true(reduced > 0, "no model was reduced: the comparison would not notice an unsound reduction");
      t.true(bitstateFull > models / 2, `bitstate covered every state on ${bitstateFull} of ${models} models only`);
    });

test("two worker threads agree with full BFS on random models of the deciding-states profile", (t) => {
  // Each worker loads ts-node and the model afresh (about a second under test): a few models only.
  const specs = fc.sample(randomModelSpecArb(DECIDING_STATES), { numRuns: 3, seed: 1819 });
  for (const spec of specs) {
    const m = sharedFootprintModel(spec);
    const full = check(m, { stopAtFirst: false });
    const par = check(m, {
      strategy: "parallel",
      workers: 2,
      stopAtFirst: false,
      modelSource: { module: new URL("../por-helpers.js", import.meta.url).href, export: "sharedFootprintModel", args: [spec] },
    });
    t.regex(par.notes.join("\n"), /2 worker thread/);
    t.is(par.stats.states, full.stats.states, JSON.stringify(spec));
    t.is(lengths(par), lengths(full));
  }
});
