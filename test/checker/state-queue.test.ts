import test from "ava";
import { StateQueue } from "../../checker/state-queue.js";

// 1 << 14 states a chunk: these runs cross chunk boundaries several times, filling, emptying and refilling.
const CHUNK = 1 << 14;

test("a queue is FIFO across chunks while emptied chunks are reused", (t) => {
  const q = new StateQueue(3);
  const s = new Int32Array(3);
  const out = new Int32Array(3);
  let pushed = 0;
  let shifted = 0;
  let bad = 0;
  // Grow to 2.5 chunks, drain to a few states, grow again past the old peak, drain to empty.
  const rounds: [number, number][] = [
    [2.5 * CHUNK, 2.5 * CHUNK - 5],
    [3.2 * CHUNK, 3.2 * CHUNK + 5],
  ];
  for (const [push, shift] of rounds) {
    for (let i = 0; i < push; i++, pushed++) {
      s[0] = pushed;
      s[1] = -pushed;
      s[2] = pushed * 7;
      q.push(s, pushed + 1);
    }
    for (let i = 0; i < shift; i++, shifted++) {
      const slot = q.shift(out);
      if (slot !== shifted + 1 || out[0] !== shifted || out[1] !== -shifted || out[2] !== shifted * 7) bad++;
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
