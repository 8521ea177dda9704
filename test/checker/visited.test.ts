import test from "ava";
import { check, replay, VisitedTable } from "../../checker/index.js";
import { philosophers } from "../../examples/philosophers.js";

test("insert reports new and existing fingerprints, and find locates them", (t) => {
  const v = new VisitedTable(16);
  const a = v.insert(5, 6, -1);
  t.true(a >= 0);
  t.is(v.insert(5, 6, -1), -(a + 1));
  t.is(v.find(5, 6), a);
  t.is(v.find(5, 7), -1);
  t.is(v.size, 1);
});

test("growth keeps every fingerprint and translates parent links", (t) => {
  const v = new VisitedTable(16);
  let remaps = 0;
  v.onResize = () => remaps++;
  let parent = -1;
  const fps: [number, number][] = [];
  for (let i = 1; i <= 1000; i++) {
    const hi = Math.imul(i, 0x9e3779b1);
    const lo = i;
    const s = v.insert(hi, lo, parent);
    t.true(s >= 0);
    fps.push([hi, lo]);
    parent = v.find(hi, lo);
  }
  t.true(remaps > 0);
  t.true(v.capacity >= 1024);
  // Every entry's parent is the previous one inserted: a chain of 1000.
  for (let i = 1; i < fps.length; i++) {
    const s = v.find(...fps[i]!);
    t.is(v.parentOf(s), v.find(...fps[i - 1]!));
  }
});

test("counterexamples survive table growth during the search", (t) => {
  const m = philosophers(5);
  const r = check(m, { initialCapacity: 16 });
  t.is(r.verdict, "violation");
  t.is(replay(m, r.violations[0]!.choices).violation?.name, "deadlock");
});
