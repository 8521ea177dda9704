/**
 * Property testing with fast-check: random schedules that shrink, for socheck and for its users.
 *
 * A user's ava test (see README, section "Property tests"):
 *
 * ```ts
 * import test from "ava";
 * import { checkSchedules } from "socheck/properties";
 *
 * test("my placement survives 500 random schedules", (t) => {
 *   const r = checkSchedules("example-peterson", { numRuns: 500 });
 *   t.true(r.ok, r.message); // on failure: the violation, seed and path to replay, choices, the trace
 * });
 * ```
 */
export { scheduleArb, MAX_PICK, type Schedule, type ScheduleArbOptions } from "./schedule.js";
export { ScheduleRunner, runSchedule, scheduleOf, type RunOptions, type ScheduleOutcome } from "./schedule-runner.js";
export {
  assertNoViolation,
  checkSchedules,
  resolveTarget,
  scheduleProperty,
  type ScheduleCheckOptions,
  type ScheduleCheckReport,
  type ScheduleCounterexample,
  type ScheduleTarget,
} from "./schedule-check.js";
export * from "./random-model.js";
export { bruteForce, type BruteFinding, type BruteResult } from "./brute-force.js";
