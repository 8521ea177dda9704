import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import test from "ava";
import { cli } from "../helpers/cli.js";

const broken = "test/fixtures/broken-models.mjs";
const json = "test/model/fixtures/my-close-race.json";
const dir = mkdtempSync(join(tmpdir(), "socheck-load-"));
test.after.always(() => rmSync(dir, { recursive: true, force: true }));

/** my-close-race.json (and its placement) copied with `patch` applied to the scenario. */
function scenarioFile(file: string, patch: Record<string, unknown>): string {
  copyFileSync("test/model/fixtures/my-placement.json", join(dir, "my-placement.json"));
  const f = join(dir, file);
  writeFileSync(f, JSON.stringify({ ...JSON.parse(readFileSync(json, "utf8")), ...patch }));
  return f;
}

const names = (stdout: string) => [...stdout.matchAll(/^(\S+)\s+(?:safe|violation)\s/gm)].map((m) => m[1]);

test("--load takes one file; scenario names after it are scenario names", (t) => {
  const r = cli("check", "--load", broken, "fine", "example-peterson");
  t.is(r.code, 0, r.stderr);
  t.deepEqual(names(r.stdout), ["fine", "example-peterson"]);
});

test("--load repeats for several files", (t) => {
  const r = cli("check", "fine", "my-close-race", "--load", broken, "--load", json);
  t.is(r.code, 0, r.stderr);
  t.deepEqual(names(r.stdout), ["fine", "my-close-race"]);
});

test("check --load FILE with no names checks what it loaded", (t) => {
  const r = cli("check", "--load", json);
  t.is(r.code, 0, r.stderr);
  t.deepEqual(names(r.stdout), ["my-close-race"]);
  t.regex(r.stdout, /^my-close-race\s+violation\s+violation \(/m);
});

test("list --load lists the loaded scenarios after the built-in ones", (t) => {
  const r = cli("list", "--load", json);
  t.is(r.code, 0, r.stderr);
  t.regex(r.stdout.trim().split("\n").at(-1)!, /^my-close-race\s+Kyu with net_lock/);
  const rows = JSON.parse(cli("list", "--json", "--load", json).stdout) as { name: string; group: string }[];
  t.deepEqual(rows.at(-1), { ...rows.at(-1)!, name: "my-close-race", group: "user" });
});

test("a loaded scenario named like a built-in one, or like another loaded one, is a one-line error", (t) => {
  const clash = cli("check", "--load", scenarioFile("clash.json", { name: "kyu-netlock" }));
  t.is(clash.code, 2);
  t.regex(clash.stderr, /^socheck: --load: scenario "kyu-netlock" \(.*clash\.json\) has the name of a built-in scenario; rename it\n$/);
  const twice = cli("check", "--load", json, "--load", scenarioFile("again.json", {}));
  t.is(twice.code, 2);
  t.regex(twice.stderr, /^socheck: --load: two loaded scenarios are named "my-close-race"; rename one\n$/);
});

test("did you mean: for scenario names and for flags, on the one error line", (t) => {
  const name = cli("check", "kyu-netlok");
  t.is(name.code, 2);
  t.is(name.stderr, 'socheck: unknown scenario "kyu-netlok" (did you mean "kyu-netlock"?) (see `socheck list`)\n');
  const flag = cli("check", "example-peterson", "--max-state", "3");
  t.is(flag.code, 2);
  t.is(flag.stderr, "socheck: unknown option '--max-state' (Did you mean --max-states?)\n");
  const far = cli("check", "zzzzzzzzzzzz");
  t.notRegex(far.stderr, /did you mean/);
});
