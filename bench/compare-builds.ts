import { pathToFileURL } from "node:url";
import { resolve } from "node:path";
import type * as Checker from "../checker/index.js";
import { fixed, table } from "./table.js";

/**
 * `node dist/bench/compare-builds.js OLD_ROOT [ROUNDS] [CONFIG...]`: this build against another
 * (OLD_ROOT holds its own dist/, e.g. `git archive main | tar -x -C /tmp/old`, then tsc there),
 * side by side in one process: both are loaded, and their runs alternate, so a slow spell of a
 * shared machine falls on both. Each run is timed in CPU time (user + system, every thread) as
 * well as wall time, since on a loaded machine wall time mostly measures the wait for a core.
 * Prints, per configuration, the states and transitions of each (they must agree) and the
 * fastest and median run of each with the ratio new/old.
 *
 * A configuration is `model:strategy[:variant]`: models fl (filter lock, 4 processes), cr5
 * (close race, M=5), stormN (the growth table's close storm, closeStorm(N, 0, "bsd44")) or a
 * built-in scenario's name; variant `full` is the kernel-speed bench's
 * "before" (whole fingerprints, whole queue), a number a parallel worker count (close race only).
 */
interface Build {
  readonly run: (config: string) => Checker.CheckResult;
}

async function load(root: string): Promise<Build> {
  const at = (p: string) => pathToFileURL(resolve(root, "dist", p)).href;
  const { check } = (await import(at("checker/index.js"))) as typeof Checker;
  const { findScenario } = (await import(at("model/scenarios/index.js"))) as typeof import("../model/scenarios/index.js");
  const { filterLock } = (await import(at("examples/filter-lock.js"))) as typeof import("../examples/filter-lock.js");
  const { closeRace } = (await import(at("examples/close-race.js"))) as typeof import("../examples/close-race.js");
  // Through the kernel library's public entry, which older builds (a65adab) have too.
  const { composeKernel, closeStorm } = (await import(at("model/index.js"))) as typeof import("../model/index.js");
  const storm = (n: number) => composeKernel(closeStorm(n, 0, "bsd44"));
  const model = (name: string): Checker.Model => {
    if (name === "fl") return filterLock(4);
    if (name === "cr5") return closeRace(5);
    const n = /^storm(\d+)$/.exec(name);
    if (n) return storm(Number(n[1]));
    const sc = findScenario(name);
    if (!sc) throw new Error(`no scenario ${name}`);
    return sc.build();
  };
  return {
    run(config) {
      const [name, strategy, variant] = config.split(":") as [string, Checker.Strategy, string | undefined];
      const opts: Checker.SearchOptions = { strategy, stopAtFirst: false };
      if (strategy === "bitstate") Object.assign(opts, { bitstateLog2: 26 });
      if (variant === "full") Object.assign(opts, { fingerprints: "full", packQueue: false });
      else if (variant !== undefined) Object.assign(opts, { workers: Number(variant), modelSource: { module: at("examples/close-race.js"), export: "closeRace", args: [5] } });
      return check(model(name), opts);
    },
  };
}

const DEFAULT_CONFIGS = ["fl:bfs", "fl:dfs", "fl:bitstate", "fl:por", "fl:dfs-por", "fl:parallel", "cr5:parallel:2", "kyu-close-storm-2:bfs", "bsd44-shutdown-linger:bfs"];

const median = (a: readonly number[]) => [...a].sort((x, y) => x - y)[a.length >> 1]!;

async function main(): Promise<void> {
  const [oldRoot, roundsArg, ...configs] = process.argv.slice(2);
  if (!oldRoot) {
    process.stderr.write("usage: node dist/bench/compare-builds.js OLD_ROOT [ROUNDS] [CONFIG...]\n");
    process.exit(2);
  }
  const rounds = Number(roundsArg ?? 8);
  const builds = { old: await load(oldRoot), new: await load(resolve(import.meta.dirname, "..", "..")) };
  const rows: string[][] = [];
  for (const config of configs.length > 0 ? configs : DEFAULT_CONFIGS) {
    const cpu = { old: [] as number[], new: [] as number[] };
    const wall = { old: [] as number[], new: [] as number[] };
    const counts = { old: "", new: "" };
    for (let r = 0; r < rounds; r++)
      for (const side of r % 2 === 0 ? (["old", "new"] as const) : (["new", "old"] as const)) {
        const c0 = process.cpuUsage();
        const res = builds[side].run(config);
        const c = process.cpuUsage(c0);
        cpu[side].push((c.user + c.system) / 1000);
        wall[side].push(res.stats.elapsedMs);
        counts[side] = `${res.stats.states}/${res.stats.transitions}`;
      }
    const ratio = (a: number, b: number) => fixed(a / b, 3);
    rows.push([
      config,
      counts.new === counts.old ? counts.new : `DIFFER: old ${counts.old}, new ${counts.new}`,
      fixed(Math.min(...cpu.old), 0),
      fixed(Math.min(...cpu.new), 0),
      ratio(Math.min(...cpu.new), Math.min(...cpu.old)),
      ratio(median(cpu.new), median(cpu.old)),
      ratio(Math.min(...wall.new), Math.min(...wall.old)),
    ]);
    process.stderr.write(`${config} done\n`);
  }
  process.stdout.write(table(["config", "states/transitions", "old cpu ms", "new cpu ms", "new/old (fastest)", "new/old (median)", "wall new/old (fastest)"], rows) + "\n");
}

await main();
