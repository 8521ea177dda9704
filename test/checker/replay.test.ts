import test from "ava";
import { check, replay } from "../../checker/index.js";
import { racyCounter } from "../../examples/racy-counter.js";
import { twoBugs } from "../helpers/models.js";

test("replay executes a counterexample step by step with labels, contexts and states", (t) => {
  const m = racyCounter(2);
  const v = check(m).violations[0]!;
  const r = replay(m, v.choices);
  t.is(r.error, null);
  t.is(r.steps.length, v.choices.length);
  t.is(r.violation?.name, "lost-update");
  t.deepEqual(
    r.steps.map((s) => s.label),
    ["tmp = counter", "tmp = counter", "counter = tmp + 1", "counter = tmp + 1"],
  );
  t.is(r.steps[3]!.state[0], 1, "the counter ends at 1, not 2");
});

test("replay says at which step a trace stops fitting the model", (t) => {
  const r = replay(racyCounter(2), [0, 0, 0]);
  t.is(r.error?.step, 3);
  t.regex(r.error!.reason, /not enabled/);
});

test("replay reports an assertion raised by the last step", (t) => {
  const r = replay(twoBugs(), [0, 0]);
  t.is(r.error, null);
  t.is(r.violation?.kind, "assertion");
  t.is(r.violation?.name, "boom");
});

test("replay of a run with no violation reports none", (t) => {
  const r = replay(racyCounter(2), [0, 0, 1, 1]);
  t.is(r.violation, null);
  t.is(r.error, null);
});
