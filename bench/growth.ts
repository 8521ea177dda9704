import { check } from "../checker/index.js";
import { closeRace } from "../examples/close-race.js";
import { composeKernel } from "../model/compose/compose.js";
import { closeStorm } from "../model/compose/storm.js";
import { say, section } from "./section.js";
import { fixed, int, table } from "./table.js";

const MIB = 1024 * 1024;

/** Issue 8 items 3 and 6: N sockets closing at once, full BFS against symmetry reduction. */
export function growthTable(maxFull: number, maxSym: number): void {
  section("Growth: N sockets closing at once (close-race), full BFS, symmetry reduction, and POR with symmetry");
  const rows: string[][] = [];
  for (let n = 1; n <= maxSym; n++) {
    const sym = check(closeRace(n), { strategy: "symmetry" });
    const both = check(closeRace(n), { strategy: "por-symmetry" });
    const full = n <= maxFull ? check(closeRace(n)) : null;
    rows.push([
      String(n),
      full ? int(full.stats.states) : "-",
      full ? fixed(full.stats.elapsedMs, 0) : "-",
      full ? fixed(full.stats.visitedBytes / MIB, 1) : "-",
      int(sym.stats.states),
      fixed(sym.stats.elapsedMs, 0),
      fixed(sym.stats.visitedBytes / MIB, 1),
      int(both.stats.states),
      fixed(both.stats.elapsedMs, 0),
      full ? fixed(full.stats.states / sym.stats.states, 1) + "×" : "-",
      sym.verdict === both.verdict ? sym.verdict : `${sym.verdict} / ${both.verdict}`,
    ]);
  }
  say(table(["N", "full states", "full ms", "full MiB", "sym states", "sym ms", "sym MiB", "por+sym states", "por+sym ms", "full/sym", "verdict"], rows));
  say("MiB: the visited set. close-race is the bench model of examples/close-race.ts (M applications, one network");
  say("interrupt, softclock); the kernel close storm is the next table.");
}

/**
 * Issue 8 items 3 and 6 on the kernel model: closeStorm(N, M, "bsd44") (model/compose/storm.ts), N
 * processes each closing its own CLOSE_WAIT socket under real spl, full BFS against --symmetry
 * and --por, N growing while the whole table stays within `budgetMs`. A strategy whose last run
 * took more than a quarter of the budget, hit the state bound, or whose next run is predicted
 * (from its last two) not to fit in what is left of the budget, is not run at the next N.
 */
export function kernelGrowthTable(m: number, budgetMs: number, maxStates = 4_000_000): void {
  section(`Growth on the kernel model: close storm, N sockets closing at once, M = ${m} FINs in flight (bsd44, real spl)`);
  const start = Date.now();
  const strategies = ["bfs", "symmetry", "por", "por-symmetry"] as const;
  const live = new Set<string>(strategies);
  const rows: string[][] = [];
  const last = new Map<string, number>();
  for (let n = 1; live.size > 0 && Date.now() - start < budgetMs; n++) {
    const row = [String(n)];
    let fullStates = 0;
    let symStates = 0;
    for (const strategy of strategies) {
      if (!live.has(strategy)) {
        row.push("-", "-", "-");
        continue;
      }
      const r = check(composeKernel(closeStorm(n, m, "bsd44")), { strategy, maxStates, stopAtFirst: false });
      const done = r.exhaustive;
      row.push(int(r.stats.states) + (done ? "" : " (bound)"), fixed(r.stats.elapsedMs, 0), fixed(r.stats.visitedBytes / MIB, 1));
      if (strategy === "bfs" && done) fullStates = r.stats.states;
      if (strategy === "symmetry" && done) symStates = r.stats.states;
      // A strategy's next N is predicted to take as much longer as this one did over the last; one
      // that would not fit in what is left of the budget stops here (issue 17: the others go on).
      const ms = r.stats.elapsedMs;
      const prev = last.get(strategy) ?? 0;
      const next = prev > 0 ? ms * Math.max(2, ms / prev) : ms * 2;
      last.set(strategy, ms);
      if (!done || ms > budgetMs / 4 || next > budgetMs - (Date.now() - start)) live.delete(strategy);
    }
    row.push(fullStates && symStates ? fixed(fullStates / symStates, 1) + "×" : "-");
    rows.push(row);
  }
  say(
    table(
      ["N", "full states", "full ms", "full MiB", "sym states", "sym ms", "sym MiB", "por states", "por ms", "por MiB", "por+sym states", "por+sym ms", "por+sym MiB", "full/sym"],
      rows,
    ),
  );
  say("Every run is exhaustive and safe unless marked (bound). MiB: the visited set. POR: stored states (a state with a");
  say("single invisible step to take is passed through, not stored). por+sym: --por --symmetry, both at once.");
}
