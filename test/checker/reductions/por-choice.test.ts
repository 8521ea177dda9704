import test from "ava";
import { AmpleSets } from "../../../checker/reductions/por.js";
import { buildRandomModel } from "../../../properties/random-model.js";
import { withContextFootprints } from "../por-helpers.js";

test("the ample set is the first of the smallest qualifying contexts, so reduced counts are reproducible", (t) => {
  // Threads at a private two-way branch (two choices) or a private step (one): all qualify.
  const branch = { kind: "thread" as const, level: 1, program: [{ op: "choose" as const, to: 2 }, { op: "inc" as const }] };
  const step = { ...branch, program: [{ op: "inc" as const }] };
  const ample = (contexts: (typeof branch)[]) => {
    const spec = { domain: 2, vars: [0], locks: 0, semaphore: null, objects: 0, contexts, invariants: [], terminal: null };
    const m = withContextFootprints(spec, buildRandomModel(spec));
    const s = new Int32Array(m.stateSize);
    m.initial(s);
    const en = new Int32Array(m.maxChoices);
    const out = new Int32Array(m.maxChoices);
    const k = new AmpleSets(m).choose(s, en, m.enabled(s, en), out);
    return [...out.subarray(0, k)];
  };
  t.deepEqual(ample([branch, branch, step]), [4], "the single-choice context is smallest");
  t.deepEqual(ample([branch, branch]), [0, 1], "of two equal candidates, the first");
});
