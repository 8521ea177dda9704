import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import test from "ava";
import { cli } from "../helpers/cli.js";

const root = fileURLToPath(new URL("../../", import.meta.url));

test("a long run shows progress on stderr and Ctrl-C prints what was found so far", async (t) => {
  const child = spawn(process.execPath, ["dist/cli/main.js", "check", "big-independent", "--load", "test/fixtures/big-scenario.mjs", "--progress"], { cwd: root });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  const sawProgress = new Promise<void>((res) =>
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
      if (/states\/s/.test(stderr)) res();
    }),
  );
  const exited = new Promise<number>((res) => child.on("exit", (code) => res(code ?? -1)));
  await Promise.race([sawProgress, exited]);
  child.kill("SIGINT");
  const code = await exited;
  t.regex(stderr, /big-independent: [\d,]+ states, [\d,]+ states\/s, queue [\d,]+, depth \d+/);
  t.is(code, 3, stdout + stderr);
  t.regex(stdout, /inconclusive \(interrupted\)/);
});

test("--load reports a missing or malformed module in one line with exit 2", (t) => {
  const missing = cli("check", "x", "--load", "no/such/file.mjs");
  t.is(missing.code, 2);
  t.regex(missing.stderr, /^socheck: --load: no such file "no\/such\/file.mjs"\n$/);
  const wrong = cli("check", "x", "--load", "package.json");
  t.is(wrong.code, 2);
  t.is(wrong.stderr.trim().split("\n").length, 1);
});
