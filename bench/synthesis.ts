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
  for (const name of ["kyu-stubbed-spl", "kyu-netlock-timers", "bsd44-spl", "dragonfly-so_state", "dragonfly-soreceive-check"]) {
    const spec = kernelScenarios.find((k) => k.spec.name === name)!.spec;
    // One untimed run of each first (so neither pays for compiling its code), then three of each, alternated.
    const runFull = () => check(composeKernel(spec), { stopAtFirst: false });
    const runRaces = () => raceTable(composeKernel(spec));
    let full = runFull();
    let races = runRaces();
    let [fullMs, racesMs] = [0, 0];
    for (let i = 0; i < 3; i++) {
      const f = cpuMs(runFull);
      const r = cpuMs(runRaces);
      [full, races, fullMs, racesMs] = [f.value, r.value, fullMs + f.ms / 3, racesMs + r.ms / 3];
    }
    raceRows.push([name, int(full.stats.states), fixed(fullMs, 0), fixed(racesMs, 0), `${(racesMs / fullMs).toFixed(1)}x`, String(races.pairs.length), "≤ 2x"]);
  }
  say(table(["scenario", "states", "full BFS ms", "races ms", "ratio", "pairs", "target"], raceRows));
  say("CPU ms, mean of three runs each, alternated after one untimed run of each. races explores the same states once, records every access and edge, takes both orders of each meeting pair, and reads each witness's verdict off the explored graph.");
}
