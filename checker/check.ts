import { BfsSearch } from "./strategies/bfs.js";
import { BitstateSearch } from "./strategies/bitstate.js";
import { DfsSearch } from "./strategies/dfs.js";
import { ParallelSearch } from "./strategies/parallel.js";
import { PorBfsSearch } from "./reductions/por-bfs.js";
import type { Explorer } from "./explorer.js";
import type { Model } from "./model.js";
import type { SearchOptions, Strategy } from "./options.js";
import { RandomWalk } from "./strategies/random-walk.js";
import { porSymmetrySearch, symmetrySearch } from "./reductions/symmetry.js";
import type { CheckResult } from "./result.js";
import { ModelError } from "./model-error.js";

type Factory = (model: Model, opts: SearchOptions) => Explorer;

/** Strategies by name. Reductions and parallel search register here too. */
export const strategies = new Map<Strategy | string, Factory>([
  ["bfs", (m, o) => new BfsSearch(m, o)],
  ["dfs", (m, o) => new DfsSearch(m, o)],
  ["dfs-por", (m, o) => new DfsSearch(m, o, { por: true })],
  ["random", (m, o) => new RandomWalk(m, o)],
  ["por", (m, o) => new PorBfsSearch(m, o)],
  ["parallel", (m, o) => new ParallelSearch(m, o)],
  ["bitstate", (m, o) => new BitstateSearch(m, o)],
  ["symmetry", (m, o) => symmetrySearch(m, o)],
  ["por-symmetry", (m, o) => porSymmetrySearch(m, o)],
]);

export function explorer(model: Model, opts: SearchOptions = {}): Explorer {
  const name = opts.strategy ?? "bfs";
  const f = strategies.get(name);
  if (!f) throw new Error(`unknown strategy "${name}"`);
  try {
    return f(model, opts);
  } catch (err) {
    // A strategy's constructor takes the initial state and checks its invariants: step 0.
    if (err instanceof ModelError && err.step < 0 && err.located) err.step = 0;
    throw err;
  }
}

/**
 * One slice of a search. Running out of memory for the visited table or the frontier is not a
 * crash: the failed allocation happens before anything is half-updated, so the search stops
 * cleanly with bound "memory" and reports what it found. A model that breaks its contract
 * (ModelError) ends the search with the error, numbered with the step it happened at.
 */
export function runSlice(e: Explorer, budget: number): boolean {
  try {
    return e.run(budget);
  } catch (err) {
    if (err instanceof RangeError && /alloc|array length|buffer/i.test(err.message)) {
      e.stop("memory");
      return true;
    }
    if (err instanceof ModelError && err.step < 0) {
      const d = e.currentDepth?.() ?? -1;
      if (d >= 0) err.step = d + (err.choice >= 0 ? 1 : 0);
    }
    throw err;
  }
}

/** Runs a search to the end, synchronously. */
export function check(model: Model, opts: SearchOptions = {}): CheckResult {
  const e = explorer(model, opts);
  while (!runSlice(e, 1 << 30));
  return e.result();
}

/**
 * Runs a search in slices, yielding to the event loop between them so a Ctrl-C handler
 * or a progress timer can run; `shouldStop` in opts is polled as usual.
 */
export async function checkAsync(model: Model, opts: SearchOptions = {}, sliceSize = 50_000): Promise<CheckResult> {
  const e = explorer(model, opts);
  while (!runSlice(e, sliceSize)) await new Promise<void>((r) => setImmediate(r));
  return e.result();
}
