import { availableParallelism } from "node:os";
import test from "ava";
import { cli } from "../helpers/cli.js";

const oneLine = (t: import("ava").ExecutionContext, r: { code: number; stderr: string }, message: RegExp) => {
  t.is(r.code, 2, r.stderr);
  t.is(r.stderr.trim().split("\n").length, 1, r.stderr);
  t.regex(r.stderr, message);
  t.notRegex(r.stderr, /\bat .*\.js:\d+/);
};

test("--workers above the machine's parallelism is a one-line error", (t) => {
  const n = availableParallelism() + 1;
  oneLine(t, cli("check", "example-peterson", "--workers", String(n)), new RegExp(`^socheck: --workers ${n}: this machine runs at most ${n - 1} thread\\(s\\) at once`));
  oneLine(t, cli("check", "example-peterson", "--workers", "999"), /--workers 999/);
});

test("a --load'ed scenario runs on the worker threads too (each loads the module), and says so", (t) => {
  const w = Math.min(2, availableParallelism());
  const r = cli("check", "slow-violation", "--load", "test/fixtures/broken-models.mjs", "--workers", String(w), "--json");
  t.is(r.code, 0, r.stderr);
  const [row] = JSON.parse(r.stdout) as { result: { strategy: string; notes: string[]; violations: { property: string }[] } }[];
  t.is(row!.result.strategy, "parallel");
  t.true(row!.result.notes.includes(`parallel BFS: ${w} worker thread(s) over one shared fingerprint table, a barrier after each level`), row!.result.notes.join("\n"));
  t.is(row!.result.violations[0]!.property, "t0-below-2");
  // A model error inside a worker comes back as the same one line.
  const bad = cli("check", "throws-in-step", "--load", "test/fixtures/broken-models.mjs", "--workers", String(w));
  oneLine(t, bad, /^socheck: model error in scenario "throws-in-step": step\(\) threw: plain error in step at step 2 \(choice 1 "T1 step 1"\)$/m);
});

test("--memory-limit below what socheck uses before searching is a one-line error", (t) => {
  oneLine(t, cli("check", "example-peterson", "--memory-limit", "1"), /^socheck: --memory-limit 1 MiB is below what socheck uses before searching \(\d+ MiB resident\)/);
});

test("--help, and every command's --help, documents the exit codes", (t) => {
  for (const args of [["--help"], ["check", "--help"], ["replay", "--help"], ["trace-to-test", "--help"], ["list", "--help"]]) {
    const r = cli(...args);
    t.is(r.code, 0);
    for (const code of ["0", "1", "2", "3", "130"]) t.regex(r.stdout, new RegExp(`^  ${code} +\\S`, "m"), `${args.join(" ")}: ${code}`);
  }
});
