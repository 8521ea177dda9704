import test from "ava";
import { check } from "../../checker/index.js";
import { scenarios } from "../../model/scenarios/index.js";
import { annotate } from "../../traces/annotate.js";
import { minimise } from "../../traces/minimise.js";
import { recordTrace } from "../../traces/record.js";
import { renderHtml } from "../../traces/render-html.js";
import { renderMermaid } from "../../traces/render-mermaid.js";
import { renderText } from "../../traces/render-text.js";
import { parseTrace, serializeTrace } from "../../traces/validate.js";
import { verifyTrace } from "../../traces/verify.js";

// Every registered scenario expected to break, as they land (classic examples and the seed cases):
// its counterexample goes through the whole trace pipeline and must come back confirmed.
const breaking = scenarios.filter((s) => s.expected.verdict === "violation");

test("the registry has scenarios expected to break", (t) => {
  t.true(breaking.length > 0);
});

for (const sc of breaking) {
  test(`${sc.name}: its counterexample is recorded, replayed, minimised and rendered`, (t) => {
    const model = sc.build();
    const result = check(model, { maxStates: 2_000_000 });
    const v = result.violations[0];
    if (!v) return t.fail(`${sc.name}: no counterexample found (verdict ${result.verdict}); the scenario test owns that mismatch`);
    const trace = parseTrace(serializeTrace(recordTrace(model, v.choices, v, { scenario: sc.name })));
    const verdict = verifyTrace(sc.build(), trace);
    t.is(verdict.status, "confirmed", verdict.reason);

    const m = minimise(model, v.choices, { budget: 50_000 });
    const again = verifyTrace(model, recordTrace(model, m.choices, v, { scenario: sc.name }));
    t.is(again.status, "confirmed", `minimised: ${again.reason}`);
    t.true(m.choices.length <= v.choices.length);

    const tr = annotate(model, m.choices);
    const raw = renderText(tr, { scenario: sc.name, minimisation: m.record, raw: true, width: 100_000 });
    for (const s of tr.steps) t.true(raw.includes(s.label), `step ${s.index} label in the raw text`);
    t.true(raw.includes(v.property));
    t.is(renderMermaid(tr, { raw: true }).match(/^ {4}Note over c\d+: /gm)?.length, tr.steps.length);
    // The kernel's view: every step is on a row of its own or counted in a fold, in order.
    const text = renderText(tr, { scenario: sc.name, minimisation: m.record });
    const covered = [...text.matchAll(/^ *(\d+)(?:–(\d+))? {2}/gm)].flatMap((x) => (x[2] ? Array.from({ length: Number(x[2]) - Number(x[1]) + 1 }, (_, k) => Number(x[1]) + k) : [Number(x[1])]));
    t.deepEqual(covered, tr.steps.map((s) => s.index));
    t.true(text.split("\n").every((l) => [...l].length <= 120), "the text fits 120 columns");
    t.true(renderHtml(tr).includes(v.property));
  });
}
