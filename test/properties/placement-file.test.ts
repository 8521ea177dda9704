import test from "ava";
import { check } from "../../checker/index.js";
import { readKernelScenarioFile } from "../../model/compose/scenario-file.js";
import { checkSchedules } from "../../properties/index.js";

// A user's CI test of their own placement file, as the README shows: random schedules, not a proof.
test("a placement file with net_lock around soclose and tcp_input survives random schedules", (t) => {
  const r = checkSchedules("test/properties/fixtures/netlock-close.json", { numRuns: 200, seed: 7 });
  t.true(r.ok, r.message);
  // ... and the exhaustive search agrees.
  t.is(check(readKernelScenarioFile("test/properties/fixtures/netlock-close.json").build()).verdict, "safe");
});

test("a placement file locking soclose only is broken by some random schedule, shrunk and replayable", (t) => {
  const r = checkSchedules("test/model/fixtures/my-close-race.json", { numRuns: 500, seed: 11 });
  t.false(r.ok);
  t.regex(r.message, /double-free|double-destroy|use-after-free|lost-update/);
  t.regex(r.message, /seed: 11/);
});

test("a malformed scenario file is refused with a message naming it", (t) => {
  t.throws(() => checkSchedules("test/properties/fixtures/nope.json"), { message: /nope\.json/ });
});
