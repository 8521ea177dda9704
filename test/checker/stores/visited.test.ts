import test from "ava";
import { check, replay, VisitedTable } from "../../../checker/index.js";
import { philosophers } from "../../../examples/philosophers.js";

test("insert reports new and existing fingerprints, and has locates them", (t) => {
  const v = new VisitedTable(16);
  const a = v.insert(5, 6, -1);
  t.true(a >= 0);
  t.true(v.insert(5, 6, -1) < 0);
  t.true(v.has(5, 6));
  t.false(v.has(5, 7));
  t.is(v.size, 1);
});

test("growth keeps every fingerprint, parent link and choice", (t) => {
  const v = new VisitedTable(16);
  let parent = -1;
  const fps: [number, number][] = [];
  const ids: number[] = [];
  for (let i = 1; i <= 1000; i++) {
    const hi = Math.imul(i, 0x9e3779b1);
    const lo = i;
    const s = v.insert(hi, lo, parent, i % 7);
    t.true(s >= 0);
    fps.push([hi, lo]);
    ids.push(s);
    parent = s;
  }
  t.true(v.capacity >= 1000);
  for (const [hi, lo] of fps) t.true(v.has(hi, lo));
  for (const [hi, lo] of fps) t.true(v.insert(hi, lo, -1) < 0);
  t.is(v.size, 1000);
  // Every entry's parent is the previous one inserted: a chain of 1000.
  for (let i = 1; i < ids.length; i++) {
    t.is(v.parentOf(ids[i]!), ids[i - 1]!);
    t.is(v.choiceOf(ids[i]!), (i + 1) % 7);
  }
});

test("colliding homes and wrap-around keep every key findable (Robin Hood displacement)", (t) => {
  const v = new VisitedTable(16, 0.93);
  // Many keys share the top bits of hi (the same home) and some sit at the very end of the range.
  const keys: [number, number][] = [];
  for (let i = 1; i <= 300; i++) keys.push([i % 3 === 0 ? -1 - (i % 5) : 0x10000000 + (i % 4), i]);
  for (const [hi, lo] of keys) t.true(v.insert(hi, lo, -1) >= 0);
  for (const [hi, lo] of keys) t.true(v.has(hi, lo));
  t.false(v.has(0x10000000, 9999));
  t.false(v.has(-1, 9999));
  t.is(v.size, 300);
});

test("the table stays at or under 16 bytes a state once past its first chunk", (t) => {
  const v = new VisitedTable(16);
  for (let i = 1; i <= 300_000; i++) {
    v.insert(Math.imul(i, 0x9e3779b1), Math.imul(i, 0x85ebca6b) ^ i, i - 2);
    if (i > 100_000 && i % 997 === 0) t.true(v.bytes / v.size <= 16, `${(v.bytes / v.size).toFixed(2)} bytes/state at ${i}`);
  }
});

test("counterexamples survive table growth during the search", (t) => {
  const m = philosophers(5);
  const r = check(m, { initialCapacity: 16 });
  t.is(r.verdict, "violation");
  t.is(replay(m, r.violations[0]!.choices).violation?.name, "deadlock");
});

test("a run that reaches the end of the table grows it instead of probing past the end", (t) => {
  const v = new VisitedTable(16);
  // Every key has the largest possible high word, so all of them pile up at the very end.
  for (let i = 1; i <= 3000; i++) t.true(v.insert(-1, i, -1) >= 0);
  for (let i = 1; i <= 3000; i++) t.true(v.has(-1, i));
  t.false(v.has(-1, 3001));
  t.false(v.has(-2, 1));
  t.is(v.size, 3000);
});

test("has and insert read both words unsigned: negative and extreme 32-bit words, shared high words", (t) => {
  // Sorted runs compare words as unsigned; a signed compare of either word stops a lookup early.
  const words = [0, 1, 2, 0x7ffffffe, 0x7fffffff, -0x80000000, -0x7fffffff, -2, -1];
  const keys: [number, number][] = [];
  for (const hi of words) for (const lo of words) if (hi !== 0 || lo !== 0) keys.push([hi, lo]);
  // Inserted in a scrambled order, into a table small enough to grow on the way.
  const order = keys.map((k, i) => ({ k, r: (i * 2654435761) >>> 0 })).sort((a, b) => a.r - b.r).map((x) => x.k);
  const table = new VisitedTable(16);
  const half = order.slice(0, order.length >> 1);
  for (const [hi, lo] of half) t.true(table.insert(hi, lo, -1) >= 0, `${hi},${lo} new`);
  for (const [hi, lo] of half) t.true(table.has(hi, lo), `has ${hi},${lo}`);
  for (const [hi, lo] of order.slice(half.length)) t.false(table.has(hi, lo), `does not have ${hi},${lo}`);
  for (const [hi, lo] of order.slice(half.length)) t.true(table.insert(hi, lo, -1) >= 0, `${hi},${lo} new`);
  for (const [hi, lo] of order) {
    t.true(table.has(hi, lo), `has ${hi},${lo}`);
    t.is(table.insert(hi, lo, -1), -1, `${hi},${lo} already there`);
  }
  t.is(table.size, keys.length);
});

test("the cache of recent fingerprints answers only for keys in the table: keys that share its entry are told apart", (t) => {
  const v = new VisitedTable(1 << 16);
  // Same low bits of lo: one cache entry, overwritten by each, so only the table can answer for the others.
  for (let i = 1; i <= 200; i++) t.true(v.insert(i, 1 << 20, 0) >= 0, `new ${i}`);
  for (let i = 1; i <= 200; i++) t.is(v.insert(i, 1 << 20, 0), -1, `again ${i}`);
  t.true(v.insert(201, 1 << 20, 0) >= 0);
  t.true(v.insert(1, (1 << 20) | 1, 0) >= 0);
  t.is(v.size, 202);
});
