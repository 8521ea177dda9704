import { check } from "../checker/index.js";
import { scenarios } from "../model/scenarios/index.js";
import { say, section } from "./section.js";
import { fixed, int, table } from "./table.js";

/** Issue 8 item 2: states with and without partial-order reduction on every registered scenario. */
export function porTable(): void {
  section("Partial-order reduction on the registered scenarios (collect-all, so both searches run to the end)");
  const rows: string[][] = [];
  for (const sc of scenarios) {
    const m = sc.build();
    const full = check(m, { stopAtFirst: false, maxStates: 2_000_000 });
    const por = check(sc.build(), { strategy: "por", stopAtFirst: false, maxStates: 2_000_000 });
    const same = full.verdict === por.verdict ? "same" : "DIFFERENT";
    const off = por.notes.find((n) => /reduction off/.test(n));
    rows.push([sc.name, String(m.contexts.length), full.verdict, int(full.stats.states), int(por.stats.states), fixed(full.stats.states / Math.max(1, por.stats.states), 2) + "×", same, off ? "no footprints" : ""]);
  }
  say(table(["scenario", "contexts", "verdict", "full states", "por states", "fewer", "verdict", ""], rows));
  say("Target (issue 8): ≥ 10× fewer states on seed scenarios with three or more contexts.");
  say("C1 uses each context's remaining footprint from its pc and call stack (remainingFootprint). Under priority and bsd-up");
  say("every step reads or writes the scheduler's state (spl, curthread), so those scenarios are not reduced at all.");
}
