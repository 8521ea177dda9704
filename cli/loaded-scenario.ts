import type { Scenario } from "../model/scenario.js";
import { loadScenarios } from "./load-scenarios.js";

/**
 * A `--load`ed scenario rebuilt inside a parallel-search worker: the worker imports this module
 * and calls it with the file and the name (a ModelSource), since a model is a closure and cannot
 * be sent to another thread.
 */
export async function findLoadedScenario(file: string, name: string): Promise<Scenario> {
  const found = (await loadScenarios([file])).find((s) => s.name === name);
  if (!found) throw new Error(`--load: "${file}" no longer has scenario "${name}"`);
  return found;
}
