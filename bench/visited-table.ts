import { pathToFileURL } from "node:url";
import { resolve } from "node:path";
import type { VisitedTable } from "../checker/stores/visited.js";
import { fixed, table } from "./table.js";

/**
 * `node dist/bench/visited-table.js OLD_ROOT [ROUNDS] [N]`: this build's visited table against
 * another build's (OLD_ROOT holds its own dist/), side by side in one process with the runs
 * alternating, in CPU time. Each workload inserts N random fingerprints (about a kernel search's
 * states: dragonfly-sofree-race stores 1,029,799) with a parent and a choice each:
 * - growing: from the default 65,536 slots, through a dozen growths;
 * - presized: into a table that never grows (the growths' share is the difference);
 * - growing, repeats: every new key followed by one inserted earlier, so repeats that the cache
 *   of recent fingerprints has forgotten go to the table.
 * Both builds must answer alike (the ids returned are summed); bytes/state is `bytes / size`.
 */
type Table = Pick<VisitedTable, "insert" | "size" | "bytes">;
type TableClass = new (initialCapacity?: number) => Table;

async function load(root: string): Promise<TableClass> {
  const url = pathToFileURL(resolve(root, "dist", "checker", "stores", "visited.js")).href;
  return ((await import(url)) as { VisitedTable: TableClass }).VisitedTable;
}

/** 2·n pseudo-random words (a 32-bit LCG, mixed), the same for both builds. */
function randomKeys(n: number): Int32Array {
  const keys = new Int32Array(2 * n);
  let x = 12345;
  for (let i = 0; i < keys.length; i++) {
    x = (Math.imul(x, 1103515245) + 12345) | 0;
    keys[i] = x ^ (x >>> 13) ^ Math.imul(i, 0x9e3779b9);
  }
  return keys;
}

interface Workload {
  readonly name: string;
  readonly presized: boolean;
  readonly repeats: boolean;
}

const WORKLOADS: readonly Workload[] = [
  { name: "growing", presized: false, repeats: false },
  { name: "presized", presized: true, repeats: false },
  { name: "growing, repeats", presized: false, repeats: true },
];

/** One run: CPU ms, bytes a state, and the sum of the ids returned (the builds must agree). */
function run(T: TableClass, keys: Int32Array, w: Workload): { ms: number; bytes: number; ids: number } {
  const n = keys.length >> 1;
  const t = w.presized ? new T((n / 0.93) * 1.01) : new T();
  let ids = 0;
  const c0 = process.cpuUsage();
  for (let i = 0; i < n; i++) {
    ids += t.insert(keys[2 * i]!, keys[2 * i + 1]!, i - 1, i & 7);
    if (w.repeats && i > 5000) {
      const j = (Math.imul(i, 7919) >>> 0) % (i - 1);
      ids += t.insert(keys[2 * j]!, keys[2 * j + 1]!, 0, 0);
    }
  }
  const c = process.cpuUsage(c0);
  return { ms: (c.user + c.system) / 1000, bytes: t.bytes / t.size, ids };
}

const median = (a: readonly number[]) => [...a].sort((x, y) => x - y)[a.length >> 1]!;

async function main(): Promise<void> {
  const [oldRoot, roundsArg, nArg] = process.argv.slice(2);
  if (!oldRoot) {
    process.stderr.write("usage: node dist/bench/visited-table.js OLD_ROOT [ROUNDS] [N]\n");
    process.exit(2);
  }
  const rounds = Number(roundsArg ?? 5);
  const keys = randomKeys(Number(nArg ?? 1_030_000));
  const builds = { old: await load(oldRoot), new: await load(resolve(import.meta.dirname, "..", "..")) };
  const rows: string[][] = [];
  for (const w of WORKLOADS) {
    const ms = { old: [] as number[], new: [] as number[] };
    const last = { old: { bytes: 0, ids: 0 }, new: { bytes: 0, ids: 0 } };
    for (let r = 0; r < rounds; r++)
      for (const side of r % 2 === 0 ? (["old", "new"] as const) : (["new", "old"] as const)) {
        const res = run(builds[side], keys, w);
        ms[side].push(res.ms);
        last[side] = res;
      }
    rows.push([
      w.name,
      last.new.ids === last.old.ids ? "same" : "DIFFER",
      fixed(Math.min(...ms.old), 0),
      fixed(Math.min(...ms.new), 0),
      fixed(Math.min(...ms.new) / Math.min(...ms.old), 3),
      fixed(median(ms.new) / median(ms.old), 3),
      `${fixed(last.old.bytes, 2)} / ${fixed(last.new.bytes, 2)}`,
    ]);
  }
  process.stdout.write(table(["workload", "ids", "old cpu ms", "new cpu ms", "new/old (fastest)", "new/old (median)", "bytes/state old / new"], rows) + "\n");
}

await main();
