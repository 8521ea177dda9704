import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import test from "ava";
import { cli } from "../helpers/cli.js";

// One check run writes the traces every test below reads.
const dir = mkdtempSync(join(tmpdir(), "socheck-replay-"));
const run = cli("check", "example-racy-counter", "example-peterson-broken", "--trace-out", dir);
const racy = join(dir, "example-racy-counter.lost-update.trace.json");
test.after.always(() => rmSync(dir, { recursive: true, force: true }));

test("check --trace-out writes json, markdown and html per counterexample and names them", (t) => {
  t.is(run.code, 0, run.stdout + run.stderr);
  t.deepEqual(readdirSync(dir).sort(), [
    "example-peterson-broken.mutual-exclusion.trace.html",
    "example-peterson-broken.mutual-exclusion.trace.json",
    "example-peterson-broken.mutual-exclusion.trace.md",
    "example-racy-counter.lost-update.trace.html",
    "example-racy-counter.lost-update.trace.json",
    "example-racy-counter.lost-update.trace.md",
  ]);
  t.regex(run.stderr, /trace: .*example-racy-counter\.lost-update\.trace\.json {2}lost-update, 4 steps, \d+ switches, 2 contexts \(as found: 4 steps, 3 switches/);
  const md = readFileSync(join(dir, "example-racy-counter.lost-update.trace.md"), "utf8");
  t.regex(md, /```mermaid\nsequenceDiagram/);
});

test("replay confirms the violation, prints the steps and both lengths, exit 0", (t) => {
  const r = cli("replay", racy);
  t.is(r.code, 0, r.stderr);
  t.regex(r.stdout, /confirmed: lost-update after 4 steps/);
  t.regex(r.stdout, /after minimisation; shortest found: 4 steps, 2 contexts, 3 context switches/);
  t.regex(r.stdout, /^\s+4\s+T\d\s+counter = tmp \+ 1/m);
});

test("replay --format mermaid and --format html --out", (t) => {
  const m = cli("replay", racy, "--format", "mermaid");
  t.is(m.code, 0);
  t.true(m.stdout.startsWith("sequenceDiagram\n"));
  const out = join(dir, "page.html");
  const h = cli("replay", racy, "--format", "html", "--out", out);
  t.is(h.code, 0);
  t.regex(readFileSync(out, "utf8"), /^<!doctype html>/);
});

test("a trace that no longer fits: exit 1, the step and why", (t) => {
  const tr = JSON.parse(readFileSync(racy, "utf8")) as { steps: { choice: number }[] };
  tr.steps.splice(1, 1);
  const f = join(dir, "cut.json");
  writeFileSync(f, JSON.stringify(tr));
  const r = cli("replay", f);
  t.is(r.code, 1, r.stdout + r.stderr);
  t.regex(r.stdout, /no longer shows lost-update: (step \d+: .*not enabled|all 3 steps replay but lost-update no longer occurs)/);
});

test("malformed file, missing file, unknown scenario, bad format: one line on stderr, exit 2", (t) => {
  const bad = join(dir, "bad.json");
  writeFileSync(bad, '{"socheckTrace": 1}');
  const unknown = join(dir, "unknown.json");
  writeFileSync(unknown, readFileSync(racy, "utf8").replace('"example-racy-counter"', '"no-such-scenario"'));
  for (const [args, msg] of [
    [[bad], /not a socheck trace/],
    [[join(dir, "absent.json")], /cannot read \(no such file\)/],
    [[unknown], /scenario "no-such-scenario"/],
    [[racy, "--format", "pdf"], /--format expects one of/],
  ] as const) {
    const r = cli("replay", ...args);
    t.is(r.code, 2, r.stderr);
    t.regex(r.stderr, msg);
    t.is(r.stderr.trim().split("\n").length, 1, r.stderr);
    t.notRegex(r.stderr, /at .*\.js:\d+/);
  }
});

test("trace-to-test prints an ava test; a malformed file gets exit 2", (t) => {
  const r = cli("trace-to-test", racy);
  t.is(r.code, 0);
  t.regex(r.stdout, /import \{ replayTrace \} from "socheck\/traces";/);
  const bad = cli("trace-to-test", join(dir, "absent.json"));
  t.is(bad.code, 2);
  t.is(bad.stderr.trim().split("\n").length, 1);
});

test("replay of a trace that now ends in another property: exit 1, both properties named", (t) => {
  const tr = JSON.parse(readFileSync(racy, "utf8")) as { violation: { property: string } };
  tr.violation.property = "double-free";
  const f = join(dir, "other.json");
  writeFileSync(f, JSON.stringify(tr));
  const r = cli("replay", f);
  t.is(r.code, 1, r.stdout + r.stderr);
  t.regex(r.stdout, /no longer shows double-free: all 4 steps replay but end in lost-update/);
  const j = cli("replay", f, "--format", "json");
  t.is(j.code, 1);
  t.is((JSON.parse(j.stdout) as { status: string }).status, "different-violation");
});

test("replay of a trace cut before its violation: exit 1, no violation", (t) => {
  const tr = JSON.parse(readFileSync(racy, "utf8")) as { steps: unknown[] };
  tr.steps.pop();
  const f = join(dir, "short.json");
  writeFileSync(f, JSON.stringify(tr));
  const r = cli("replay", f, "--format", "json");
  t.is(r.code, 1, r.stdout + r.stderr);
  const out = JSON.parse(r.stdout) as { status: string; reason: string };
  t.is(out.status, "no-violation");
  t.regex(out.reason, /all 3 steps replay but lost-update no longer occurs/);
});
