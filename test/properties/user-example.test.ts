// The README's example, as a user would write it (a user imports from "socheck/properties").
import test from "ava";
import { checkSchedules } from "../../properties/index.js";
import { racyCounter } from "../../examples/racy-counter.js";

test("Peterson's lock survives 300 random schedules", (t) => {
  const r = checkSchedules("example-peterson", { numRuns: 300, maxSteps: 100 });
  t.true(r.ok, r.message);
});

test("my own model: an atomic counter never loses an update", (t) => {
  const r = checkSchedules(racyCounter(3, true), { numRuns: 300 });
  t.true(r.ok, r.message);
});

test("the failure message a user sees names the property, the seed and path, and the trace", (t) => {
  const r = checkSchedules(racyCounter(3), { numRuns: 300, seed: 2024 });
  t.false(r.ok);
  t.regex(r.message, /^racy-counter\(3\): lost-update \(terminal\) after 6 steps/);
  t.regex(r.message, /replay: \{ seed: 2024, path: "[\d:]+" \}/);
  t.regex(r.message, /VIOLATION lost-update/);
});
