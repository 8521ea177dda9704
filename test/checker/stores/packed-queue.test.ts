import test from "ava";
import { PackedStateQueue } from "../../../checker/stores/packed-queue.js";
import { Prng } from "../../../checker/prng.js";

/** A word's value: mostly small, sometimes negative, sometimes any 32-bit value (each forces a widening). */
function value(rng: Prng, i: number, step: number): number {
  const r = rng.below(1000);
  if (i % 7 === 0) return 0;
  if (r < 2 && step > 40_000) return rng.nextU32() | 0;
  if (r < 10) return -1 - rng.below(3);
  return rng.below(i % 5 === 0 ? 600 : 4);
}

test("packed queue: FIFO, every word back as it went in, through learning and widenings", (t) => {
  const w = 57;
  const rng = new Prng(17);
  const q = new PackedStateQueue(w);
  const ref: { s: Int32Array; slot: number; x0: number; x1: number }[] = [];
  let head = 0;
  const out = new Int32Array(w);
  let checked = 0;
  for (let step = 0; step < 60_000; step++) {
    if (rng.below(3) !== 0 || head === ref.length) {
      const s = Int32Array.from({ length: w }, (_, i) => value(rng, i, step));
      const e = { s, slot: step, x0: rng.nextU32() | 0, x1: -step };
      ref.push(e);
      q.push(s, e.slot, e.x0, e.x1);
    } else {
      const e = ref[head++]!;
      const slot = q.shift(out);
      if (slot !== e.slot || q.x0 !== e.x0 || q.x1 !== e.x1 || out.some((v, i) => v !== e.s[i])) {
        t.fail(`entry ${head - 1}: got slot ${slot}, words ${out.join(",")}; pushed ${e.slot}, ${e.s.join(",")}`);
        return;
      }
      checked++;
    }
    t.is(q.length, ref.length - head);
    if (step === 39_999) t.true(q.entryBytes < w * 2, `${q.entryBytes} bytes an entry before any 32-bit value`);
  }
  t.true(checked > 10_000);
  t.true(q.relayouts >= 2, `${q.relayouts} relayouts`);
});
