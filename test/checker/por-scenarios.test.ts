import test from "ava";
import { check, type CheckResult } from "../../checker/index.js";
import { PorBfsSearch } from "../../checker/por-bfs.js";
import { scenarios } from "../../model/scenarios/index.js";

const found = (r: CheckResult) => [...new Set(r.violations.map((v) => `${v.kind}:${v.property}`))].sort();

test("on every registered scenario, POR finds exactly what full BFS finds and stores no more states", (t) => {
  let reduced = 0;
  let compared = 0;
  for (const sc of scenarios) {
    const opts = { stopAtFirst: false, maxStates: 400_000 };
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
  }
  t.true(compared > 0);
  t.log(`${compared} scenarios compared, ${reduced} reduced`);
});
