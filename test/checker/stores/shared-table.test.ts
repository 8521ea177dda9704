import test from "ava";
import { GROW_PARTS, SharedTable, TABLE_PRESENT } from "../../../checker/stores/shared-table.js";

/** 700 keys in a table of 1,024 slots: long probe runs for growth to reflow. High words are never 0 or -1 (reserved). */
function filled(n: number): { table: SharedTable; ids: Map<string, number> } {
  const table = SharedTable.create(1024, 4096);
  const ids = new Map<string, number>();
  for (let i = 1; i <= n; i++) {
    const hi = (Math.imul(i, 0x9e3779b1) >>> 1) | 0x40000000;
    const id = table.insert(hi, i, i - 1, i % 7);
    ids.set(`${hi}:${i}`, id);
  }
  return { table, ids };
}

test("a table grown part by part, in any order, holds every entry with its id and parent link", (t) => {
  const { table, ids } = filled(700);
  const next = table.emptyGrown(4096, 4096);
  // Parts claimed out of order, as two workers racing for them would.
  const order = Array.from({ length: GROW_PARTS }, (_, p) => (p * 37) % GROW_PARTS);
  t.is(new Set(order).size, GROW_PARTS);
  for (const p of order) table.copyPart(next, p);
  let lost = 0;
  for (const [key, id] of ids) {
    const [hi, lo] = key.split(":").map(Number) as [number, number];
    if (next.insert(hi, lo, -5, 0) !== TABLE_PRESENT) lost++;
    if (next.parentOf(id) !== lo - 1 || next.choiceOf(id) !== lo % 7) lost++;
  }
  t.is(lost, 0);
  t.true(next.capacity >= 4096);
});

test("a part left uncopied loses its entries (the copy is split, not repeated)", (t) => {
  const { table, ids } = filled(700);
  const next = table.emptyGrown(4096, 4096);
  for (let p = 1; p < GROW_PARTS; p++) table.copyPart(next, p);
  let lost = 0;
  for (const key of ids.keys()) {
    const [hi, lo] = key.split(":").map(Number) as [number, number];
    if (next.insert(hi, lo, -5, 0) !== TABLE_PRESENT) lost++;
  }
  t.true(lost > 0);
});
