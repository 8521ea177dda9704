import test from "ava";
import { check, replay } from "../../checker/index.js";
import { peterson } from "../../examples/peterson.js";
import { philosophers } from "../../examples/philosophers.js";
import { racyCounter } from "../../examples/racy-counter.js";
import { independent, twoBugs } from "../helpers/models.js";

const models = () => [racyCounter(2), racyCounter(3, true), peterson(), peterson(true), philosophers(3), philosophers(4, true), independent(3, 2), twoBugs()];

test("BFS and DFS agree on verdicts, and on state counts when both are exhaustive", (t) => {
  for (const m of models()) {
    const b = check(m, { strategy: "bfs", stopAtFirst: false });
    const d = check(m, { strategy: "dfs", stopAtFirst: false });
    t.is(d.verdict, b.verdict, m.name);
    t.is(d.stats.states, b.stats.states, m.name);
    t.is(d.stats.transitions, b.stats.transitions, m.name);
    t.deepEqual(d.violations.map((v) => v.property).sort(), b.violations.map((v) => v.property).sort(), m.name);
  }
});

test("DFS counterexamples replay to the same violation, and are never shorter than BFS's", (t) => {
  for (const m of models()) {
    const b = check(m, { strategy: "bfs" });
    const d = check(m, { strategy: "dfs" });
    for (const v of d.violations) {
      const r = replay(m, v.choices);
      t.is(r.error, null, m.name);
      t.is(r.violation?.name, v.property, m.name);
      const shortest = b.violations.find((x) => x.property === v.property);
      if (shortest) t.true(v.choices.length >= shortest.choices.length, m.name);
    }
  }
});
