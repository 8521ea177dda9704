import test from "ava";
import { BITSTATE_HASHES, BitstateSet } from "../../../checker/stores/bitstate-set.js";

const fp = (i: number): [number, number] => [Math.imul(i, 0x9e3779b1), Math.imul(i ^ 0x5bd1e995, 0x85ebca6b)];

test("insert numbers new states in order, says -1 for one seen, and has finds what was stored", (t) => {
  const b = new BitstateSet(20);
  for (let i = 0; i < 100; i++) t.is(b.insert(...fp(i), -1, 0), i);
  for (let i = 0; i < 100; i++) {
    t.is(b.insert(...fp(i), -1, 0), -1);
    t.true(b.has(...fp(i)));
  }
  t.is(b.size, 100);
  t.is(b.bytes, 2 ** 20 / 8);
  t.is(b.capacity, 2 ** 20);
});

test("in a crowded array a new state can find its bits set and be taken for seen: the omission bitstate estimates", (t) => {
  const b = new BitstateSet(10);
  let omitted = 0;
  for (let i = 0; i < 2000; i++) if (b.insert(...fp(i), -1, 0) < 0) omitted++;
  t.true(omitted > 0);
  t.is(b.size + omitted, 2000);
  // Fewer states stored than bits, at most BITSTATE_HASHES bits each.
  t.true(b.size <= 2 ** 10);
  t.true(b.expectedOmissions > 1, `estimate ${b.expectedOmissions}`);
  // An unseen fingerprint whose bits are all set is reported as stored.
  let phantom = 0;
  for (let i = 2000; i < 4000; i++) if (b.has(...fp(i))) phantom++;
  t.true(phantom > 0);
});

test("the estimate stays tiny while the array is sparse", (t) => {
  const b = new BitstateSet(24);
  for (let i = 0; i < 1000; i++) b.insert(...fp(i), -1, 0);
  t.is(b.size, 1000);
  // Each insertion adds (fill)^k with fill ≈ k·n/m.
  t.true(b.expectedOmissions < 1000 * ((BITSTATE_HASHES * 1000) / 2 ** 24) ** BITSTATE_HASHES * 1.01);
  t.true(b.expectedOmissions > 0);
});

test("ones counts the bits set, and the expected collisions grow with the fill as φ/(1-φ) per insertion", (t) => {
  const b = new BitstateSet(12);
  let phiSum = 0;
  for (let i = 0; i < 600; i++) {
    const ones = b.ones;
    const phi = (ones / b.capacity) ** BITSTATE_HASHES;
    if (b.insert(...fp(i), -1, 0) >= 0) phiSum += phi / (1 - phi);
    t.true(b.ones - ones <= BITSTATE_HASHES);
  }
  t.true(b.ones <= BITSTATE_HASHES * b.size && b.ones > b.size);
  t.true(Math.abs(b.expectedCollisions - phiSum) < 1e-9, `${b.expectedCollisions} vs ${phiSum}`);
  t.true(b.expectedCollisions > 0);
  // Sparse: almost none expected.
  const sparse = new BitstateSet(24);
  for (let i = 0; i < 100; i++) sparse.insert(...fp(i), -1, 0);
  t.true(sparse.expectedCollisions < 1e-6);
});
