import test from "ava";
import { check } from "../../checker/index.js";
import { privateSteps } from "../../examples/private-steps.js";

test("N processes of K private steps and a flag have (K+2)^N states and no findings", (t) => {
  for (const [n, k] of [
    [2, 1],
    [3, 3],
    [4, 2],
  ] as const) {
    const r = check(privateSteps(n, k), { stopAtFirst: false });
    t.is(r.verdict, "safe");
    t.is(r.stats.states, (k + 2) ** n);
  }
});

test("partial-order reduction sees that the processes never meet: it stores the first and the last state only", (t) => {
  const m = privateSteps(4, 6);
  for (const strategy of ["por", "dfs-por"] as const) {
    const r = check(m, { strategy, stopAtFirst: false });
    t.is(r.verdict, "safe");
    t.is(r.stats.states, 2, strategy);
  }
});
