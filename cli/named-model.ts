import { ModelError, type Model } from "../checker/index.js";
import type { Scenario } from "../model/scenario.js";
import { loadScenarios, resolveScenarios } from "./load-scenarios.js";
import { buildModel } from "./run-scenario.js";
import { UsageError } from "./usage-error.js";

/**
 * The one scenario a command names (`describe`, `races`), built: its name looked up as `check`
 * does (loaded ones first, with a suggestion when misspelt), and a build that throws reported as
 * a model error naming the scenario, one line and exit 2.
 */
export async function namedModel(name: string, load: readonly string[]): Promise<{ scenario: Scenario; model: Model }> {
  const scenario = resolveScenarios([name], false, await loadScenarios(load))[0]!;
  try {
    return { scenario, model: buildModel(scenario) };
  } catch (e) {
    if (e instanceof ModelError) throw new UsageError(`model error in scenario "${name}": ${e.describe()}`);
    throw e;
  }
}
