import { fc, testProp } from "@fast-check/ava";
import test from "ava";
import { textTable, wrap, wrapIndented, wrapList } from "../../traces/columns.js";

const word = fc.string({ minLength: 1, maxLength: 40 }).map((s) => s.replace(/\s/g, "x"));
const text = fc.array(word, { minLength: 1, maxLength: 20 }).map((w) => w.join(" "));

testProp("wrap: no line wider than the column, and no character lost", [text, fc.integer({ min: 5, max: 60 })], (t, s, w) => {
  const lines = wrap(s, w);
  t.true(lines.every((l) => l.length <= w));
  t.is(lines.join("").replace(/ /g, ""), s.replace(/ /g, ""));
});

testProp("wrapIndented keeps to the width and indents continuation lines", [text, fc.integer({ min: 20, max: 80 })], (t, s, w) => {
  const lines = wrapIndented(s, w, 4);
  t.true(lines.every((l) => l.length <= w));
  t.true(lines.slice(1).every((l) => l.startsWith("    ")));
  t.is(lines.join("").replace(/ /g, ""), s.replace(/ /g, ""));
});

test("wrapList breaks between items, and inside an item only after | → or , when it must", (t) => {
  t.deepEqual(wrapList(["a 1→2", "b 3→4", "c 5→6"], 12), ["a 1→2,", "b 3→4, c 5→6"]);
  t.deepEqual(wrapList(["so_state A|B→C", "x 1→2"], 16), ["so_state A|B→C,", "x 1→2"]);
  t.deepEqual(wrap("AAAA|BBBB|CCCC", 10), ["AAAA|BBBB|", "CCCC"]);
});

testProp("textTable: every line fits the width, whatever the cells", [fc.array(fc.tuple(text, text, text), { minLength: 1, maxLength: 8 }), fc.integer({ min: 60, max: 140 })], (t, rows, width) => {
  const lines = textTable([{ head: "a", max: 10 }, { head: "b", max: 20 }, { head: "c", max: 999 }], rows.map((r) => ({ cells: r })), width);
  t.true(lines.every((l) => [...l].length <= width), lines.find((l) => [...l].length > width));
});
