import test from "ava";
import { check, replay } from "../../../checker/index.js";
import { philosophers } from "../../../examples/philosophers.js";
import { racyCounter } from "../../../examples/racy-counter.js";

test("random walks are reproducible from the seed", (t) => {
  const a = check(philosophers(4), { strategy: "random", seed: 7, walks: 50 });
  const b = check(philosophers(4), { strategy: "random", seed: 7, walks: 50 });
  t.deepEqual(a.violations, b.violations);
  t.is(a.stats.states, b.stats.states);
});

test("a random walk's counterexample replays; finding nothing is inconclusive, never safe", (t) => {
  const r = check(racyCounter(2), { strategy: "random", seed: 3, walks: 200 });
  t.is(r.verdict, "violation");
  t.is(replay(racyCounter(2), r.violations[0]!.choices).violation?.name, "lost-update");
  const safe = check(racyCounter(2, true), { strategy: "random", walks: 20 });
  t.is(safe.verdict, "inconclusive");
  t.false(safe.exhaustive);
  t.true(safe.boundsHit.includes("random"));
});
