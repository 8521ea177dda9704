import test from "ava";
import fc from "fast-check";
import { KeyTable } from "../../../model/runtime/key-table.js";

test("equal keys get one id and different keys different ids", (t) => {
  const keys = fc.array(fc.array(fc.integer({ min: -3, max: 3 }), { minLength: 3, maxLength: 3 }), { maxLength: 400 });
  const property = fc.property(keys, (list) => {
    const table = new KeyTable(3);
    const ids = new Map<string, number>();
    for (const k of list) {
      const id = table.intern(Int32Array.from([99, ...k]), 1);
      const seen = ids.get(k.join());
      if (seen !== undefined && seen !== id) return false;
      ids.set(k.join(), id);
    }
    return table.count === ids.size && new Set(ids.values()).size === ids.size;
  });
  t.notThrows(() => fc.assert(property));
});

test("compare orders keys word by word as signed numbers", (t) => {
  const table = new KeyTable(2);
  const id = (a: number, b: number) => table.intern(Int32Array.from([a, b]), 0);
  const low = id(-5, 9);
  const mid = id(0, -2147483648);
  const high = id(0, 2147483647);
  t.true(table.compare(low, mid) < 0);
  t.true(table.compare(mid, high) < 0);
  t.true(table.compare(high, low) > 0);
  t.is(table.compare(mid, id(0, -2147483648)), 0);
});

test("ids and comparisons survive the pool's and the table's growth", (t) => {
  const table = new KeyTable(4);
  const key = (i: number) => Int32Array.from([i % 7, -i, i >> 3, 5]);
  for (let i = 0; i < 5000; i++) if (table.intern(key(i), 0) !== i) return t.fail(`key ${i} is not new`);
  for (let i = 4999; i >= 0; i--) if (table.intern(key(i), 0) !== i) return t.fail(`key ${i} lost its id`);
  t.is(table.count, 5000);
  t.true(table.compare(0, 7) > 0, "(0, 0, 0, 5) after (0, -7, 0, 5)");
});
