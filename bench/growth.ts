import { check } from "../checker/index.js";
import { closeRace } from "../examples/close-race.js";
import { say, section } from "./section.js";
import { fixed, int, table } from "./table.js";

const MIB = 1024 * 1024;

/** Issue 8 items 3 and 6: N sockets closing at once, full BFS against symmetry reduction. */
export function growthTable(maxFull: number, maxSym: number): void {
  section("Growth: N sockets closing at once (close-race), full BFS and symmetry reduction");
  const rows: string[][] = [];
  for (let n = 1; n <= maxSym; n++) {
    const sym = check(closeRace(n), { strategy: "symmetry" });
    const full = n <= maxFull ? check(closeRace(n)) : null;
    rows.push([
      String(n),
      full ? int(full.stats.states) : "-",
      full ? fixed(full.stats.elapsedMs, 0) : "-",
      full ? fixed(full.stats.visitedBytes / MIB, 1) : "-",
      int(sym.stats.states),
      fixed(sym.stats.elapsedMs, 0),
      fixed(sym.stats.visitedBytes / MIB, 1),
      full ? fixed(full.stats.states / sym.stats.states, 1) + "×" : "-",
      sym.verdict,
    ]);
  }
  say(table(["N", "full states", "full ms", "full MiB", "sym states", "sym ms", "sym MiB", "fewer", "verdict"], rows));
  say("MiB: the visited set. close-race is the bench model of examples/close-race.ts (M applications, one network");
  say("interrupt, softclock); the kernel model has no parameterised scenario yet, so this table does not use it.");
}
