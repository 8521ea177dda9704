import test from "ava";
import { conflict, FootprintBits, hasBit } from "../../../checker/reductions/footprint-bits.js";

test("conflict is write against read or write, either way round, and never read against read", (t) => {
  const b = new FootprintBits(70);
  const f = (reads: number[], writes: number[]) => b.of({ reads, writes });
  t.false(conflict(f([1, 40], []), f([1, 40], [2])), "both read 1 and 40");
  t.true(conflict(f([], [65]), f([65], [])), "write against read");
  t.true(conflict(f([65], []), f([], [65])), "read against write");
  t.true(conflict(f([], [33]), f([], [33])), "write against write");
  t.false(conflict(f([3], [4]), f([5], [6])));
});

test("each footprint object is turned into bits once, and extra reads join every footprint's reads", (t) => {
  const b = new FootprintBits(40, [39]);
  const fp = { reads: [0], writes: [1] };
  const bits = b.of(fp);
  t.is(b.of(fp), bits);
  t.true(hasBit(bits.r, 39) && hasBit(bits.r, 0) && hasBit(bits.w, 1));
  t.false(hasBit(bits.w, 39));
  t.true(conflict(b.of({ reads: [], writes: [39] }), b.of({ reads: [], writes: [] })), "a write of an extra read slot conflicts with any step");
});
