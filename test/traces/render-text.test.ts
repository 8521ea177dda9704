import test from "ava";
import { check } from "../../checker/index.js";
import { peterson } from "../../examples/peterson.js";
import { annotate } from "../../traces/annotate.js";
import { explainViolation } from "../../traces/explain.js";
import { renderText } from "../../traces/render-text.js";
import { doubleFree } from "./double-free-model.js";
import { findScenario } from "../../model/scenarios/index.js";

test("text: numbered steps with context and kind, label, only the changed slots by name", (t) => {
  const m = doubleFree();
  const tr = annotate(m, [1, 0]);
  const text = renderText(tr, { scenario: "mini" });
  t.regex(text, /^\s+1\s+tcp\s+tcp_close:sofree\s+so\.freed live→FREED, tcp\.pc 0→1$/m);
  t.regex(text, /^\s+2\s+app\s+soclose:discard\s+\(raises\)$/m);
  t.notRegex(text, /app\.pc/, "an unchanged slot is not printed");
  t.regex(text, /VIOLATION double-free: sofree on socket 1, already freed/);
});

test("the violation in words: who raised it, and which earlier step set what it read", (t) => {
  const lines = explainViolation(annotate(doubleFree(), [1, 0]));
  t.is(lines[0], "double-free: sofree on socket 1, already freed");
  t.is(lines[1], "raised by app (thread) at step 2: soclose:discard");
  t.is(lines[2], "so.freed = FREED, set at step 1 by tcp (tcp_close:sofree)");
});

test("an invariant's explanation follows its declared reads", (t) => {
  const m = peterson(true);
  const lines = explainViolation(annotate(m, check(m).violations[0]!.choices));
  t.regex(lines[1]!, /^broken by P\d \(thread\) at step 6/);
  t.true(lines.some((l) => /^P0\.pc = 3, set at step \d by P0/.test(l)));
  t.true(lines.some((l) => /^P1\.pc = 3, set at step \d by P1/.test(l)));
});

test("colours wrap the racing roles and contexts without moving a column", (t) => {
  const m = findScenario("netbsd-pr20390")!.build();
  const tr = annotate(m, check(m).violations[0]!.choices);
  const mark = (s: string) => `«${s}»`;
  const coloured = renderText(tr, { colours: { role: mark, context: mark, dim: mark, violation: mark } });
  t.regex(coloured, /«freed»/);
  t.regex(coloured, /«used»/);
  t.is(coloured.replace(/[«»]/g, ""), renderText(tr));
});
