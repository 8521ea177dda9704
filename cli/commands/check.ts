import { ModelError, type CheckResult, type ModelSource, type SearchOptions, type Strategy } from "../../checker/index.js";
import { availableParallelism } from "node:os";
import { meetsExpectation, type Scenario } from "../../model/scenario.js";
import { findScenario } from "../../model/scenarios/index.js";
import { loadedFrom, loadScenarios, resolveScenarios } from "../load-scenarios.js";
import { Interrupts } from "../interrupts.js";
import { describeGot, isBounded, notesText, status, summary, verdictTable, type Row } from "../report.js";
import { runScenario } from "../run-scenario.js";
import { EXIT_HARD_INTERRUPT, EXIT_INCONCLUSIVE, EXIT_OK, EXIT_UNEXPECTED, EXIT_USAGE, UsageError } from "../usage-error.js";

export interface CheckFlags {
  all?: boolean;
  bfs?: boolean;
  dfs?: boolean;
  random?: boolean;
  por?: boolean;
  symmetry?: boolean;
  workers?: number;
  bitstate?: number;
  omissionBudget?: number;
  maxStates?: number;
  maxDepth?: number;
  timeLimit?: number;
  preemptionBound?: number;
  seed?: number;
  walks?: number;
  collectAll?: boolean;
  fingerprints?: "incremental" | "full" | "verify";
  packQueue?: "auto" | "on" | "off";
  memoryLimit?: number;
  json?: boolean;
  progress?: boolean;
  load?: string[];
  /** --trace-out DIR: written by the hooks in trace-out.ts. */
  traceOut?: string;
}

/** Hooks other commands' features attach to (trace files, CI reports) without editing this file's flow. */
export interface CheckHooks {
  afterScenario?: (scenario: Scenario, result: CheckResult) => void | Promise<void>;
  /** `unchecked`: scenarios with no row (a model error stopped it, or it was never run), each with why. */
  afterAll?: (rows: readonly Row[], unchecked?: readonly { readonly scenario: Scenario; readonly why: string; readonly error: boolean }[]) => void | Promise<void>;
}

/** The strategies that queue states in BfsSearch's queue (strategies/bfs.ts). */
const BFS_QUEUED: readonly Strategy[] = ["bfs", "por", "symmetry", "por-symmetry"];

