import { availableParallelism } from "node:os";
import test from "ava";
import { cli } from "../helpers/cli.js";

type Row = { scenario: string; matches: boolean; result: { verdict: string; exhaustive: boolean; boundsHit: string[]; strategy: string; stats: { states: number; omissions?: { states: number; kind: string } } } };
const rows = (stdout: string) => JSON.parse(stdout) as Row[];

const names = ["kyu-netlock", "kyu-stubbed-spl", "netbsd-pr20390", "netbsd-pr20390-ack"];

test("--por, --symmetry and --workers give the same verdicts as plain BFS from the command line", (t) => {
  const base = rows(cli("check", ...names, "--json").stdout);
  for (const flag of [["--por"], ["--symmetry"], ["--por", "--symmetry"], ["--dfs", "--por"], ["--workers", String(Math.min(2, availableParallelism()))]]) {
    const r = cli("check", ...names, "--json", ...flag);
    t.is(r.code, 0, `${flag.join(" ")}: ${r.stderr}`);
    const got = rows(r.stdout);
    t.deepEqual(
      got.map((x) => [x.scenario, x.result.verdict, x.matches]),
      base.map((x) => [x.scenario, x.result.verdict, x.matches]),
      flag.join(" "),
    );
    // Reductions store no more states than BFS; parallel BFS finishes the level of a violation, so it may store more.
    if (flag[0] !== "--workers")
      for (const [i, x] of got.entries()) t.true(x.result.stats.states <= base[i]!.result.stats.states, `${flag.join(" ")} ${x.scenario}`);
  }
});

test("--bitstate is never a proof: a safe scenario comes out inconclusive with exit 3", (t) => {
  const r = cli("check", "kyu-netlock", "--bitstate", "20", "--json");
  t.is(r.code, 3, r.stderr);
  const [row] = rows(r.stdout);
  t.is(row!.result.verdict, "inconclusive");
  t.false(row!.result.exhaustive);
  t.true(row!.result.boundsHit.includes("bitstate"));
});

test("--bitstate still finds and reports a violation", (t) => {
  const r = cli("check", "netbsd-pr20390", "--bitstate", "20", "--json");
  t.is(r.code, 0, r.stderr);
  t.is(rows(r.stdout)[0]!.result.verdict, "violation");
});

test("--omission-budget sets the bitstate count's budget: 0 switches it off, a small one makes it a lower bound", (t) => {
  const off = cli("check", "bsd44-spl", "--bitstate", "13", "--omission-budget", "0", "--json");
  t.is(off.code, 3, off.stderr);
  t.is(rows(off.stdout)[0]!.result.stats.omissions, undefined);
  const cut = cli("check", "bsd44-spl", "--bitstate", "13");
  t.regex(cut.stdout, /≥ [\d,]+ states omitted/);
  t.regex(cut.stdout, /omitted states ≥ \d+ \(a lower bound: the count stopped at its budget of 3 steps a search transition/);
  const all = cli("check", "bsd44-spl", "--bitstate", "13", "--omission-budget", "1000");
  t.regex(all.stdout, /≈ [\d,]+ states omitted/);
});

test("bad values for the strategy flags are one-line usage errors", (t) => {
  for (const args of [["--omission-budget", "1"], ["--bitstate", "16", "--omission-budget", "-1"], ["--bitstate", "16", "--omission-budget", "x"], ["--workers", "two"], ["--bitstate", "x"], ["--por", "--random"], ["--por", "--dfs", "--symmetry"], ["--symmetry", "--workers", "2"], ["--por", "--symmetry", "--workers", "2"]]) {
    const r = cli("check", "kyu-netlock", ...args);
    t.is(r.code, 2, args.join(" "));
    t.is(r.stderr.trim().split("\n").length, 1, r.stderr);
  }
});

test("the text report carries the search's own notes: a reduction's caveats for one scenario, only the shared ones for several", (t) => {
  const one = cli("check", "bsd44-spl", "--por");
  t.is(one.code, 0, one.stderr);
  t.regex(one.stdout, /^note: partial-order reduction: a counterexample is shortest in the reduced graph/m);
  t.regex(one.stdout, /^note: \d+ more states passed through without being stored/m);
  const two = cli("check", "bsd44-spl", "kyu-netlock", "--por");
  t.regex(two.stdout, /^note: partial-order reduction/m);
  t.notRegex(two.stdout, /passed through/);
  t.notRegex(cli("check", "kyu-netlock").stdout, /^note:/m);
});

test("--por with --symmetry runs both reductions at once, and says so", (t) => {
  const r = cli("check", "bsd44-close-storm-2", "--por", "--symmetry", "--json");
  t.is(r.code, 0, r.stderr);
  const [row] = rows(r.stdout);
  t.is(row!.result.strategy, "por-symmetry");
  const text = cli("check", "bsd44-close-storm-2", "--por", "--symmetry").stdout;
  t.regex(text, /^note: partial-order reduction/m);
  t.regex(text, /^note: symmetry reduction: one state stored per symmetry class/m);
});
