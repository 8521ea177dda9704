import test from "ava";
import fc from "fast-check";
import { check, replay } from "../../../checker/index.js";
import { bruteForce, randomModelArb } from "../../../properties/index.js";

/**
 * Issue 2, item 8: BFS counterexamples are shortest, checked against a naive breadth-first
 * enumeration of paths (properties/brute-force.ts: string-keyed states, no fingerprints, no parent
 * links); and BFS and DFS agree on verdicts and state counts, on random small models.
 */

const LIMIT = 20_000;
const key = (v: { kind: string; property: string }) => `${v.kind}:${v.property}`;

test("BFS finds the same properties as the brute-force enumeration, each by a shortest path, over as many states", (t) => {
  let withViolations = 0;
  fc.assert(
    fc.property(randomModelArb(), ({ model }) => {
      const brute = bruteForce(model, LIMIT);
      fc.pre(brute.complete);
      const bfs = check(model, { stopAtFirst: false });
      if (bfs.stats.states !== brute.states) throw new Error(`BFS stored ${bfs.stats.states} states, the enumeration ${brute.states}`);
      const got = bfs.violations.map(key).sort();
      const want = [...brute.findings.keys()].sort();
      if (got.join() !== want.join()) throw new Error(`BFS found [${got}], the enumeration [${want}]`);
      for (const v of bfs.violations) {
        const shortest = brute.findings.get(key(v))!.choices.length;
        if (v.choices.length !== shortest) throw new Error(`${key(v)}: BFS path of ${v.choices.length} steps, shortest is ${shortest}`);
        const r = replay(model, v.choices);
        if (r.error || r.violation?.name !== v.property) throw new Error(`${key(v)} does not replay: ${r.error?.reason ?? r.violation?.name}`);
      }
      if (got.length > 0) withViolations++;
    }),
    { numRuns: 200, seed: 9001 },
  );
  t.true(withViolations > 50, `only ${withViolations} models had a violation`);
});

test("stopping at the first violation, BFS reports one of the shortest", (t) => {
  fc.assert(
    fc.property(randomModelArb(), ({ model }) => {
      const brute = bruteForce(model, LIMIT);
      fc.pre(brute.complete && brute.findings.size > 0);
      const first = check(model).violations[0]!;
      const shortest = Math.min(...[...brute.findings.values()].map((f) => f.choices.length));
      // Level d is expanded in order: an invariant broken at depth d+1 may be seen before a dead end at depth d.
      const own = brute.findings.get(key(first))!.choices.length;
      if (own !== first.choices.length) throw new Error(`${key(first)} in ${first.choices.length} steps, shortest ${own}`);
      if (first.choices.length > shortest + 1) throw new Error(`first violation after ${first.choices.length} steps, another exists in ${shortest}`);
    }),
    { numRuns: 200, seed: 9002 },
  );
  t.pass();
});

test("BFS and DFS agree on verdicts, properties and state counts when both explore everything", (t) => {
  fc.assert(
    fc.property(randomModelArb(), fc.integer(), ({ model }, hashSeed) => {
      const bfs = check(model, { stopAtFirst: false, maxStates: LIMIT });
      fc.pre(bfs.boundsHit.length === 0);
      const dfs = check(model, { strategy: "dfs", stopAtFirst: false, hashSeed });
      if (dfs.verdict !== bfs.verdict) throw new Error(`verdicts ${bfs.verdict} / ${dfs.verdict}`);
      if (dfs.stats.states !== bfs.stats.states) throw new Error(`states ${bfs.stats.states} / ${dfs.stats.states}`);
      if (dfs.violations.map(key).sort().join() !== bfs.violations.map(key).sort().join()) throw new Error("different properties");
      for (const v of dfs.violations) {
        const b = bfs.violations.find((x) => key(x) === key(v))!;
        if (v.choices.length < b.choices.length) throw new Error(`DFS beat BFS on ${key(v)}`);
      }
      // Stopping at the first violation, the two still agree on whether there is one.
      if (check(model, { strategy: "dfs" }).verdict !== check(model).verdict) throw new Error("stop-at-first verdicts differ");
    }),
    { numRuns: 200, seed: 9003 },
  );
  t.pass();
});