export function searchOptions(f: CheckFlags): SearchOptions {
  const flag = { parallel: "workers", bitstate: "bitstate", "por-symmetry": "por --symmetry", "dfs-por": "dfs --por" } as Record<string, string>;
  // The two reductions combine, and --por goes with --dfs too; every other pair is a choice between searches.
  const dfsPor = f.por && f.dfs && !f.symmetry;
  const reduction = dfsPor ? "dfs-por" : f.por && f.symmetry ? "por-symmetry" : f.por ? "por" : f.symmetry && "symmetry";
  const picked = [f.bfs && "bfs", f.dfs && !dfsPor && "dfs", f.random && "random", reduction, f.workers !== undefined && "parallel", f.bitstate !== undefined && "bitstate"].filter(Boolean) as Strategy[];
  if (picked.length > 1)
    throw new UsageError(`choose one of --bfs, --dfs, --random, --por (alone, with --dfs or with --symmetry), --symmetry, --workers, --bitstate (got ${picked.map((p) => "--" + (flag[p] ?? p)).join(" ")})`);
  if (f.workers !== undefined && f.workers < 1) throw new UsageError("--workers must be at least 1");
  // More threads than the machine runs at once only adds memory (a frontier per worker) and waiting.
  const cores = availableParallelism();
  if (f.workers !== undefined && f.workers > cores) throw new UsageError(`--workers ${f.workers}: this machine runs at most ${cores} thread(s) at once (os.availableParallelism)`);
  if (f.bitstate !== undefined && (f.bitstate < 10 || f.bitstate > 32)) throw new UsageError("--bitstate takes log2 of the bit count, from 10 to 32");
  if (f.omissionBudget !== undefined && f.bitstate === undefined) throw new UsageError("--omission-budget goes with --bitstate");
  const strategy = picked[0] ?? "bfs";
  // A flag that would change nothing is refused rather than silently ignored.
  if (f.fingerprints !== undefined && !BFS_QUEUED.includes(strategy))
    throw new UsageError(`--fingerprints applies to breadth-first searches (--bfs, --por, --symmetry), not --${flag[strategy] ?? strategy}`);
  if (f.packQueue !== undefined && !BFS_QUEUED.includes(strategy))
    throw new UsageError(`--pack-queue applies to breadth-first searches (--bfs, --por, --symmetry), not --${flag[strategy] ?? strategy}`);
  return {
    workers: f.workers,
    bitstateLog2: f.bitstate,
    omissionBudget: f.omissionBudget,
    strategy,
    maxStates: f.maxStates,
    maxDepth: f.maxDepth,
    timeLimitMs: f.timeLimit !== undefined ? f.timeLimit * 1000 : undefined,
    preemptionBound: f.preemptionBound,
    seed: f.seed,
    walks: f.walks,
    // The main job (--all) reports every property each scenario breaks, each with its own shortest trace.
    stopAtFirst: !(f.collectAll || f.all),
    maxMemoryBytes: f.memoryLimit !== undefined ? f.memoryLimit * 1024 * 1024 : undefined,
    fingerprints: f.fingerprints,
    packQueue: f.packQueue === undefined ? undefined : f.packQueue === "auto" ? "auto" : f.packQueue === "on",
  };
}

/**
 * Exit code for a run (usage-error.ts lists them): 1 if anything unexpected was found, else 3 if
 * anything is inconclusive or some scenario was not run, else 0.
 */
export function exitCode(rows: readonly Row[], allRun = true): number {
  if (rows.some((r) => !r.matches && r.result.verdict !== "inconclusive")) return EXIT_UNEXPECTED;
  if (rows.some((r) => !r.matches) || !allRun) return EXIT_INCONCLUSIVE;
  return EXIT_OK;
}

/** A memory limit socheck is over before it searches would stop every search at once, saying nothing useful. */
function checkMemoryLimit(bytes: number | undefined): void {
  const rss = process.memoryUsage.rss();
  if (bytes !== undefined && rss >= bytes)
    throw new UsageError(`--memory-limit ${Math.round(bytes / 2 ** 20)} MiB is below what socheck uses before searching (${Math.ceil(rss / 2 ** 20)} MiB resident); give more`);
}

/** Where parallel workers rebuild `sc`: a built-in by name, a loaded one from its file. */
function workerSource(sc: Scenario): ModelSource | undefined {
  if (findScenario(sc.name) === sc) return { module: new URL("../../model/scenarios/index.js", import.meta.url).href, export: "findScenario", args: [sc.name] };
  const file = loadedFrom.get(sc);
  return file ? { module: new URL("../loaded-scenario.js", import.meta.url).href, export: "findLoadedScenario", args: [file, sc.name] } : undefined;
}

/** A scenario with no row: stopped by a model error, or never run (Ctrl-C, or after that error). */
interface Unchecked {
  readonly scenario: Scenario;
  readonly why: string;
  readonly error: boolean;
}

/** The table and summary (or --json rows), then what has no row: JSON rows for each, a "not run" line for the unrun. */
function printResults(rows: readonly Row[], unchecked: readonly Unchecked[], json: boolean): void {
  if (json) {
    const extra = unchecked.map((u) =>
      u.error
        ? { scenario: u.scenario.name, expected: u.scenario.expected, status: "model error", error: u.why, matches: false, result: null }
        : { scenario: u.scenario.name, expected: u.scenario.expected, status: "not run", reason: u.why.replace(/^not run \((.*)\)$/, "$1"), matches: false, result: null },
    );
    process.stdout.write(JSON.stringify([...rows.map(jsonRow), ...extra], null, 2) + "\n");
    return;
  }
  process.stdout.write(verdictTable(rows) + "\n\n" + summary(rows) + "\n" + notesText(rows));
  const unrun = unchecked.filter((u) => !u.error);
  if (unrun.length > 0) process.stdout.write(`${unrun[0]!.why}: ${unrun.map((u) => u.scenario.name).join(", ")}\n`);
}

