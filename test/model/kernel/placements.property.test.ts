import test from "ava";
import fc from "fast-check";
import { check, replay } from "../../../checker/index.js";
import { composeKernel } from "../../../model/compose/compose.js";
import { SPL_SITES, ENTRY_SITES } from "../../../model/kernel/sites.js";
import type { Placement } from "../../../model/runtime/placement.js";
import { bruteForce } from "../../../properties/index.js";

/**
 * Random placements of one lock over the Kyu close race (seed 000's two threads): the checker's
 * findings equal a naive enumeration's (properties/brute-force.ts), each by a shortest path,
 * every counterexample replays, and DFS reaches the same verdict.
 */
const SITES = [...SPL_SITES, ...ENTRY_SITES];
const placementArb = fc.record({
  locked: fc.subarray(SITES),
  recursive: fc.boolean(),
  wait: fc.constantFrom("hold", "release", "interlock"),
  rmw: fc.constantFrom("atomic", "split"),
  policy: fc.constantFrom("priority", "any"),
  tcpState: fc.constantFrom("CLOSE_WAIT", "ESTABLISHED"),
});

test("random lock placements over the Kyu close race: BFS agrees with brute force, traces replay, DFS agrees", (t) => {
  let compared = 0;
  fc.assert(
    fc.property(placementArb, (p) => {
      const placement: Placement = {
        name: "random",
        locks: { L: { recursive: p.recursive } },
        default: "none",
        sites: Object.fromEntries(p.locked.map((s) => [s, { lock: "L" }])),
        waits: { sbwait: p.wait as "hold", sblock: p.wait as "hold" },
        rmw: p.rmw as "atomic",
      };
      const model = composeKernel({
        name: "random",
        policy: p.policy as "any",
        placement,
        options: { flavor: "kyu" },
        initial: { tcpState: p.tcpState as "ESTABLISHED" },
        contexts: [
          { name: "U", role: "app", program: "close", priority: 20 },
          { name: "I", role: "input", priority: 13 },
        ],
        peer: { ack: true, rst: true },
      });
      const bfs = check(model, { stopAtFirst: false });
      const dfs = check(model, { strategy: "dfs" });
      if (dfs.verdict !== bfs.verdict) throw new Error(`BFS says ${bfs.verdict}, DFS ${dfs.verdict}`);
      for (const v of bfs.violations) {
        const r = replay(model, v.choices);
        if (r.error || r.violation?.name !== v.property) throw new Error(`${v.property} does not replay: ${r.error?.reason ?? r.violation?.name}`);
      }
      const brute = bruteForce(model, 6000);
      if (!brute.complete) return;
      compared++;
      const got = bfs.violations.map((v) => `${v.kind}:${v.property}`).sort();
      const want = [...brute.findings.keys()].sort();
      if (got.join() !== want.join()) throw new Error(`BFS found [${got}], the enumeration [${want}]`);
      for (const v of bfs.violations) {
        const shortest = brute.findings.get(`${v.kind}:${v.property}`)!.choices.length;
        if (v.choices.length !== shortest) throw new Error(`${v.property}: BFS path ${v.choices.length}, shortest ${shortest}`);
      }
    }),
    { numRuns: 12, seed: 20390 },
  );
  t.true(compared > 0, "some placements were small enough to enumerate naively");
});
