import { check } from "../checker/index.js";
import { composeKernel } from "../model/index.js";
import { kernelScenarios } from "../model/scenarios/kernel.js";
import { raceTable } from "../properties/races.js";
import { synthesize, type SynthOptions, type SynthResult } from "../properties/synthesize.js";
import { netbsdScenarios } from "../model/scenarios/netbsd-pr20390.js";
import type { KernelScenarioSpec } from "../model/compose/compose.js";
import { say, section } from "./section.js";
import { fixed, int, table } from "./table.js";

/** CPU milliseconds of `f` (user + system), so a loaded machine inflates it less than wall time. */
/** Runs of each side in the race table. */
const RACE_RUNS = 11;

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

function cpuMs<T>(f: () => T): { value: T; ms: number } {
  const t0 = process.cpuUsage();
  const value = f();
  const d = process.cpuUsage(t0);
  return { value, ms: (d.user + d.system) / 1000 };
}

const KYU = ["kyu-stubbed-spl", "kyu-delay", "kyu-netlock-timers", "kyu-netlock-nested", "kyu-sleep-holding-lock", "kyu-listen-stubbed"];

/** A scenario synthesis runs on: the Kyu seeds with their kernel, PR#20390 with its callouts. */
function synthTarget(name: string): { spec: KernelScenarioSpec; opts: SynthOptions } {
  const k = kernelScenarios.find((x) => x.spec.name === name);
  if (k) return { spec: k.spec, opts: { fromScratch: true, maxSize: 3 } };
  const c = netbsdScenarios.find((x) => x.spec.name === name)!;
  return { spec: c.spec, opts: { callouts: c.callouts, maxSize: 3 } };
}

/** Issue 16: synthesis over every site of each Kyu seed scenario with one lock, with and without counterexample guidance, and the race table's cost against a full search. */
export function synthesisTable(): void {
  section("Placement synthesis (one lock, every site, up to 3 added protections): exhaustive sweep vs counterexample-guided, side by side");
  const rows: string[][] = [];
  for (const name of [...KYU, "netbsd-pr20390"]) {
    const { spec, opts } = synthTarget(name);
    // Alternate the two in one process so machine load falls on both alike.
    const plain = cpuMs(() => synthesize(spec, { ...opts, guided: false }));
    const guided = cpuMs(() => synthesize(spec, { ...opts, guided: true }));
    const same = JSON.stringify(plain.value.minimal.map((m) => m.atoms)) === JSON.stringify(guided.value.minimal.map((m) => m.atoms));
    const hitRate = (r: SynthResult) => `${((r.cacheHits / Math.max(1, r.checked + r.cacheHits)) * 100).toFixed(0)}%`;
    const g = guided.value;
    rows.push([
      name,
      String(g.atoms.length),
      int(g.checked),
      int(plain.value.searched),
      `${int(g.searched)} + ${int(g.refutedByReplay)}`,
      hitRate(g),
      String(g.minimal.length),
      same ? "yes" : "NO",
      fixed(plain.ms / 1000, 1),
      fixed(guided.ms / 1000, 1),
      `${(guided.ms / plain.ms).toFixed(2)}x`,
      "< 60",
    ]);
  }
  say(table(["scenario", "candidates", "placements", "searched (sweep)", "searched + replayed (guided)", "cache hits", "minimal", "same minimal", "sweep CPU s", "guided CPU s", "guided/sweep", "target s"], rows));
  say("Candidates: a lock at each site the scenario's routines use, the lock recursive, atomic so_state, each wait site releasing, and the callout fixes; every set up to 3 gets a verdict.");
  say("Sweep: every placement searched exhaustively. Guided: a known counterexample that still replays to a violation refutes a placement without a search; safe verdicts come only from searches.");
}

/** `socheck races` against a full search of the same scenario (issue 16: at most 2x). */
export function raceCostTable(): void {
  section("The race table against a full search (CPU time, same scenario)");
  const raceRows: string[][] = [];
  for (const name of ["kyu-stubbed-spl", "kyu-netlock-timers", "bsd44-spl", "dragonfly-so_state", "dragonfly-soreceive-check"]) {
    const spec = kernelScenarios.find((k) => k.spec.name === name)!.spec;
    // One untimed run of each first (so neither pays for compiling its code), then three of each, alternated.
    const runFull = () => check(composeKernel(spec), { stopAtFirst: false });
    const runRaces = () => raceTable(composeKernel(spec));
    const full = runFull();
    const races = runRaces();
    // The smaller scenarios take a few ms, where a collection or a load spike moves one run by 2-5x: the median of 11 holds still.
    const fullRuns: number[] = [];
    const raceRuns: number[] = [];
    for (let i = 0; i < RACE_RUNS; i++) {
      fullRuns.push(cpuMs(runFull).ms);
      raceRuns.push(cpuMs(runRaces).ms);
    }
    const [fullMs, racesMs] = [median(fullRuns), median(raceRuns)];
    raceRows.push([name, int(full.stats.states), fixed(fullMs, 0), fixed(racesMs, 0), `${(racesMs / fullMs).toFixed(1)}x`, String(races.pairs.length), "≤ 2x"]);
  }
  say(table(["scenario", "states", "full BFS ms", "races ms", "ratio", "pairs", "target"], raceRows));
  say(`CPU ms, the median of ${RACE_RUNS} runs each, alternated after one untimed run of each. races explores the same states once, records every access and edge, takes both orders of each meeting pair, and reads each witness's verdict off the explored graph.`);
}
