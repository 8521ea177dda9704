import { explorer, ModelError, runSlice, type CheckResult, type Model, type SearchOptions } from "../checker/index.js";
import type { Scenario } from "../model/scenario.js";
import type { Interrupts } from "./interrupts.js";
import { ProgressLine } from "./progress.js";

/** Expansions per slice: between slices the event loop runs (progress, a Ctrl-C listener). */
const SLICE = 50_000;

/** A scenario's build() that throws is a model error, like any other model method that throws. */
export function buildModel(sc: Scenario): Model {
  try {
    return sc.build();
  } catch (e) {
    throw ModelError.threw("build", e);
  }
}

/**
 * Checks one scenario in slices that a Ctrl-C can end (interrupts.ts). Returns its result (bound
 * "interrupted" if a Ctrl-C came during the search), or null when a Ctrl-C came before the search
 * had started (the scenario was not run). A model that breaks its contract throws ModelError.
 */
export async function runScenario(sc: Scenario, opts: SearchOptions, stop: Interrupts, showProgress: boolean): Promise<CheckResult | null> {
  const progress = new ProgressLine(sc.name, showProgress);
  try {
    const started = stop.run(() => explorer(buildModel(sc), { ...opts, onProgress: (p) => progress.update(p), shouldStop: stop.requested }));
    if (started === null) return null;
    const e = started.value;
    for (;;) {
      const r = stop.run(() => runSlice(e, SLICE));
      if (r === null) {
        e.stop("interrupted");
        break;
      }
      if (r.value) break;
      await new Promise<void>((res) => setImmediate(res));
    }
    return e.result();
  } finally {
    progress.done();
  }
}

