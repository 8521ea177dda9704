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
 * processes each closing its own CLOSE_WAIT socket under real spl, full BFS against --symmetry,
 * --por and both, N growing while the whole table stays within `budgetMs`. Each strategy has its
 * own equal share of the budget (issue 17: with one pool, full BFS and --por at N=6 and 7 used it
 * up and the cheap --por --symmetry stopped at N=14; the total is the same). A strategy that hit
 * the state bound, or whose next run is predicted (from its last two) not to fit in what is left
 * of its share, is not run at the next N.
 */
export function kernelGrowthTable(m: number, budgetMs: number, maxStates = 4_000_000): void {
  section(`Growth on the kernel model: close storm, N sockets closing at once, M = ${m} FINs in flight (bsd44, real spl)`);
  const start = Date.now();
  const strategies = ["bfs", "symmetry", "por", "por-symmetry"] as const;
  const share = budgetMs / strategies.length;
  const live = new Set<string>(strategies);
  const rows: string[][] = [];
  const last = new Map<string, number>();
  const spent = new Map<string, number>();
  for (let n = 1; live.size > 0 && Date.now() - start < budgetMs; n++) {
    const row = [String(n)];
    let fullStates = 0;
    let symStates = 0;
    for (const strategy of strategies) {
      if (!live.has(strategy)) {
        row.push("-", "-", "-");
        continue;
      }
      const t0 = Date.now();
      const r = check(composeKernel(closeStorm(n, m, "bsd44")), { strategy, maxStates, stopAtFirst: false });
      const used = (spent.get(strategy) ?? 0) + (Date.now() - t0);
      spent.set(strategy, used);
      const done = r.exhaustive;
      row.push(int(r.stats.states) + (done ? "" : " (bound)"), fixed(r.stats.elapsedMs, 0), fixed(r.stats.visitedBytes / MIB, 1));
      if (strategy === "bfs" && done) fullStates = r.stats.states;
      if (strategy === "symmetry" && done) symStates = r.stats.states;
      const ms = r.stats.elapsedMs;
      if (!done || !nextFits(ms, last.get(strategy) ?? 0, share - used)) live.delete(strategy);
      last.set(strategy, ms);
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
  say(`Each strategy stops when its next N is predicted not to fit in its share of the budget (${fixed(share / 1000, 0)} s of ${fixed(budgetMs / 1000, 0)} s); the table took ${fixed((Date.now() - start) / 1000, 1)} s.`);
}

/**
 * Whether a strategy's next N is predicted to fit in `leftMs` of its share: it is predicted to
 * take as much longer than this run (`ms`) as this run took over the last (`prevMs`, 0: none), and
 * at least twice as long: cautious for the reduced searches, which grow by 1.1-1.4x a step, so a
 * share is not overrun by a misprediction.
 */
export function nextFits(ms: number, prevMs: number, leftMs: number): boolean {
  return ms * Math.max(2, prevMs > 0 ? ms / prevMs : 2) <= leftMs;
}
