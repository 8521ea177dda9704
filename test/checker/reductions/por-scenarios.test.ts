import test from "ava";
import { check, replay, type CheckResult } from "../../../checker/index.js";
import { PorBfsSearch } from "../../../checker/reductions/por-bfs.js";
import { scenarios } from "../../../model/scenarios/index.js";

const found = (r: CheckResult) => [...new Set(r.violations.map((v) => `${v.kind}:${v.property}`))].sort();

test("on every registered scenario, POR finds exactly what full BFS finds, stores no more states, and its counterexamples replay", (t) => {
  let reduced = 0;
  let compared = 0;
  for (const sc of scenarios) {
    // Large enough for every seed scenario to run to the end (the biggest, dragonfly-sofree-race, has 1,029,799 states).
    const opts = { stopAtFirst: false, maxStates: 1_200_000 };
    const full = check(sc.build(), opts);
    const s = new PorBfsSearch(sc.build(), opts);
    while (!s.run(1 << 30));
    const por = s.result();
    // A bound cuts both searches at different places; only complete searches are comparable.
    if (full.boundsHit.length > 0 || por.boundsHit.length > 0) {
      t.not(por.verdict, "safe", sc.name);
      continue;
    }
    compared++;
    t.is(por.verdict, full.verdict, sc.name);
    t.deepEqual(found(por), found(full), sc.name);
    t.true(por.stats.states <= full.stats.states, sc.name);
    if (por.stats.states < full.stats.states) reduced++;
    // Each POR counterexample is a real run of the unreduced model that ends in what it reports.
    const model = sc.build();
    for (const v of por.violations) {
      const r = replay(model, v.choices);
      t.is(r.error, null, `${sc.name} ${v.property}`);
      t.is(r.violation?.name, v.property, `${sc.name} ${v.property}`);
    }
  }
  t.true(compared > 0);
  t.log(`${compared} scenarios compared, ${reduced} reduced`);
});
