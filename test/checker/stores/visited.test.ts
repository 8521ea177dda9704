import test, { type ExecutionContext } from "ava";
import fc from "fast-check";
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

/** Inserts every key in `order` into a fresh table of 16 slots, checking each answer, id, parent and choice against a Set. */
function checkAgainstSet(t: ExecutionContext, order: readonly (readonly [number, number])[]): { v: VisitedTable; ref: Map<string, number> } {
  const v = new VisitedTable(16);
  const ref = new Map<string, number>();
  order.forEach(([hi, lo], n) => {
    const k = `${hi},${lo}`;
    const before = ref.get(k);
    const id = v.insert(hi, lo, n - 1, n & 255);
    if (before === undefined) {
      ref.set(k, n);
      if (id !== ref.size - 1) t.fail(`insert ${n} (${k}): id ${id}, expected ${ref.size - 1}`);
    } else if (id !== -1) t.fail(`insert ${n} (${k}) is a repeat of ${before} but got id ${id}`);
  });
  t.is(v.size, ref.size);
  // Ids are insertion numbers, so the id-th new key's parent and choice are those it was inserted with.
  [...ref.values()].forEach((n, id) => {
    if (v.parentOf(id) !== n - 1 || v.choiceOf(id) !== (n & 255)) t.fail(`id ${id}: parent ${v.parentOf(id)}, choice ${v.choiceOf(id)}; expected ${n - 1}, ${n & 255}`);
  });
  for (const k of ref.keys()) {
    const [hi, lo] = k.split(",").map(Number) as [number, number];
    if (!v.has(hi, lo)) t.fail(`lost ${k}`);
  }
  return { v, ref };
}

/** A deterministic stream of 32-bit words (a 32-bit LCG's high bits mixed down). */
function words(seed: number): () => number {
  let x = seed;
  return () => {
    x = (Math.imul(x, 1103515245) + 12345) | 0;
    return x ^ (x >>> 13);
  };
}

test("many inserts through a dozen growths give the ids, parents, choices and membership of a Set", (t) => {
  const next = words(12345);
  const keys: [number, number][] = [];
  for (let i = 0; i < 60_000; i++) keys.push([next(), next()]);
  // Every fifth insert repeats an earlier key, so some repeats miss the cache of recent fingerprints.
  const order: [number, number][] = [];
  keys.forEach((k, i) => {
    order.push(k);
    if (i % 5 === 4) order.push(keys[(Math.imul(i, 7919) >>> 0) % i]!);
  });
  const { v, ref } = checkAgainstSet(t, order);
  t.true(v.capacity >= 60_000 / 0.93);
  const other = words(999);
  for (let i = 0; i < 1000; i++) {
    const [hi, lo] = [other(), other()];
    t.is(v.has(hi, lo), ref.has(`${hi},${lo}`));
  }
  t.true(v.bytes / v.size <= 16, `${(v.bytes / v.size).toFixed(2)} bytes/state`);
});

test("long runs that shift and spill into the overflow, in either order, give the ids and membership of a Set", (t) => {
  // hi words bunched at the top of the range and at a few values, so runs are long and reach past the capacity.
  const next = words(7);
  const order: [number, number][] = [];
  for (let i = 0; i < 6000; i++) {
    const r = next();
    const hi = i % 3 === 0 ? -1 - (r & 7) : i % 3 === 1 ? 0x40000000 + (r & 3) : r;
    order.push([hi, next() & 0xfff]);
  }
  checkAgainstSet(t, order);
  // Falling keys under one high word: every insert shifts the whole run, which ends past the overflow.
  const falling: [number, number][] = [];
  for (let i = 3000; i >= 1; i--) falling.push([-1, i]);
  const { v } = checkAgainstSet(t, falling);
  t.false(v.has(-1, 0));
  t.false(v.has(-1, 3001));
});

test("the table's reported bytes are the arrays it holds: fingerprints, parents, choices", (t) => {
  const v = new VisitedTable(16);
  const next = words(3);
  for (let i = 0; i < 50_000; i++) v.insert(next(), next(), i - 1);
  const slots = v.capacity;
  // 8 bytes a slot plus its spill area, 5 bytes a state in chunks of 4096, and the cache of at most 128 KiB.
  const chunks = Math.ceil(v.size / 4096) * 4096 * 5;
  t.true(v.bytes >= slots * 8 + chunks, `${v.bytes} bytes for ${slots} slots`);
  t.true(v.bytes <= (slots + 1024 * 8) * 8 + chunks + 128 * 1024, `${v.bytes} bytes for ${slots} slots`);
});

test("behaves as a Set with insertion-numbered ids under any sequence of inserts from a crowded key space", (t) => {
  // Few high words, many at the very top, and small low words: long sorted runs, shifts of whole runs, spills past the capacity.
  const key = fc.tuple(fc.oneof(fc.integer({ min: -8, max: -1 }), fc.integer({ min: 0, max: 3 }).map((x) => x << 28), fc.integer({ min: -0x80000000, max: 0x7fffffff })), fc.integer({ min: 0, max: 63 }));
  fc.assert(
    fc.property(fc.array(key, { minLength: 1, maxLength: 1500 }), (order) => {
      const keys = order.filter(([hi, lo]) => hi !== 0 || lo !== 0);
      const v = new VisitedTable(16);
      const ids = new Map<string, number>();
      for (const [hi, lo] of keys) {
        const k = `${hi},${lo}`;
        const id = v.insert(hi, lo, ids.size - 1);
        if (ids.has(k)) {
          if (id !== -1) return false;
        } else {
          if (id !== ids.size) return false;
          ids.set(k, id);
        }
      }
      for (const [hi, lo] of keys) if (!v.has(hi, lo)) return false;
      for (let lo = 0; lo < 64; lo++) if (v.has(-1, lo) !== ids.has(`-1,${lo}`)) return false;
      return v.size === ids.size;
    }),
    { numRuns: 200 },
  );
  t.pass();
});
