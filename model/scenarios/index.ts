import type { Scenario } from "../scenario.js";
import { exampleScenarios } from "./examples.js";
import { kernelScenarioList } from "./kernel.js";
import { netbsdScenarioList } from "./netbsd-pr20390.js";
import { closeStormScenarioList } from "./close-storm.js";

/**
 * Every built-in scenario, in the order `socheck list` prints them.
 * Kernel scenarios (the seed cases) register here beside the classic examples.
 */
export const scenarios: readonly Scenario[] = [...exampleScenarios, ...kernelScenarioList, ...netbsdScenarioList, ...closeStormScenarioList];

export function findScenario(name: string): Scenario | undefined {
  return scenarios.find((s) => s.name === name);
}
