import { check, type Model } from "../checker/index.js";
import { filterLock } from "../examples/filter-lock.js";
import { findScenario } from "../model/scenarios/index.js";
import { randomModel } from "../properties/random-model.js";
import { REPEATS, say, section } from "./section.js";
import { fixed, int, table } from "./table.js";

/** Issue 8 item 5: bitstate coverage against the exhaustive count, with the omitted states it reports. */
export function bitstateTable(): void {
  section("Bitstate (supertrace) on the filter lock, 4 processes: never a proof");
  const full = check(filterLock(4));
  const rows: string[][] = [["exhaustive BFS", int(full.stats.states), "100.0%", fixed(full.stats.bytesPerState), "-", "-", full.verdict]];
  for (const w of [18, 20, 22, 26]) {
    const r = check(filterLock(4), { strategy: "bitstate", bitstateLog2: w, stopAtFirst: false });
    const cover = (100 * r.stats.states) / full.stats.states;
    const o = r.stats.omissions;
    rows.push([`bitstate 2^${w} bits`, int(r.stats.states), fixed(cover) + "%", fixed(r.stats.bytesPerState, 2), int(full.stats.states - r.stats.states), o ? `${o.kind === "estimate" ? "≈" : "≥"} ${int(o.states)}` : "-", r.verdict]);
  }
  say(table(["search", "states", "coverage", "bytes/state", "omitted", "reported", "verdict"], rows));
  say("Coverage and omitted are measured against the exhaustive count; reported is what the search says without knowing it.");
  omissionTable();
}

const BENCH_MODELS: [string, () => Model, number[]][] = [
  ["filter-lock(4)", () => filterLock(4), [16, 17, 18, 19, 20, 22]],
  ["bsd44-spl", () => findScenario("bsd44-spl")!.build(), [14, 15, 16, 18, 20]],
  ["kyu-close-storm-2", () => findScenario("kyu-close-storm-2")!.build(), [14, 16, 18, 20, 22]],
  ["dragonfly-so_state-one-lock", () => findScenario("dragonfly-so_state-one-lock")!.build(), [14, 16, 18]],
  ["random(21)", () => randomModel(21, { maxBlocks: 6, minContexts: 3 }).model, [13, 15, 17]],
];

/**
 * Issue 15 item 6: the omitted-state count against the truth on larger models than the test's, and
 * what it costs: the bitstate run with the count and without it (omissionBudget: 0), alternated in
 * this process, best of REPEATS each.
 */
function omissionTable(): void {
  section("Bitstate's omitted-state count against the truth, and its cost");
  const rows: string[][] = [];
  for (const [name, build, sizes] of BENCH_MODELS) {
    const truthStates = check(build(), { stopAtFirst: false }).stats.states;
    for (const w of sizes) {
      let on = Infinity;
      let off = Infinity;
      let r = check(build(), { strategy: "bitstate", bitstateLog2: w, stopAtFirst: false });
      for (let i = 0; i < REPEATS; i++) {
        let t = performance.now();
        check(build(), { strategy: "bitstate", bitstateLog2: w, stopAtFirst: false, omissionBudget: 0 });
        off = Math.min(off, performance.now() - t);
        t = performance.now();
        r = check(build(), { strategy: "bitstate", bitstateLog2: w, stopAtFirst: false });
        on = Math.min(on, performance.now() - t);
      }
      const truth = truthStates - r.stats.states;
      const o = r.stats.omissions!;
      const set = /\((\d+)% set\)/.exec(r.notes[0]!)![1]!;
      rows.push([`${name} 2^${w}`, set + "%", int(truth), `${o.kind === "estimate" ? "≈" : "≥"} ${int(o.states)}`, truth > 0 ? fixed(o.states / truth, 2) + "×" : "-", fixed(off, 0), fixed(on, 0), fixed(on / off, 2) + "×"]);
    }
  }
  say(table(["bitstate run", "bits set", "omitted", "reported", "reported/omitted", "ms without", "ms with", "cost"], rows));
  say("≈ is the estimate; ≥ a lower bound (the count stopped at its default budget of 3 steps a search transition, or 90% of the bits or more are set). Cost: time with the count over time without.");
}