/** A row as --json prints it: the result, plus the words of the table (got, status). */
function jsonRow(r: Row): Record<string, unknown> {
  return { scenario: r.scenario, expected: r.expected, got: describeGot(r.result), status: status(r), matches: r.matches, bounded: isBounded(r.result), result: r.result };
}

export async function runCheck(names: readonly string[], flags: CheckFlags, hooks: CheckHooks = {}): Promise<number> {
  const chosen = resolveScenarios(names, flags.all, await loadScenarios(flags.load ?? []));
  const base = searchOptions(flags);
  checkMemoryLimit(base.maxMemoryBytes);
  const stop = new Interrupts();
  const rows: Row[] = [];
  /** A model error (the scenario it stopped) or a write error: printed as one line after the table. */
  let failure: { scenario?: string; line: string } | null = null;
  // Hooks run under stop.run too (a trace's minimisation steps the model); runScenario does it slice by slice.
  const guard = async (scenario: string | undefined, f: () => unknown, interruptible: boolean) => {
    try {
      if (!interruptible) await f();
      else {
        const r = stop.run(f);
        if (r !== null) await r.value;
      }
    } catch (e) {
      if (e instanceof ModelError) failure = { scenario, line: `model error in scenario "${scenario}": ${e.describe()}` };
      else if (e instanceof UsageError) failure ??= { line: e.message };
      else throw e;
    }
  };
  try {
    for (const sc of chosen) {
      if (stop.count > 0 || failure) break;
      const modelSource = base.strategy === "parallel" ? workerSource(sc) : undefined;
      let result: CheckResult | null = null;
      await guard(sc.name, async () => (result = await runScenario(sc, { ...base, modelSource }, stop, flags.progress ?? process.stderr.isTTY === true)), false);
      if (result === null) break;
      const done: CheckResult = result;
      rows.push({ scenario: sc.name, expected: sc.expected, result: done, matches: meetsExpectation(sc.expected, done) });
      if (hooks.afterScenario) await guard(sc.name, () => hooks.afterScenario!(sc, done), true);
    }
  } finally {
    stop.dispose();
  }
  const f = failure as { scenario?: string; line: string } | null;
  const notRun = chosen.filter((s) => s.name !== f?.scenario && !rows.some((r) => r.scenario === s.name));
  const why = f?.scenario ? `stopped by the model error in ${f.scenario}` : "interrupted";
  // A model error while checking a scenario leaves it without a row; one in a hook (a trace's minimisation) comes after its row.
  const failed = chosen.find((s) => s.name === f?.scenario && !rows.some((r) => r.scenario === s.name));
  const unchecked: Unchecked[] = [...(failed ? [{ scenario: failed, why: f!.line, error: true }] : []), ...notRun.map((scenario) => ({ scenario, why: `not run (${why})`, error: false }))];
  printResults(rows, unchecked, flags.json === true);
  if (hooks.afterAll) await guard(undefined, () => hooks.afterAll!(rows, unchecked), true);
  if (stop.stuckMs > 0) {
    process.stderr.write(`socheck: Ctrl-C stopped model code that had not returned for ${(stop.stuckMs / 1000).toFixed(1)} s\n`);
    return EXIT_HARD_INTERRUPT;
  }
  if (failure) {
    process.stderr.write(`socheck: ${(failure as { line: string }).line}\n`);
    return EXIT_USAGE;
  }
  return exitCode(rows, notRun.length === 0 && stop.count === 0);
}
