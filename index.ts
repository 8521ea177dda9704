/** socheck's public API: the engine, the kernel scenarios and (as they land) traces and property tests. */
export * from "./checker/index.js";
export type { Scenario, Expectation } from "./model/scenario.js";
export { meetsExpectation } from "./model/scenario.js";
export { scenarios, findScenario } from "./model/scenarios/index.js";
