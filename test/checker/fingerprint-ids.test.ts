import test from "ava";
import { FingerprintIds } from "../../checker/fingerprint-ids.js";
import { fingerprint, FP } from "../../checker/fingerprint.js";

test("maps every fingerprint to its id through growth, and says -1 for one never set", (t) => {
  const m = new FingerprintIds(16);
  const s = new Int32Array(3);
  const keys: [number, number][] = [];
  for (let i = 0; i < 5000; i++) {
    s[0] = i;
    fingerprint(s, 3);
    keys.push([FP[0]!, FP[1]!]);
    m.set(FP[0]!, FP[1]!, i);
  }
  keys.forEach(([hi, lo], i) => t.is(m.get(hi, lo), i));
  s[0] = 5000;
  fingerprint(s, 3);
  t.is(m.get(FP[0]!, FP[1]!), -1);
  t.true(m.bytes >= 5000 * 12 * 2);
});

test("keys that share a low word probe on and stay apart", (t) => {
  const m = new FingerprintIds(16);
  for (let i = 1; i <= 40; i++) m.set(i, 7, i * 10);
  for (let i = 1; i <= 40; i++) t.is(m.get(i, 7), i * 10);
  t.is(m.get(41, 7), -1);
});
