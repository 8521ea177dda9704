import test from "ava";
import { Expander } from "../../checker/expander.js";
import { filterLock } from "../../examples/filter-lock.js";

test("with a preemption bound, view() gives the model's words of each buffer, the same view again for a kept buffer", (t) => {
  const model = filterLock(2);
  const e = new Expander(model, 1);
  t.is(e.width, model.stateSize + 2);
  const bufs = [0, 1, 2].map((k) => Int32Array.from({ length: e.width }, (_, i) => 100 * k + i));
  const a = e.view(bufs[0]!);
  t.is(e.view(bufs[0]!), a);
  // A third buffer evicts the oldest kept view; every view still shows its own buffer's words.
  for (const k of [1, 2, 0, 1, 0]) {
    const v = e.view(bufs[k]!);
    t.is(v.length, model.stateSize);
    t.deepEqual([...v], [...bufs[k]!.subarray(0, model.stateSize)]);
    bufs[k]![0]!++;
    t.is(v[0], bufs[k]![0]);
  }
});

test("without a bound, view() is the state itself", (t) => {
  const e = new Expander(filterLock(2));
  const s = new Int32Array(e.width);
  t.is(e.view(s), s);
});
