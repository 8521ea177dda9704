import { check } from "../checker/index.js";
import { composeKernel } from "../model/index.js";
import { kernelScenarios } from "../model/scenarios/kernel.js";
import { raceTable } from "../properties/races.js";
import { synthesize } from "../properties/synthesize.js";
import { say, section } from "./section.js";
import { fixed, int, table } from "./table.js";

/** CPU milliseconds of `f` (user + system), so a loaded machine inflates it less than wall time. */
function cpuMs<T>(f: () => T): { value: T; ms: number } {
  const t0 = process.cpuUsage();
  const value = f();
  const d = process.cpuUsage(t0);
  return { value, ms: (d.user + d.system) / 1000 };
}

const KYU = ["kyu-stubbed-spl", "kyu-delay", "kyu-netlock-timers", "kyu-netlock-nested", "kyu-sleep-holding-lock", "kyu-listen-stubbed"];

/** Issue 16: synthesis over every site of each Kyu seed scenario with one lock, and the race table's cost against a full search. */
export function synthesisTable(): void {
  section("Placement synthesis on the Kyu seed scenarios (one lock, every site, up to 3 added protections)");
  const rows: string[][] = [];
  for (const name of KYU) {
    const spec = kernelScenarios.find((k) => k.spec.name === name)!.spec;
    const { value: r, ms } = cpuMs(() => synthesize(spec, { fromScratch: true, maxSize: 3 }));
    const hits = r.cacheHits / Math.max(1, r.checked + r.cacheHits);
    rows.push([name, String(r.atoms.length), int(r.checked), `${(hits * 100).toFixed(0)}%`, String(r.minimal.length), r.minimal[0]?.atoms.join(" + ") ?? "-", fixed(ms / 1000, 1), "< 60"]);
  }
  say(table(["scenario", "candidates", "checked", "cache hits", "minimal", "least serialising", "CPU s", "target"], rows));
  say("Candidates: a lock at each site the scenario's routines use, the lock recursive, atomic so_state, each wait site releasing; every set up to 3 checked exhaustively.");

  section("The race table against a full search (CPU time, same scenario)");
  const raceRows: string[][] = [];
  for (const name of ["kyu-stubbed-spl", "kyu-netlock-timers", "bsd44-spl", "dragonfly-so_state"]) {
    const spec = kernelScenarios.find((k) => k.spec.name === name)!.spec;
    const full = cpuMs(() => check(composeKernel(spec), { stopAtFirst: false }));
    const races = cpuMs(() => raceTable(composeKernel(spec)));
    raceRows.push([name, int(full.value.stats.states), fixed(full.ms, 0), fixed(races.ms, 0), `${(races.ms / full.ms).toFixed(1)}x`, String(races.value.pairs.length), "< 2x"]);
  }
  say(table(["scenario", "states", "full BFS ms", "races ms", "ratio", "pairs", "target"], raceRows));
  say("races explores the same states, records every access, takes both orders of each meeting pair, and searches on from one witness per differing pair.");
}
