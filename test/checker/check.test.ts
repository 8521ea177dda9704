import test from "ava";
import { runSlice } from "../../checker/check.js";
import type { Bound, CheckResult, Explorer } from "../../checker/index.js";

function failing(error: Error): Explorer & { stopped: Bound[] } {
  const stopped: Bound[] = [];
  return {
    stopped,
    run: () => {
      throw error;
    },
    stop: (b) => void stopped.push(b),
    result: () => ({}) as CheckResult,
    frontier: () => 0,
  };
}

test("running out of memory mid-search stops it with bound 'memory' instead of crashing", (t) => {
  const e = failing(new RangeError("Array buffer allocation failed"));
  t.true(runSlice(e, 10));
  t.deepEqual(e.stopped, ["memory"]);
});

test("other errors from a model are not mistaken for memory exhaustion", (t) => {
  const e = failing(new TypeError("model bug"));
  t.throws(() => runSlice(e, 10), { instanceOf: TypeError });
  t.deepEqual(e.stopped, []);
});
