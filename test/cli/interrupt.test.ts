import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import test from "ava";
import { cli } from "../helpers/cli.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const broken = "test/fixtures/broken-models.mjs";

/**
 * Runs the CLI, sends SIGINT once `ready` matches stderr (then after `waitMs` more), and resolves
 * with the exit code, the output, and how long the process took to exit after the signal.
 */
function interrupt(args: string[], ready: RegExp, waitMs = 0): Promise<{ code: number; stdout: string; stderr: string; afterSignalMs: number }> {
  const child = spawn(process.execPath, ["dist/cli/main.js", ...args], { cwd: root });
  let stdout = "";
  let stderr = "";
  let sentAt = 0;
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  return new Promise((res) => {
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
      if (sentAt === 0 && ready.test(stderr)) {
        sentAt = -1;
        setTimeout(() => {
          sentAt = Date.now();
          child.kill("SIGINT");
        }, waitMs);
      }
    });
    // "close", not "exit": the pipes may still hold output when the process has exited.
    child.on("close", (code) => res({ code: code ?? -1, stdout, stderr, afterSignalMs: sentAt > 0 ? Date.now() - sentAt : -1 }));
  });
}

test("a long run shows progress on stderr and Ctrl-C prints what was found so far", async (t) => {
  const r = await interrupt(["check", "big-independent", "--load", "test/fixtures/big-scenario.mjs", "--progress"], /states\/s/);
  t.regex(r.stderr, /big-independent: [\d,]+ states, [\d,]+ states\/s, queue [\d,]+, depth \d+/);
  t.is(r.code, 3, r.stdout + r.stderr);
  t.regex(r.stdout, /inconclusive \(interrupted\)\s+.*inconclusive$/m);
  t.notRegex(r.stdout, /MISMATCH/);
});

test("Ctrl-C while an expected violation is being searched: the row says it was bounded, what was not run is listed, exit 3", async (t) => {
  const r = await interrupt(["check", "fine", "slow-violation", "fine-too", "--load", broken, "--collect-all", "--progress"], /slow-violation: [\d,]+ states/);
  t.is(r.code, 3, r.stdout + r.stderr);
  t.regex(r.stdout, /^fine\s+safe\s+safe \(exhaustive\)/m);
  t.regex(r.stdout, /^slow-violation\s+violation\s+violation \(t0-below-2\), bounded by interrupted\s/m);
  t.regex(r.stdout, /other properties may be missing/);
  t.regex(r.stdout, /^not run \(interrupted\): fine-too$/m);
  t.regex(r.stderr, /socheck: interrupted: reporting what was found \(Ctrl-C again to stop at once\)/);
});

test("--json lists what a Ctrl-C left unrun", async (t) => {
  const r = await interrupt(["check", "slow-violation", "fine", "--load", broken, "--collect-all", "--progress", "--json"], /slow-violation: [\d,]+ states/);
  t.is(r.code, 3, r.stderr);
  const rows = JSON.parse(r.stdout) as { scenario: string; status: string; bounded?: boolean; got?: string; result: { boundsHit: string[] } | null }[];
  t.deepEqual(rows.map((x) => [x.scenario, x.status]), [["slow-violation", "ok"], ["fine", "not run"]]);
  t.true(rows[0]!.bounded);
  t.is(rows[0]!.got, "violation (t0-below-2), bounded by interrupted");
  t.deepEqual(rows[0]!.result!.boundsHit, ["interrupted"]);
});

test("Ctrl-C stops a model step that never returns: rows found so far, then exit 130 at once", async (t) => {
  const r = await interrupt(["check", "fine", "stuck-in-step", "fine-too", "--load", broken], /fixture: stuck in step/, 2500);
  t.is(r.code, 130, r.stdout + r.stderr);
  t.true(r.afterSignalMs < 5000, `exited ${r.afterSignalMs} ms after the signal`);
  t.regex(r.stdout, /^fine\s+safe\s+safe \(exhaustive\)/m);
  t.regex(r.stdout, /^stuck-in-step\s+safe\s+inconclusive \(interrupted\)/m);
  t.regex(r.stdout, /^not run \(interrupted\): fine-too$/m);
  t.regex(r.stderr, /socheck: Ctrl-C stopped model code that had not returned for \d+\.\d s\n$/);
});

test("--load reports a missing or malformed module in one line with exit 2", (t) => {
  const missing = cli("check", "x", "--load", "no/such/file.mjs");
  t.is(missing.code, 2);
  t.regex(missing.stderr, /^socheck: --load: no such file "no\/such\/file.mjs"\n$/);
  const wrong = cli("check", "x", "--load", "package.json");
  t.is(wrong.code, 2);
  t.is(wrong.stderr.trim().split("\n").length, 1);
});
