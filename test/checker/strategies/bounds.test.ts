import test from "ava";
import { check, type SearchOptions } from "../../../checker/index.js";
import { peterson } from "../../../examples/peterson.js";
import { racyCounter } from "../../../examples/racy-counter.js";
import { independent } from "../../helpers/models.js";

// A safe model big enough that every bound bites: 8^6 = 262,144 states.
const big = () => independent(6, 7);

const cases: [string, SearchOptions, string][] = [
  ["max-states", { maxStates: 1000 }, "max-states"],
  ["max-depth", { maxDepth: 5 }, "max-depth"],
  ["time", { timeLimitMs: 1 }, "time"],
  ["interrupted", { shouldStop: () => true }, "interrupted"],
  ["memory", { maxMemoryBytes: 1 }, "memory"],
  ["dfs max-depth", { strategy: "dfs", maxDepth: 5 }, "max-depth"],
];

for (const [name, opts, bound] of cases) {
  test(`a search cut by ${name} is inconclusive, never safe`, (t) => {
    const r = check(big(), opts);
    t.is(r.verdict, "inconclusive");
    t.false(r.exhaustive);
    t.true(r.boundsHit.includes(bound as never), `bounds: ${r.boundsHit.join(",")}`);
  });
}

test("a preemption bound that prunes anything makes the verdict inconclusive", (t) => {
  const r = check(peterson(), { preemptionBound: 0 });
  t.is(r.verdict, "inconclusive");
  t.deepEqual(r.boundsHit, ["preemptions"]);
});

test("preemption bound: the lost update needs one preemption, not zero", (t) => {
  t.is(check(racyCounter(2), { preemptionBound: 0 }).verdict, "inconclusive");
  const one = check(racyCounter(2), { preemptionBound: 1 });
  t.is(one.verdict, "violation");
  t.is(one.violations[0]!.property, "lost-update");
});

test("a bound that never bites leaves the search exhaustive", (t) => {
  const r = check(independent(2, 2), { maxStates: 1000, maxDepth: 100 });
  t.is(r.verdict, "safe");
  t.true(r.exhaustive);
});

test("a bound does not hide a violation found before it bites", (t) => {
  const r = check(racyCounter(2), { maxDepth: 4 });
  t.is(r.verdict, "violation");
});
