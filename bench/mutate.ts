import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { mutants, type Mutant } from "./mutants.js";

/**
 * `npm run mutate [ID...] [--check] [--no-baseline]`: applies each curated mutant (bench/mutants.ts) to a scratch
 * copy of the working tree, one at a time, runs the test files that guard its area, and prints
 * each mutant's fate and the kill rate over the non-equivalent ones. The live sources are never
 * touched: a crash leaves at most a stray directory under the system's temp folder, never a mutant.
 * First it runs the same test files on the unmutated copy, since a failing baseline kills every
 * mutant (`--no-baseline` skips it, for a subset run on a tree whose baseline just passed). `--check` only verifies that each find string occurs once. Exit 1 below a 90% kill rate.
 */

const TARGET = 0.9;
const TIMEOUT_MS = 10 * 60_000;

interface Outcome {
  readonly fate: "killed" | "survived" | "timeout";
  readonly seconds: number;
  readonly by: string;
}

class Interrupted extends Error {}

/** Copies the tracked and unignored files of the tree at `root` to a fresh temp directory, node_modules linked. */
function scratchCopy(root: string): string {
  const dir = mkdtempSync(join(tmpdir(), "socheck-mutate-"));
  const files = execFileSync("git", ["ls-files", "-co", "--exclude-standard", "-z"], { cwd: root, encoding: "utf8" }).split("\0").filter(Boolean);
  for (const f of files) {
    if (!existsSync(join(root, f))) continue; // deleted in the work tree, not yet committed
    mkdirSync(dirname(join(dir, f)), { recursive: true });
    copyFileSync(join(root, f), join(dir, f));
  }
  symlinkSync(join(root, "node_modules"), join(dir, "node_modules"), "dir");
  return dir;
}

/** Why `m` cannot be applied to `text`, or null. */
function findError(m: Mutant, text: string): string | null {
  const n = text.split(m.find).length - 1;
  return n === 1 ? null : `find string occurs ${n} times in ${m.file}`;
}

function build(dir: string): void {
  const r = spawnSync(process.execPath, [join(dir, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json"], { cwd: dir, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`build failed in ${dir}:\n${r.stdout}${r.stderr}`);
}

/** Runs ava on `tests` in `dir`, stopping at the first failure. */
function runTests(dir: string, tests: readonly string[]): Outcome {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [join(dir, "node_modules/ava/entrypoints/cli.mjs"), "--fail-fast", ...tests], { cwd: dir, encoding: "utf8", timeout: TIMEOUT_MS, maxBuffer: 64 << 20 });
  const seconds = (performance.now() - t0) / 1000;
  // Ctrl-C reaches the test run too; the sync loop never yields to a signal handler, so stop here.
  if (r.signal === "SIGINT") throw new Interrupted();
  if (r.error || r.signal) return { fate: "timeout", seconds, by: `no answer in ${TIMEOUT_MS / 1000} s (${r.signal ?? r.error?.message})` };
  if (r.status === 0) return { fate: "survived", seconds, by: "" };
  const out = `${r.stdout}\n${r.stderr}`;
  const failed = /✘ (?:\[fail\]: )?(.+)/.exec(out)?.[1] ?? out.trim().split("\n").slice(-3).join(" / ");
  return { fate: "killed", seconds, by: failed.trim().slice(0, 140) };
}

function main(argv: readonly string[]): number {
  const root = process.cwd();
  const ids = argv.filter((a) => !a.startsWith("--"));
  const unknown = ids.filter((id) => !mutants.some((m) => m.id === id));
  if (unknown.length > 0) {
    console.error(`unknown mutant(s): ${unknown.join(", ")}`);
    return 2;
  }
  const chosen = ids.length > 0 ? mutants.filter((m) => ids.includes(m.id)) : mutants;
  const bad = chosen.map((m) => [m, findError(m, readFileSync(join(root, m.file), "utf8"))] as const).filter(([, e]) => e !== null);
  for (const [m, e] of bad) console.error(`${m.id}: ${e}`);
  if (bad.length > 0) return 2;
  if (argv.includes("--check")) {
    console.log(`${chosen.length} mutants, each find string found once`);
    return 0;
  }
  const dir = scratchCopy(root);
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  try {
    const live = chosen.filter((m) => !m.equivalent);
    const all = [...new Set(live.flatMap((m) => m.tests))].sort();
    if (live.some((m) => m.build)) build(dir);
    if (argv.includes("--no-baseline")) console.log("baseline skipped (--no-baseline): a failing suite would kill every mutant\n");
    else {
      console.log(`baseline: ${all.length} test files on the unmutated copy (${dir})`);
      const base = runTests(dir, all);
      if (base.fate !== "survived") {
        console.error(`baseline failed (${base.fate}): ${base.by}; fix the suite first`);
        return 2;
      }
      console.log(`baseline passed in ${base.seconds.toFixed(0)} s\n`);
    }
    const rows: [Mutant, Outcome][] = [];
    for (const m of chosen) {
      const path = join(dir, m.file);
      const original = readFileSync(path, "utf8");
      writeFileSync(path, original.replace(m.find, () => m.replace));
      try {
        if (m.build) build(dir);
        const o = runTests(dir, m.tests);
        rows.push([m, o]);
        const tag = m.equivalent ? " (equivalent)" : "";
        console.log(`${o.fate.padEnd(8)} ${m.id.padEnd(34)} ${o.seconds.toFixed(0).padStart(4)} s  ${o.fate === "survived" ? m.why : o.by}${tag}`);
      } finally {
        writeFileSync(path, original);
        // dist/ must be the unmutated build again for the next mutant's tests.
        if (m.build) build(dir);
      }
    }
    const counted = rows.filter(([m]) => !m.equivalent);
    const killed = counted.filter(([, o]) => o.fate !== "survived").length;
    const rate = counted.length > 0 ? killed / counted.length : 1;
    console.log(`\nkilled ${killed} of ${counted.length} non-equivalent mutants: ${(100 * rate).toFixed(1)}% (target ${100 * TARGET}%)`);
    const equivalent = rows.filter(([m]) => m.equivalent);
    for (const [m] of equivalent) console.log(`equivalent, not counted: ${m.id}: ${m.equivalent}`);
    for (const [m] of counted.filter(([, o]) => o.fate === "survived")) console.log(`SURVIVED: ${m.id} (${m.file}): ${m.why}`);
    return rate >= TARGET ? 0 : 1;
  } catch (e) {
    if (!(e instanceof Interrupted)) throw e;
    console.error("interrupted");
    return 130;
  } finally {
    cleanup();
  }
}

process.exitCode = main(process.argv.slice(2));
