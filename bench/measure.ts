import { check, type CheckResult, type Model, type SearchOptions } from "../checker/index.js";

/** Runs `check` `repeats` times on fresh models and keeps the fastest run (the others warm the JIT). */
export function bestOf(build: () => Model, opts: SearchOptions, repeats: number): CheckResult {
  let best: CheckResult | null = null;
  for (let i = 0; i < repeats; i++) {
    const r = check(build(), opts);
    if (!best || r.stats.elapsedMs < best.stats.elapsedMs) best = r;
  }
  return best!;
}
