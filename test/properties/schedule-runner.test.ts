import test from "ava";
import { independent } from "../helpers/models.js";
import { racyCounter } from "../../examples/racy-counter.js";
import { ScheduleRunner } from "../../properties/schedule-runner.js";

test("extend: false takes exactly the schedule's picks and stops there, cut", (t) => {
  // Two threads of three private steps: a run ends after six steps, so every shorter schedule is cut.
  const runner = new ScheduleRunner(independent(2, 3));
  for (let len = 0; len < 6; len++) {
    const o = runner.run(Array.from({ length: len }, () => 1), { extend: false });
    t.is(o.choices.length, len, `schedule of ${len}`);
    t.is(o.end, "cut");
    t.is(o.violation, null);
  }
  const all = runner.run([0, 0, 0, 0, 0, 0], { extend: false });
  t.is(all.choices.length, 6);
  t.is(all.end, "ended");
});

test("extend: true runs on with pick 0 to the end, where the end-of-run checks see a lost update", (t) => {
  const runner = new ScheduleRunner(racyCounter(2));
  // T0 loads, then T1 loads: both store 1 whatever comes next.
  const cut = runner.run([0, 1], { extend: false });
  t.deepEqual(cut.choices, [0, 1]);
  t.is(cut.end, "cut");
  const extended = runner.run([0, 1]);
  t.is(extended.choices.length, 4);
  t.is(extended.end, "violation");
  t.is(extended.violation?.property, "lost-update");
});

test("maxSteps cuts an extended run", (t) => {
  const o = new ScheduleRunner(independent(2, 3)).run([], { maxSteps: 4 });
  t.is(o.choices.length, 4);
  t.is(o.end, "cut");
});
