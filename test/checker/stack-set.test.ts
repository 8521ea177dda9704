import test from "ava";
import fc from "fast-check";
import { StackSet } from "../../checker/stack-set.js";

test("behaves as a set under any mix of adds and deletes, through growth and colliding homes", (t) => {
  let deleted = 0;
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.boolean(), fc.nat()), { minLength: 50, maxLength: 400 }), (ops) => {
      const s = new StackSet(16);
      const model: [number, number][] = [];
      const has = (hi: number, lo: number) => model.some(([h, l]) => h === hi && l === lo);
      for (const [add, n] of ops) {
        // Few distinct keys whose low words collide (0..40 over 16 to 512 slots), so probe runs
        // form; a delete takes a member, so backward shifts run inside them.
        const hi = 1 + (n % 4);
        const lo = (n >>> 2) % 41;
        if (add && !has(hi, lo)) {
          s.add(hi, lo);
          model.push([hi, lo]);
        } else if (!add && model.length > 0) {
          const [dh, dl] = model.splice(n % model.length, 1)[0]!;
          s.delete(dh, dl);
          deleted++;
        }
        for (let h = 1; h <= 4; h++) for (let l = 0; l <= 40; l++) if (s.has(h, l) !== has(h, l)) return false;
      }
      return true;
    }),
    { numRuns: 100, seed: 11 },
  );
  t.true(deleted > 1000);
});
