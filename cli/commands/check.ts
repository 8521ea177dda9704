import { checkAsync, type CheckResult, type SearchOptions, type Strategy } from "../../checker/index.js";
import { meetsExpectation, type Scenario } from "../../model/scenario.js";
import { findScenario, scenarios } from "../../model/scenarios/index.js";
import { loadScenarios } from "../load-scenarios.js";
import { ProgressLine } from "../progress.js";
import { notesText, summary, verdictTable, type Row } from "../report.js";
import { EXIT_INCONCLUSIVE, EXIT_OK, EXIT_UNEXPECTED, UsageError } from "../usage-error.js";

export interface CheckFlags {
  all?: boolean;
  bfs?: boolean;
  dfs?: boolean;
  random?: boolean;
  por?: boolean;
  symmetry?: boolean;
  workers?: number;
  bitstate?: number;
  maxStates?: number;
  maxDepth?: number;
  timeLimit?: number;
  preemptionBound?: number;
  seed?: number;
  walks?: number;
  collectAll?: boolean;
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
  afterAll?: (rows: readonly Row[]) => void | Promise<void>;
}

export function resolveScenarios(names: readonly string[], all: boolean | undefined, extra: readonly Scenario[] = []): Scenario[] {
  if (all && names.length > 0) throw new UsageError("give scenario names or --all, not both");
  if (all) return [...scenarios.filter((s) => s.group !== "example"), ...extra];
  if (names.length === 0) throw new UsageError("no scenario named: give one or more names, or --all (see `socheck list`)");
  return names.map((n) => {
    const s = extra.find((x) => x.name === n) ?? findScenario(n);
    if (!s) throw new UsageError(`unknown scenario "${n}" (see \`socheck list\`)`);
    return s;
  });
}

export function searchOptions(f: CheckFlags): SearchOptions {
  const flag = { parallel: "workers", bitstate: "bitstate", "por-symmetry": "por --symmetry", "dfs-por": "dfs --por" } as Record<string, string>;
  // The two reductions combine, and --por goes with --dfs too; every other pair is a choice between searches.
  const dfsPor = f.por && f.dfs && !f.symmetry;
  const reduction = dfsPor ? "dfs-por" : f.por && f.symmetry ? "por-symmetry" : f.por ? "por" : f.symmetry && "symmetry";
  const picked = [f.bfs && "bfs", f.dfs && !dfsPor && "dfs", f.random && "random", reduction, f.workers !== undefined && "parallel", f.bitstate !== undefined && "bitstate"].filter(Boolean) as Strategy[];
  if (picked.length > 1)
    throw new UsageError(`choose one of --bfs, --dfs, --random, --por (alone, with --dfs or with --symmetry), --symmetry, --workers, --bitstate (got ${picked.map((p) => "--" + (flag[p] ?? p)).join(" ")})`);
  if (f.workers !== undefined && f.workers < 1) throw new UsageError("--workers must be at least 1");
  if (f.bitstate !== undefined && (f.bitstate < 10 || f.bitstate > 32)) throw new UsageError("--bitstate takes log2 of the bit count, from 10 to 32");
  return {
    workers: f.workers,
    bitstateLog2: f.bitstate,
    strategy: picked[0] ?? "bfs",
    maxStates: f.maxStates,
    maxDepth: f.maxDepth,
    timeLimitMs: f.timeLimit !== undefined ? f.timeLimit * 1000 : undefined,
    preemptionBound: f.preemptionBound,
    seed: f.seed,
    walks: f.walks,
    // The main job (--all) reports every property each scenario breaks, each with its own shortest trace.
    stopAtFirst: !(f.collectAll || f.all),
    maxMemoryBytes: f.memoryLimit !== undefined ? f.memoryLimit * 1024 * 1024 : undefined,
  };
}

/** Exit code for a set of rows: 1 if anything unexpected was found, else 3 if anything is inconclusive, else 0. */
export function exitCode(rows: readonly Row[]): number {
  if (rows.some((r) => !r.matches && r.result.verdict !== "inconclusive")) return EXIT_UNEXPECTED;
  if (rows.some((r) => !r.matches)) return EXIT_INCONCLUSIVE;
  return EXIT_OK;
}

export async function runCheck(names: readonly string[], flags: CheckFlags, hooks: CheckHooks = {}): Promise<number> {
  const chosen = resolveScenarios(names, flags.all, await loadScenarios(flags.load ?? []));
  const base = searchOptions(flags);
  let interrupted = false;
  const onSigint = () => {
    interrupted = true;
  };
  process.on("SIGINT", onSigint);
  const rows: Row[] = [];
  try {
    for (const sc of chosen) {
      if (interrupted) break;
      const progress = new ProgressLine(sc.name, flags.progress ?? process.stderr.isTTY === true);
      // Worker threads rebuild a built-in scenario by name; a loaded one runs on this thread.
      const modelSource =
        base.strategy === "parallel" && findScenario(sc.name) === sc
          ? { module: new URL("../../model/scenarios/index.js", import.meta.url).href, export: "findScenario", args: [sc.name] }
          : undefined;
      const result = await checkAsync(sc.build(), { ...base, modelSource, onProgress: (p) => progress.update(p), shouldStop: () => interrupted });
      progress.done();
      rows.push({ scenario: sc.name, expected: sc.expected, result, matches: meetsExpectation(sc.expected, result) });
      await hooks.afterScenario?.(sc, result);
    }
  } finally {
    process.off("SIGINT", onSigint);
  }
  if (flags.json) {
    process.stdout.write(JSON.stringify(rows, null, 2) + "\n");
  } else {
    process.stdout.write(verdictTable(rows) + "\n\n" + summary(rows) + "\n" + notesText(rows));
    if (interrupted) process.stdout.write(`interrupted: ${chosen.length - rows.length} scenario(s) not run\n`);
  }
  await hooks.afterAll?.(rows);
  return exitCode(rows);
}
