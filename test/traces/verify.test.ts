import test from "ava";
import { check, type Model } from "../../checker/index.js";
import { peterson } from "../../examples/peterson.js";
import { racyCounter } from "../../examples/racy-counter.js";
import { modelHash } from "../../traces/model-hash.js";
import { recordTrace } from "../../traces/record.js";
import type { TraceFile } from "../../traces/trace-file.js";
import { verifyTrace } from "../../traces/verify.js";

function traceOf(m: Model, scenario = "s"): TraceFile {
  const v = check(m).violations[0]!;
  return recordTrace(m, v.choices, v, { scenario });
}

test("a trace replayed on its own model is confirmed", (t) => {
  const m = peterson(true);
  const v = verifyTrace(m, traceOf(m));
  t.is(v.status, "confirmed", v.reason);
  t.true(v.hashMatches);
  t.deepEqual(v.drift, []);
});

test("on the fixed model the trace diverges, at the step that no longer exists", (t) => {
  const tr = traceOf(racyCounter(2));
  // The atomic counter has the same shape but one step per thread: the trace diverges at step 3.
  const v = verifyTrace(racyCounter(2, true), tr);
  t.not(v.status, "confirmed");
  t.is(v.status, "diverged");
  t.is(v.step, 3);
  t.regex(v.reason, /^step 3: T\d counter = tmp \+ 1 is not enabled in the current model; enabled here: nothing/);
  t.false(v.hashMatches);
  t.true(v.drift.some((d) => d.now.includes("counter++")));
});

test("a violation before the trace's end is reported at its step", (t) => {
  const m = peterson(true);
  const tr = traceOf(m);
  const longer = { ...tr, steps: [...tr.steps, tr.steps[tr.steps.length - 1]!] };
  const v = verifyTrace(m, longer);
  t.is(v.status, "diverged");
  t.is(v.step, tr.steps.length);
  t.regex(v.reason, /mutual-exclusion .* already breaks here/);
});

test("a choice the model does not have is named", (t) => {
  const m = peterson(true);
  const tr = traceOf(m);
  const bad = { ...tr, steps: [{ choice: 7, context: "P9", label: "gone" }, ...tr.steps] };
  const v = verifyTrace(m, bad);
  t.is(v.status, "diverged");
  t.is(v.step, 1);
  t.regex(v.reason, /choice 7 \(P9 gone\) does not exist/);
});

test("a trace cut short replays to no violation", (t) => {
  const m = racyCounter(2);
  const tr = traceOf(m);
  const v = verifyTrace(m, { ...tr, steps: tr.steps.slice(0, 2) });
  t.is(v.status, "no-violation");
  t.regex(v.reason, /lost-update no longer occurs/);
});

test("model hash: signature when given, shape otherwise, and it changes with the model", (t) => {
  const a = modelHash(racyCounter(2));
  t.is(a.hashOf, "shape");
  t.not(a.hash, modelHash(racyCounter(3)).hash);
  const signed = { ...racyCounter(2), signature: () => "v1" };
  t.is(modelHash(signed).hashOf, "signature");
  t.not(modelHash(signed).hash, modelHash({ ...signed, signature: () => "v2" }).hash);
});

test("a trace whose steps now end in another property is a different violation, not confirmed", (t) => {
  const m = racyCounter(2);
  const tr = traceOf(m);
  const v = verifyTrace(m, { ...tr, violation: { ...tr.violation, property: "double-free" } });
  t.is(v.status, "different-violation");
  t.is(v.step, null);
  t.regex(v.reason, /^all 4 steps replay but end in lost-update \(.*\), not double-free$/);
});
