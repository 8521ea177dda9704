import test from "ava";
import fc from "fast-check";
import { FingerprintIds } from "../../../checker/stores/fingerprint-ids.js";
import { fingerprint, FP } from "../../../checker/stores/fingerprint.js";

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

test("behaves as a map under any mix of sets and deletes, through growth and colliding homes (the DFS stack)", (t) => {
  let deleted = 0;
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.boolean(), fc.nat()), { minLength: 50, maxLength: 400 }), (ops) => {
      const s = new FingerprintIds(16);
      const model: [number, number][] = [];
      const has = (hi: number, lo: number) => model.some(([h, l]) => h === hi && l === lo);
      for (const [add, n] of ops) {
        // Few distinct keys whose low words collide (0..40 over 16 to 512 slots), so probe runs
        // form; a delete takes a member, so backward shifts run inside them.
        const hi = 1 + (n % 4);
        const lo = (n >>> 2) % 41;
        if (add && !has(hi, lo)) {
          s.set(hi, lo, hi * 100 + lo);
          model.push([hi, lo]);
        } else if (!add && model.length > 0) {
          const [dh, dl] = model.splice(n % model.length, 1)[0]!;
          s.delete(dh, dl);
          deleted++;
        }
        for (let h = 1; h <= 4; h++) for (let l = 0; l <= 40; l++) if (s.get(h, l) !== (has(h, l) ? h * 100 + l : -1)) return false;
      }
      return true;
    }),
    { numRuns: 100, seed: 11 },
  );
  t.true(deleted > 1000);
});
