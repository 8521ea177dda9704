import test from "ava";
import { cli } from "../helpers/cli.js";

const bad: [string, string[], RegExp][] = [
  ["unknown scenario", ["check", "no-such-scenario"], /unknown scenario "no-such-scenario"/],
  ["unknown flag", ["check", "example-peterson", "--bogus"], /unknown option '--bogus'/],
  ["unknown command", ["chek"], /unknown command 'chek'/],
  ["non-numeric bound", ["check", "example-peterson", "--max-states", "lots"], /--max-states expects a non-negative integer/],
  ["negative time", ["check", "example-peterson", "--time-limit", "-1"], /--time-limit/],
  ["two strategies", ["check", "example-peterson", "--bfs", "--dfs"], /choose one of --bfs, --dfs, --random/],
  ["names and --all", ["check", "example-peterson", "--all"], /not both/],
  ["nothing to check", ["check"], /no scenario named/],
];

for (const [what, args, message] of bad) {
  test(`bad input (${what}) gives one line on stderr and exit 2`, (t) => {
    const r = cli(...args);
    t.is(r.code, 2);
    t.regex(r.stderr, message);
    t.is(r.stderr.trim().split("\n").length, 1, r.stderr);
    t.notRegex(r.stderr, /\bat .*\.js:\d+/, "no stack trace");
  });
}

test("list prints one line per scenario", (t) => {
  const r = cli("list");
  t.is(r.code, 0);
  t.regex(r.stdout, /^example-peterson\s+.+\[expect safe\]$/m);
  const json = JSON.parse(cli("list", "--json").stdout) as { name: string }[];
  t.is(r.stdout.trim().split("\n").length, json.length);
});

test("check exits 0 when every verdict is as expected and prints the table", (t) => {
  const r = cli("check", "example-peterson", "example-racy-counter");
  t.is(r.code, 0, r.stderr);
  t.regex(r.stdout, /scenario\s+expected\s+got\s+states\s+transitions\s+time\s+trace/);
  t.regex(r.stdout, /example-racy-counter\s+violation\s+violation \(lost-update\)\s+13\s/);
  t.regex(r.stdout, /2\/2 verdicts as expected/);
});

test("check exits 3 when a bound leaves a safe scenario inconclusive", (t) => {
  const r = cli("check", "example-peterson", "--max-states", "5");
  t.is(r.code, 3);
  t.regex(r.stdout, /inconclusive \(max-states\)/);
});

test("check --json reports verdict, exhaustiveness and the counterexample", (t) => {
  const r = cli("check", "example-philosophers", "--json");
  t.is(r.code, 0);
  const [row] = JSON.parse(r.stdout) as { matches: boolean; result: { verdict: string; exhaustive: boolean; violations: { choices: number[] }[] } }[];
  t.true(row!.matches);
  t.is(row!.result.verdict, "violation");
  t.is(row!.result.violations[0]!.choices.length, 3);
});
