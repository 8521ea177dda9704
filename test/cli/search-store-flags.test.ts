import test from "ava";
import { cli } from "../helpers/cli.js";

type Row = { scenario: string; result: { verdict: string; stats: { states: number; transitions: number } } };
const rows = (stdout: string) => JSON.parse(stdout) as Row[];

/**
 * --fingerprints and --pack-queue reach the search: every mode counts the same states, and verify
 * mode (which recomputes each incremental fingerprint whole) finds the built-in write sets true.
 */
test("--fingerprints and --pack-queue: every mode counts the same states and transitions", (t) => {
  const base = cli("check", "dragonfly-so_state-one-lock", "--collect-all", "--json");
  t.is(base.code, 0, base.stderr);
  const want = rows(base.stdout)[0]!.result.stats;
  for (const args of [
    ["--fingerprints", "full"],
    ["--fingerprints", "verify"],
    ["--fingerprints", "incremental", "--pack-queue", "on"],
    ["--pack-queue", "off"],
    ["--pack-queue", "auto"],
    ["--por", "--fingerprints", "verify", "--pack-queue", "on"],
  ]) {
    const r = cli("check", "dragonfly-so_state-one-lock", "--collect-all", "--json", ...args);
    t.is(r.code, 0, `${args.join(" ")}: ${r.stderr}`);
    const got = rows(r.stdout)[0]!.result.stats;
    if (args[0] === "--por") t.true(got.states <= want.states, args.join(" "));
    else t.deepEqual([got.states, got.transitions], [want.states, want.transitions], args.join(" "));
  }
});

test("--fingerprints and --pack-queue: a bad mode, or a search they do not apply to, is a one-line usage error", (t) => {
  for (const [args, says] of [
    [["--fingerprints", "fast"], /--fingerprints expects one of incremental, full, verify, got "fast"/],
    [["--pack-queue", "yes"], /--pack-queue expects one of auto, on, off, got "yes"/],
    [["--fingerprints"], /argument missing/],
    [["--dfs", "--fingerprints", "full"], /--fingerprints applies to breadth-first searches .*not --dfs/],
    [["--random", "--fingerprints", "verify"], /--fingerprints applies to breadth-first searches .*not --random/],
    [["--bitstate", "16", "--pack-queue", "on"], /--pack-queue applies to breadth-first searches .*not --bitstate/],
  ] as const) {
    const r = cli("check", "kyu-netlock", ...args);
    t.is(r.code, 2, args.join(" "));
    t.is(r.stderr.trim().split("\n").length, 1, r.stderr);
    t.regex(r.stderr, says);
    t.is(r.stdout, "", args.join(" "));
  }
});

/**
 * Under --symmetry the modes choose how classes are told apart: class codes from the write sets
 * (incremental), canonicalize's representatives (full), or both compared (verify). A process run.
 */
test("--fingerprints under --symmetry and --por --symmetry: every mode counts the same states and transitions", (t) => {
  for (const reduction of [["--symmetry"], ["--por", "--symmetry"]]) {
    const counts = ["incremental", "full", "verify"].map((mode) => {
      const r = cli("check", "bsd44-close-storm-3-m1", "--json", ...reduction, "--fingerprints", mode);
      t.is(r.code, 0, `${reduction.join(" ")} ${mode}: ${r.stderr}`);
      const s = rows(r.stdout)[0]!.result.stats;
      return [s.states, s.transitions];
    });
    t.deepEqual(counts[1], counts[0], reduction.join(" "));
    t.deepEqual(counts[2], counts[0], reduction.join(" "));
  }
});

test("check --help documents --fingerprints and --pack-queue with their modes", (t) => {
  const r = cli("check", "--help");
  t.is(r.code, 0);
  t.regex(r.stdout, /--fingerprints <mode>[\s\S]*incremental[\s\S]*full[\s\S]*verify/);
  t.regex(r.stdout, /--pack-queue <mode>[\s\S]*auto[\s\S]*on[\s\S]*off/);
});

test("--fingerprints verify stops a model whose write sets leave out a word it writes, as a model error (exit 2); full never asks", (t) => {
  const load = ["--load", "test/fixtures/broken-models.mjs", "undeclared-write"];
  const full = cli("check", ...load, "--fingerprints", "full");
  t.is(full.code, 0, full.stderr);
  const verify = cli("check", ...load, "--fingerprints", "verify");
  t.is(verify.code, 2, verify.stderr);
  t.is(verify.stderr.trim().split("\n").length, 1, verify.stderr);
  t.regex(verify.stderr, /model error in scenario "undeclared-write": writeSet\(\) left out a written word: .*written but not declared: slot 2/);
});
