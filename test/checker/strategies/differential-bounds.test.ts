import test from "ava";
import fc from "fast-check";
import { check, strategies, type CheckResult, type SearchOptions } from "../../../checker/index.js";
import { randomModelArb } from "../../../properties/index.js";

/**
 * Bounds never change the verdict of a complete search (issue 7, 3b), on random small models:
 * a bound large enough to cut nothing agrees with the unbounded search, and a bound that cuts
 * anything never yields "safe". Partial-order reduction joins these properties when it lands.
 */

const LIMIT = 20_000;
const key = (v: { kind: string; property: string }) => `${v.kind}:${v.property}`;
const keys = (r: CheckResult) => r.violations.map(key).sort().join(" ");

function full(model: Parameters<typeof check>[0], strategy: "bfs" | "dfs" = "bfs"): CheckResult | null {
  const r = check(model, { strategy, stopAtFirst: false, maxStates: LIMIT });
  return r.boundsHit.length > 0 ? null : r;
}

/** What any bounded search must satisfy against the complete one. */
function soundAgainst(complete: CheckResult, bounded: CheckResult, what: string): void {
  const known = new Set(complete.violations.map(key));
  for (const v of bounded.violations) if (!known.has(key(v))) throw new Error(`${what} found ${key(v)}, the complete search did not`);
  if (bounded.boundsHit.length > 0 && bounded.verdict === "safe") throw new Error(`${what} was cut by ${bounded.boundsHit} and said safe`);
  if (bounded.boundsHit.length > 0 && bounded.exhaustive) throw new Error(`${what} was cut and claims to be exhaustive`);
  if (bounded.verdict === "safe" && complete.verdict !== "safe") throw new Error(`${what} said safe, the complete search found ${keys(complete)}`);
  if (bounded.violations.length === 0 && bounded.verdict !== (bounded.boundsHit.length > 0 ? "inconclusive" : "safe"))
    throw new Error(`${what}: verdict ${bounded.verdict} with bounds [${bounded.boundsHit}] and no violation`);
}

test("a preemption bound that cuts nothing agrees with the unbounded search (runs that always end)", (t) => {
  let compared = 0;
  fc.assert(
    fc.property(randomModelArb({ loops: false }), ({ model }) => {
      const c = full(model);
      fc.pre(c !== null);
      // Without loops every run is at most maxDepth long, so it has fewer preemptions than that.
      const k = c!.stats.maxDepth + 1;
      for (const strategy of ["bfs", "dfs"] as const) {
        const b = check(model, { strategy, stopAtFirst: false, preemptionBound: k });
        soundAgainst(c!, b, `${strategy} preemption bound ${k}`);
        if (b.boundsHit.length > 0) throw new Error(`preemption bound ${k} cut a search ${c!.stats.maxDepth} deep`);
        if (b.verdict !== c!.verdict || keys(b) !== keys(c!)) throw new Error(`bound ${k}: ${b.verdict} ${keys(b)} vs ${c!.verdict} ${keys(c!)}`);
        if (!b.exhaustive) throw new Error("an uncut collect-all search is not exhaustive");
      }
      compared++;
    }),
    { numRuns: 120, seed: 8001 },
  );
  t.true(compared > 60);
});

test("every preemption bound is sound, and growing it finds no fewer properties", (t) => {
  fc.assert(
    fc.property(randomModelArb(), ({ model }) => {
      const c = full(model);
      fc.pre(c !== null);
      let prev = new Set<string>();
      for (const k of [0, 1, 2, 4]) {
        const b = check(model, { stopAtFirst: false, preemptionBound: k, maxStates: 4 * LIMIT });
        soundAgainst(c!, b, `preemption bound ${k}`);
        const now = new Set(b.violations.map(key));
        for (const p of prev) if (!now.has(p)) throw new Error(`bound ${k} lost ${p}, found with a smaller bound`);
        prev = now;
      }
    }),
    { numRuns: 80, seed: 8002 },
  );
  t.pass();
});

test("depth and state bounds: cutting nothing changes nothing, cutting anything is never safe", (t) => {
  fc.assert(
    fc.property(randomModelArb(), fc.double({ min: 0, max: 1, noNaN: true }), ({ model }, frac) => {
      const c = full(model);
      fc.pre(c !== null);
      const depth = c!.stats.maxDepth;
      const states = c!.stats.states;
      const cases: [string, SearchOptions, boolean][] = [
        ["max-depth", { maxDepth: depth + 1 }, false],
        ["max-states", { maxStates: states + 1 }, false],
        ["max-depth", { maxDepth: Math.floor(frac * depth) }, true],
        ["max-states", { maxStates: Math.max(1, Math.floor(frac * states)) }, true],
      ];
      for (const strategy of ["bfs", "dfs"] as const) {
        for (const [name, opts, cuts] of cases) {
          const b = check(model, { ...opts, strategy, stopAtFirst: false });
          soundAgainst(c!, b, `${strategy} ${name} ${JSON.stringify(opts)}`);
          if (!cuts && strategy === "bfs" && (b.verdict !== c!.verdict || keys(b) !== keys(c!)))
            throw new Error(`${name} that cuts nothing changed ${c!.verdict} ${keys(c!)} into ${b.verdict} ${keys(b)}`);
          if (!cuts && strategy === "bfs" && b.boundsHit.length > 0) throw new Error(`${JSON.stringify(opts)} cut a search of ${states} states, ${depth} deep`);
        }
      }
    }),
    { numRuns: 100, seed: 8003 },
  );
  t.pass();
});

test("every other registered strategy (reductions, parallel search as they land) agrees with full BFS", (t) => {
  const others = [...strategies.keys()].filter((s) => s !== "bfs" && s !== "random");
  fc.assert(
    fc.property(randomModelArb(), ({ model }) => {
      const c = full(model);
      fc.pre(c !== null);
      for (const strategy of others) {
        const r = check(model, { strategy: strategy as SearchOptions["strategy"], stopAtFirst: false, maxStates: 4 * LIMIT });
        soundAgainst(c!, r, strategy);
        if (r.boundsHit.length === 0 && r.verdict !== c!.verdict) throw new Error(`${strategy}: ${r.verdict}, full BFS: ${c!.verdict} ${keys(c!)}`);
        if (r.exhaustive && keys(r) !== keys(c!)) throw new Error(`${strategy} (exhaustive) found ${keys(r)}, full BFS ${keys(c!)}`);
        if (r.exhaustive && r.stats.states > c!.stats.states) throw new Error(`${strategy} stored more states (${r.stats.states}) than full BFS (${c!.stats.states})`);
      }
    }),
    { numRuns: 100, seed: 8004 },
  );
  t.true(others.includes("dfs"));
});
