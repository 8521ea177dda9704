import test from "ava";
import fc from "fast-check";
import { check, replay, type CheckResult } from "../../../checker/index.js";
import { composeKernel } from "../../../model/compose/compose.js";
import { KERNEL_SITES } from "../../../model/kernel/sites.js";
import { PlacementError, type Placement, type Protection, type WaitPolicy } from "../../../model/runtime/placement.js";
import { kernelScenarios } from "../../../model/scenarios/kernel.js";

/**
 * POR against full BFS on kernel models nobody wrote by hand: a seed scenario's contexts and peer
 * with a random placement (each spl or entry site real, stubbed, or one of two locks, recursive
 * or not; each wait site holding, releasing or interlocking; so_state updates split or atomic).
 * That is what users do to the model, and it drives footprintBefore's scheduler and lock claims
 * and the chaining through configurations the registered scenarios do not have.
 */
const found = (r: CheckResult) => [...new Set(r.violations.map((v) => `${v.kind}:${v.property}`))].sort();
const sites = [...KERNEL_SITES.sites].sort();
const waits = [...KERNEL_SITES.waits].sort();
// Small enough for full BFS to finish in a few tens of milliseconds with most placements.
const bases = ["kyu-netlock", "kyu-sleep-holding-lock", "lost-wakeup", "kyu-stubbed-spl", "bsd44-listen", "dragonfly-soreceive-check", "kyu-netlock-timers", "lost-wakeup-latched"].map((n) => {
  const sc = kernelScenarios.find((s) => s.spec.name === n);
  if (!sc) throw new Error(`no kernel scenario ${n}`);
  return sc;
});

const protection: fc.Arbitrary<Protection> = fc.oneof(fc.constant<Protection>("spl"), fc.constant<Protection>("none"), fc.constantFrom<Protection>({ lock: "A" }, { lock: "B" }));
const arb = fc.record({
  base: fc.integer({ min: 0, max: bases.length - 1 }),
  dflt: protection,
  sites: fc.dictionary(fc.constantFrom(...sites), protection, { maxKeys: 5 }),
  waits: fc.dictionary(fc.constantFrom(...waits), fc.constantFrom<WaitPolicy>("hold", "release", "interlock"), { maxKeys: 2 }),
  recursive: fc.tuple(fc.boolean(), fc.boolean()),
  rmw: fc.constantFrom<"atomic" | "split">("atomic", "split"),
});

test("on random placements of seed scenarios, POR finds exactly what full BFS finds, and its traces replay", (t) => {
  let compared = 0;
  let reduced = 0;
  fc.assert(
    fc.property(arb, (a) => {
      const base = bases[a.base]!.spec;
      const placement: Placement = {
        name: "random",
        locks: { A: { recursive: a.recursive[0] }, B: { recursive: a.recursive[1] } },
        default: a.dflt,
        sites: a.sites,
        waits: a.waits,
        rmw: a.rmw,
      };
      const spec = { ...base, placement };
      // Not every placement fits every policy (real spl needs bsd-up): those are rejected, not checked.
      try {
        composeKernel(spec);
      } catch (e) {
        if (e instanceof PlacementError) return true;
        throw e;
      }
      const opts = { stopAtFirst: false, maxStates: 150_000 };
      const full = check(composeKernel(spec), opts);
      const por = check(composeKernel(spec), { ...opts, strategy: "por" });
      if (full.boundsHit.length > 0 || por.boundsHit.length > 0) return por.verdict !== "safe" || full.verdict !== "violation";
      compared++;
      if (por.stats.states < full.stats.states) reduced++;
      if (por.verdict !== full.verdict || found(por).join() !== found(full).join() || por.stats.states > full.stats.states) return false;
      const model = composeKernel(spec);
      return por.violations.every((v) => {
        const r = replay(model, v.choices);
        return r.error === null && (v.kind === "assertion" || r.violation?.name === v.property);
      });
    }),
    { numRuns: 60, seed: 20261122 },
  );
  t.true(compared > 30 && reduced > 20, `${compared} placements compared, ${reduced} reduced`);
});
