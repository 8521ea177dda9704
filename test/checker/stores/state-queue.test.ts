import test from "ava";
import { StateQueue } from "../../../checker/stores/state-queue.js";

// A chunk holds 2^18 words: (2^18 / (width + 1)) states. The runs below cross chunk boundaries
// several times, filling, emptying and refilling; a wide state takes the view-copy path in shift.
for (const width of [3, 100])
  test(`a queue of ${width}-word states is FIFO across chunks while emptied chunks are reused`, (t) => {
    const chunk = Math.floor((1 << 18) / (width + 1));
    const q = new StateQueue(width);
    const s = new Int32Array(width);
    const out = new Int32Array(width);
    let pushed = 0;
    let shifted = 0;
    let bad = 0;
    // Grow to 2.5 chunks, drain to a few states, grow again past the old peak, drain to empty.
    const rounds: [number, number][] = [
      [Math.floor(2.5 * chunk), Math.floor(2.5 * chunk) - 5],
      [Math.floor(3.2 * chunk), Math.floor(3.2 * chunk) + 5],
    ];
    for (const [push, shift] of rounds) {
      for (let i = 0; i < push; i++, pushed++) {
        s[0] = pushed;
        s[1] = -pushed;
        s[width - 1] = pushed * 7;
        q.push(s, pushed + 1);
      }
      for (let i = 0; i < shift; i++, shifted++) {
        const slot = q.shift(out);
        if (slot !== shifted + 1 || out[0] !== shifted || out[1] !== -shifted || out[width - 1] !== shifted * 7) bad++;
      }
    }
    t.is(bad, 0);
    t.is(pushed, shifted);
    t.is(q.length, 0);
  });

test("push copies only the first `width` words of a longer state", (t) => {
  const q = new StateQueue(2);
  q.push(Int32Array.of(4, 5, 6), 9);
  const out = Int32Array.of(0, 0, 77);
  t.is(q.shift(out), 9);
  t.deepEqual([...out], [4, 5, 77]);
});
