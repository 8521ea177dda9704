import test from "ava";
import fc from "fast-check";
import { replay } from "../../checker/index.js";
import { peterson } from "../../examples/peterson.js";
import { racyCounter } from "../../examples/racy-counter.js";
import { findScenario } from "../../model/scenarios/index.js";
import { assertNoViolation, checkSchedules, scheduleProperty } from "../../properties/index.js";
import { parseTrace } from "../../traces/validate.js";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

test("a lost update is found by name, shrunk, and its choices replay to it", (t) => {
  const r = checkSchedules("example-racy-counter", { numRuns: 300, seed: 1 });
  t.false(r.ok);
  const cx = r.counterexample!;
  t.is(cx.outcome.violation?.property, "lost-update");
  // Both threads must load before either stores: 4 steps, and the shrunk schedule needs no more picks.
  t.is(cx.outcome.choices.length, 4);
  t.true(cx.schedule.length <= 4, `shrunk schedule ${JSON.stringify(cx.schedule)}`);
  const rep = replay(racyCounter(2), cx.outcome.choices);
  t.is(rep.error, null);
  t.is(rep.violation?.name, "lost-update");
  t.regex(r.message, /seed: 1, path: "[\d:]+"/);
  t.regex(r.message, /choices: \[\d, \d, \d, \d\]/);
  t.is(cx.trace.violation.property, "lost-update");
  t.deepEqual(cx.trace.steps.map((s) => s.choice), cx.outcome.choices);
});

test("the printed seed and path replay the same shrunk counterexample", (t) => {
  const first = checkSchedules(racyCounter(3), { numRuns: 300, seed: 42 });
  t.false(first.ok);
  const again = checkSchedules(racyCounter(3), { seed: first.seed, path: first.path! });
  t.false(again.ok);
  t.deepEqual(again.counterexample!.outcome.choices, first.counterexample!.outcome.choices);
});

test("a scenario with no violation reaches no verdict beyond 'none found'", (t) => {
  const r = checkSchedules(findScenario("example-peterson")!, { numRuns: 100, maxSteps: 60 });
  t.true(r.ok);
  t.is(r.runs, 100);
  t.regex(r.message, /no violation in 100 random schedules .*not a proof/);
  t.notThrows(() => assertNoViolation(peterson(), { numRuns: 50, maxSteps: 40 }));
});

test("mutual exclusion and deadlock are found in the classic broken examples", (t) => {
  t.is(checkSchedules("example-peterson-broken", { numRuns: 500, seed: 3 }).counterexample?.outcome.violation?.property, "mutual-exclusion");
  const d = checkSchedules("example-philosophers", { numRuns: 500, seed: 3 });
  t.is(d.counterexample?.outcome.violation?.kind, "stuck");
  t.is(d.counterexample?.outcome.violation?.property, "deadlock");
});

test("assertNoViolation throws with the message and can write the trace file", (t) => {
  const dir = mkdtempSync(join(tmpdir(), "socheck-prop-"));
  const file = join(dir, "cx.json");
  const e = t.throws(() => assertNoViolation("example-racy-counter", { numRuns: 300, seed: 5, traceFile: file }));
  t.regex(e!.message, /lost-update/);
  t.regex(e!.message, /trace written to/);
  const tr = parseTrace(readFileSync(file, "utf8"));
  t.is(tr.violation.property, "lost-update");
  t.is(tr.scenario.name, "example-racy-counter");
});

test("an unknown scenario name is refused by name", (t) => {
  t.throws(() => checkSchedules("no-such-scenario"), { message: /unknown scenario "no-such-scenario"/ });
});

test("scheduleProperty plugs into fast-check directly", (t) => {
  const d = fc.check(scheduleProperty(racyCounter(2)), { seed: 9, numRuns: 300 });
  t.true(d.failed);
  t.regex(String((d.errorInstance as Error | undefined)?.message ?? ""), /lost-update/);
  t.false(fc.check(scheduleProperty(racyCounter(2, true)), { seed: 9, numRuns: 100 }).failed);
});
