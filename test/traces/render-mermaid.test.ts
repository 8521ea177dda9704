import test from "ava";
import { check, type Model } from "../../checker/index.js";
import { racyCounter } from "../../examples/racy-counter.js";
import { annotate } from "../../traces/annotate.js";
import { renderMermaid } from "../../traces/render-mermaid.js";
import { doubleFree } from "./double-free-model.js";

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
