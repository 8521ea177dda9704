import test from "ava";
import type { CheckResult, Model } from "../../../checker/index.js";
import type { PorMutation } from "../../../checker/strategies/level-expansion.js";
import { PorBfsSearch } from "../../../checker/reductions/por-bfs.js";
import { buildRandomModel, type RandomModelSpec } from "../../../properties/random-model.js";
import { withContextFootprints } from "../por-helpers.js";

function run(m: Model, mutation: PorMutation): CheckResult {
  const s = new PorBfsSearch(m, { stopAtFirst: false }, mutation);
  while (!s.run(1 << 30));
  return s.result();
}

test("the BFS proviso counts a successor still queued for the next level as new, so fewer states are completed", (t) => {
  // Found among random models: a reduced expansion whose only successor is already queued stands
  // (the queued state is expanded later, which is what the proviso needs). No built-in scenario
  // has such a state, so the golden figures cannot tell.
  const spec: RandomModelSpec = {
    domain: 3,
    vars: [0, 2],
    locks: 0,
    semaphore: 0,
    objects: 1,
    contexts: [
      { kind: "thread", level: 1, program: [{ op: "inc" }, { op: "choose", to: 0 }, { op: "add", v: 1 }, { op: "goto", to: 0 }] },
      { kind: "environment", level: 2, program: [{ op: "load", v: 1 }, { op: "inc" }, { op: "store", v: 1 }] },
      { kind: "environment", level: 3, program: [{ op: "guarded", v: 1, k: 0, to: 2 }, { op: "goto", to: 3 }, { op: "set", v: 1, k: 1 }, { op: "add", v: 1 }, { op: "goto", to: 0 }] },
    ],
    invariants: [],
    terminal: null,
  };
  const m = withContextFootprints(spec, buildRandomModel(spec));
  const queued = run(m, { sleep: false });
  const onlyNew = run(m, { sleep: false, queued: false });
  t.is(queued.stats.states, onlyNew.stats.states);
  t.true(queued.stats.transitions < onlyNew.stats.transitions, `${queued.stats.transitions} steps against ${onlyNew.stats.transitions}`);
});
