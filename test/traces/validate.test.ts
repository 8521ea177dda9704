import { readFileSync } from "node:fs";
import test from "ava";
import { check } from "../../checker/index.js";
import { peterson } from "../../examples/peterson.js";
import { racyCounter } from "../../examples/racy-counter.js";
import { recordTrace } from "../../traces/record.js";
import { traceSchema } from "../../traces/schema.js";
import { TraceError } from "../../traces/trace-error.js";
import { parseTrace, serializeTrace } from "../../traces/validate.js";

function sample() {
  const m = racyCounter(2);
  const v = check(m).violations[0]!;
  return recordTrace(m, v.choices, v, { scenario: "example-racy-counter" });
}

test("round trip: record, serialize, parse gives the same trace", (t) => {
  const tr = sample();
  t.deepEqual(parseTrace(serializeTrace(tr)), tr);
  t.is(tr.steps.length, 4);
  t.is(tr.violation.property, "lost-update");
  t.deepEqual(tr.steps.map((s) => s.context).sort(), ["T0", "T0", "T1", "T1"]);
});

test("the published schema file is the schema the validator uses", (t) => {
  const file = JSON.parse(readFileSync(new URL("../../traces/trace.schema.json", import.meta.url), "utf8")) as unknown;
  t.deepEqual(file, JSON.parse(JSON.stringify(traceSchema)));
});

test("recording refuses choices that do not reach the violation", (t) => {
  const m = peterson(true);
  const v = check(m).violations[0]!;
  t.throws(() => recordTrace(m, v.choices.slice(0, -1), v, { scenario: "x" }), { message: /not mutual-exclusion|no violation/ });
});

const bad: [string, (o: Record<string, unknown>) => unknown, RegExp][] = [
  ["not JSON", () => "{", /not JSON/],
  ["an array", () => [], /not a socheck trace/],
  ["a future version", (o) => ({ ...o, socheckTrace: 2 }), /version 2/],
  ["no steps", (o) => ({ ...o, steps: undefined }), /'steps'/],
  ["a negative choice", (o) => ({ ...o, steps: [{ choice: -1, context: "T0", label: "x" }] }), /\/steps\/0\/choice/],
  ["an unknown violation kind", (o) => ({ ...o, violation: { kind: "oops", property: "p", message: "m" } }), /\/violation\/kind/],
  ["an unknown field", (o) => ({ ...o, extra: 1 }), /"extra"/],
  ["a malformed hash", (o) => ({ ...o, model: { ...(o.model as object), hash: "xyz" } }), /\/model\/hash/],
];
for (const [what, mutate, msg] of bad) {
  test(`a trace with ${what} is rejected in one line naming the problem`, (t) => {
    const o = JSON.parse(serializeTrace(sample())) as Record<string, unknown>;
    const m = mutate(o);
    const text = typeof m === "string" ? m : JSON.stringify(m);
    const e = t.throws(() => parseTrace(text, "f.json"), { instanceOf: TraceError });
    t.regex(e!.message, msg);
    t.true(e!.message.startsWith("f.json: "));
    t.false(e!.message.includes("\n"));
  });
}
