import test from "ava";
import { check, ModelAssertion, type Model } from "../../checker/index.js";
import { peterson } from "../../examples/peterson.js";
import { racyCounter } from "../../examples/racy-counter.js";
import { annotate } from "../../traces/annotate.js";
import { explainViolation } from "../../traces/explain.js";
import { renderMermaid } from "../../traces/render-mermaid.js";
import { renderText } from "../../traces/render-text.js";

/** A miniature double free: "app" and an interrupt both free object 0; footprints say what sofree reads. */
function doubleFree(): Model {
  return {
    name: "double-free-mini",
    stateSize: 3,
    contexts: [
      { name: "app", kind: "thread" },
      { name: "tcp", kind: "interrupt" },
    ],
    maxChoices: 2,
    initial() {},
    enabled(s, out) {
      let k = 0;
      if (s[1] === 0) out[k++] = 0;
      if (s[2] === 0) out[k++] = 1;
      return k;
    },
    contextOf: (c) => c,
    step(s, c) {
      if (s[0] === 1) throw new ModelAssertion("double-free", "sofree on socket 1, already freed");
      s[0] = 1;
      s[1 + c] = 1;
    },
    isFinished: (s, c) => s[1 + c] === 1,
    invariants: [],
    footprint: () => ({ reads: [0], writes: [0] }),
    label: (_s, c) => (c === 0 ? "soclose:discard" : "tcp_close:sofree"),
    slotNames: () => ["so.freed", "app.pc", "tcp.pc"],
    formatSlot: (slot, v) => (slot === 0 ? (v ? "FREED" : "live") : String(v)),
  };
}

test("text: numbered steps with context and kind, label, only the changed slots by name", (t) => {
  const m = doubleFree();
  const tr = annotate(m, [1, 0]);
  const text = renderText(tr, { scenario: "mini" });
  t.regex(text, /^\s+1\s+tcp \(interrupt\)\s+tcp_close:sofree\s+so\.freed live→FREED, tcp\.pc 0→1$/m);
  t.regex(text, /^\s+2\s+app \(thread\)\s+soclose:discard\s+\(raises\)$/m);
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

test("mermaid: one lane per context that ran, one note per step, the violation across the lanes", (t) => {
  const m = racyCounter(3);
  const tr = annotate(m, check(m).violations[0]!.choices);
  const mm = renderMermaid(tr);
  t.true(mm.startsWith("sequenceDiagram\n"));
  t.is(mm.match(/^ {4}participant /gm)!.length, 3);
  t.is(mm.match(/^ {4}Note over c\d: /gm)!.length, tr.steps.length);
  t.regex(mm, /Note over c0,c2: VIOLATION lost-update/);
});

test("mermaid escapes characters that are its syntax", (t) => {
  const m: Model = { ...doubleFree(), label: () => "a; b #1 <x>" };
  const mm = renderMermaid(annotate(m, [1, 0]));
  t.false(mm.includes("a; b"));
  t.true(mm.includes("a#59; b #35;1 #60;x#62;"));
});
