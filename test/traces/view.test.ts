import test from "ava";
import { check } from "../../checker/index.js";
import { peterson } from "../../examples/peterson.js";
import { findScenario } from "../../model/scenarios/index.js";
import { annotate, displayValue, lastChange } from "../../traces/annotate.js";
import { viewTrace, withCallers } from "../../traces/view.js";

function kernelTrace(name: string, property: string) {
  const m = findScenario(name)!.build();
  const v = check(m, { stopAtFirst: false }).violations.find((x) => x.property === property)!;
  return annotate(m, v.choices);
}

for (const [name, property] of [["netbsd-pr20390", "callout-after-free"], ["kyu-stubbed-spl", "lost-update"], ["lost-wakeup", "lost-wakeup"]] as const) {
  test(`${name}: folds hold no racing step, no hand-over between contexts before the race ends, and every step once`, (t) => {
    const tr = kernelTrace(name, property);
    const v = viewTrace(tr);
    const order = v.rows.flatMap((r) => (r.kind === "step" ? [r.step.step.index] : r.steps.map((s) => s.step.index)));
    t.deepEqual(order, tr.steps.map((s) => s.index));
    const folded = new Set(v.rows.flatMap((r) => (r.kind === "fold" ? r.steps.map((s) => s.step.index) : [])));
    t.true(folded.size > tr.steps.length / 2, `${folded.size} of ${tr.steps.length} folded`);
    for (const r of v.race) t.false(folded.has(r.step), `racing step ${r.step} in view`);
    t.false(folded.has(tr.steps.length));
    const lastRace = Math.max(...v.race.map((r) => r.step));
    // A read by one context of what another wrote keeps both steps in view.
    for (let j = 2; j <= lastRace; j++) {
      const s = tr.steps[j - 1]!;
      const reads = Array.from(tr.model.footprint!(tr.steps[j - 2]!.state, s.choice).reads).filter((x) => !v.hidden.has(x));
      for (const x of reads) {
        const w = lastChange(tr, x, j - 1);
        if (w > 0 && tr.steps[w - 1]!.context !== s.context) {
          t.false(folded.has(w), `step ${w} wrote ${tr.slotNames[x]} that step ${j} reads`);
          t.false(folded.has(j), `step ${j} reads ${tr.slotNames[x]} from step ${w}`);
        }
      }
    }
    for (const r of v.rows) if (r.kind === "fold") t.true(r.steps.every((s) => s.step.context === r.steps[0]!.step.context), "a fold is one context's");
    for (const s of v.steps) t.true(s.changes.every((c) => !v.hidden.has(c.slot)), "bookkeeping hidden");
  });
}

test("raw: no folds, every slot change shown", (t) => {
  const tr = kernelTrace("netbsd-pr20390", "callout-after-free");
  const v = viewTrace(tr, { raw: true });
  t.true(v.rows.every((r) => r.kind === "step"));
  t.deepEqual(v.steps.map((s) => s.changes.length), tr.steps.map((s) => s.changes.length));
  t.true(v.bookkeeping.size > 0 && v.hidden.size === 0);
});

test("a model without a trace view is shown step by step, unfolded", (t) => {
  const m = peterson(true);
  const tr = annotate(m, check(m).violations[0]!.choices);
  const v = viewTrace(tr);
  t.is(v.rows.length, tr.steps.length);
  t.false(v.explained);
});

test("withCallers puts the callers in front of a label from the path's last routine", (t) => {
  t.is(withCallers(["ipintr", "tcp_input", "tcp_close"], "tcp_close:free(tp)"), "ipintr → tcp_input → tcp_close:free(tp)");
  t.is(withCallers(["tcp_close"], "tcp_close:free(tp)"), "tcp_close:free(tp)");
  t.is(withCallers(["a", "b"], "softnet:main:iret"), "softnet:main:iret");
});

test("ghosts that record an instruction print as the step that set it, never as an index", (t) => {
  const tr = kernelTrace("netbsd-pr20390", "callout-after-free");
  const slot = tr.slotNames.indexOf("tp.ghost.freedAt");
  const at = lastChange(tr, slot);
  const s = tr.steps[at - 1]!;
  t.is(s.label, "tcp_close:free(tp)");
  t.deepEqual(s.changes.find((c) => c.slot === slot), { slot, name: "tp.ghost.freedAt", before: "0", after: `step ${at}` });
  t.is(displayValue(tr, slot, tr.steps.length), `step ${at} (softnet, tcp_close:free(tp))`);
  t.is(displayValue(tr, slot, at - 1), "0");
});
