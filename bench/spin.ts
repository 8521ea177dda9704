import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Runs SPIN on a Promela twin of a socheck model: `spin -a`, then gcc -O2 with -DSAFETY and
 * one storage mode, then pan. One core each (pan is single-threaded unless built with -DNCORE).
 */
export type SpinMode = "full" | "hc4" | "por";

export const SPIN_FLAGS: Record<SpinMode, string[]> = {
  full: ["-DSAFETY", "-DNOREDUCE"],
  hc4: ["-DSAFETY", "-DNOREDUCE", "-DHC4"],
  por: ["-DSAFETY"],
};

export interface SpinRun {
  readonly states: number;
  readonly transitions: number;
  /** Wall time of the best pan run, ms (includes process start and hash-table allocation). */
  readonly ms: number;
  /** SPIN's own state storage plus its hash table, per stored state. */
  readonly bytesPerState: number;
  readonly errors: number;
}

/** Why SPIN cannot run here, or null when spin and gcc are both on PATH. */
export function spinMissing(): string | null {
  for (const tool of ["spin", "gcc"]) {
    const r = spawnSync(tool, ["-V"], { encoding: "utf8" });
    if (r.error) return `${tool} not found (Debian: apt-get install -y spin gcc)`;
  }
  return null;
}

function run(cmd: string, args: string[], cwd: string): string {
  const r = spawnSync(cmd, args, { cwd, encoding: "utf8", maxBuffer: 1 << 26 });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed: ${(r.stderr || r.stdout).split("\n")[0]}`);
  return r.stdout;
}

function num(out: string, re: RegExp): number {
  const m = re.exec(out);
  if (!m) throw new Error(`pan output lacks ${re.source}`);
  return Number(m[1]);
}

/**
 * Builds and runs pan for `pml` with preprocessor `defines`, `repeats` times, keeping the
 * fastest. `expectStates` sizes the hash table (-w) as SPIN's manual advises.
 */
export function runSpin(pml: string, defines: string[], mode: SpinMode, expectStates: number, repeats: number, spinArgs: readonly string[] = []): SpinRun {
  const dir = mkdtempSync(join(tmpdir(), "socheck-spin-"));
  try {
    copyFileSync(pml, join(dir, "model.pml"));
    run("spin", [...spinArgs, ...defines.map((d) => `-D${d}`), "-a", "model.pml"], dir);
    run("gcc", ["-w", "-O2", ...SPIN_FLAGS[mode], "-o", "pan", "pan.c"], dir);
    const w = Math.max(10, Math.ceil(Math.log2(Math.max(2, expectStates))) + 1);
    let best = Infinity;
    let out = "";
    for (let i = 0; i < repeats; i++) {
      const t0 = process.hrtime.bigint();
      // -E: a deadlock is a finding, not a reason to stop counting; -c0 keeps going past errors.
      // -m: the DFS stack is never deeper than the state count; pan allocates all of it up front.
      out = run("./pan", [`-m${expectStates + 1000}`, `-w${w}`, "-c0", "-E"], dir);
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (ms < best) best = ms;
    }
    const states = num(out, /(\d+) states, stored/);
    const stateMb = num(out, /([\d.]+)\s+actual memory usage for states/);
    const hashMb = num(out, /([\d.]+)\s+memory used for hash table/);
    return {
      states,
      transitions: num(out, /(\d+) transitions \(= stored\+matched\)/),
      ms: best,
      bytesPerState: ((stateMb + hashMb) * 1048576) / states,
      errors: num(out, /errors: (\d+)/),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
