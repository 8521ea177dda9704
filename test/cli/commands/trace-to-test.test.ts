import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import test from "ava";
import { cli } from "../../helpers/cli.js";

const dir = mkdtempSync(join(tmpdir(), "socheck-t2t-"));
const run = cli("check", "example-racy-counter", "--trace-out", dir);
const racy = join(dir, "example-racy-counter.lost-update.trace.json");
test.after.always(() => rmSync(dir, { recursive: true, force: true }));

/** The racy-counter trace with `edit` applied, written beside it as NAME.json. */
function variant(name: string, edit: (t: { scenario: { name: string }; steps: { choice: number }[] }) => void): string {
  const t = JSON.parse(readFileSync(racy, "utf8"));
  edit(t);
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(t));
  return file;
}

test("trace-to-test replays the trace first and prints a test only when it confirms", (t) => {
  t.is(run.code, 0, run.stderr);
  const ok = cli("trace-to-test", racy);
  t.is(ok.code, 0, ok.stderr);
  t.regex(ok.stdout, /const FIXED = false;/);
});

const refused: [string, (t: { scenario: { name: string }; steps: { choice: number }[] }) => void, RegExp][] = [
  ["a choice that is not enabled", (x) => (x.steps[1]!.choice = x.steps[0]!.choice), /step \d: .* is not enabled in the current model/],
  ["another scenario's trace", (x) => (x.scenario.name = "example-peterson"), /lost-update no longer occurs \(the model changed since the trace was written\)/],
  ["no steps", (x) => (x.steps = []), /all 0 steps replay but lost-update no longer occurs/],
];

for (const [what, edit, reason] of refused)
  test(`trace-to-test refuses a trace that does not replay (${what}): exit 1, the reason, nothing on stdout`, (t) => {
    const file = variant(what.replace(/\W+/g, "-"), edit);
    const r = cli("trace-to-test", file);
    t.is(r.code, 1, r.stdout + r.stderr);
    t.is(r.stdout, "");
    t.is(r.stderr.trim().split("\n").length, 1, r.stderr);
    t.regex(r.stderr, /^socheck: .*: not turned into a test: the trace does not show lost-update: /);
    t.regex(r.stderr, reason);
  });

test("a write error under --trace-out is one line, exit 2, after the verdict table", (t) => {
  const out = join(dir, "blocked");
  // A directory where the markdown file should go: writing it fails with EISDIR.
  mkdirSync(join(out, "example-racy-counter.lost-update.trace.md"), { recursive: true });
  const r = cli("check", "example-peterson", "example-racy-counter", "--trace-out", out);
  t.is(r.code, 2, r.stdout + r.stderr);
  t.regex(r.stdout, /^example-racy-counter\s+violation\s+violation \(lost-update\)/m);
  t.regex(r.stdout, /2\/2 verdicts as expected/);
  const lines = r.stderr.trim().split("\n");
  t.regex(lines[lines.length - 1]!, /^socheck: --trace-out: cannot write .*example-racy-counter\.lost-update\.trace\.md \(EISDIR\)$/);
  t.notRegex(r.stderr, /at .*\.js:\d+|internal error/);
});

test("a write error under replay --out is one line, exit 2", (t) => {
  const target = join(dir, "a-directory.html");
  mkdirSync(target, { recursive: true });
  const r = cli("replay", racy, "--format", "html", "--out", target);
  t.is(r.code, 2, r.stderr);
  t.is(r.stderr, `socheck: --out: cannot write ${target} (EISDIR)\n`);
});
