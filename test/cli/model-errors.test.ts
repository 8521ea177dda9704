import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import test from "ava";
import { cli } from "../helpers/cli.js";
import { all, parseXml } from "./commands/xml.js";

const fixture = "test/fixtures/broken-models.mjs";

/** Each broken scenario of the fixture, and the one stderr line it must give (after "model error in scenario NAME: "). */
const broken: [string, RegExp][] = [
  ["enabled-minus-one", /^enabled\(\) returned -1 \(a count from 0 to maxChoices 2\) at step 0$/],
  ["enabled-nan", /^enabled\(\) returned NaN .* at step 0$/],
  ["too-many-choices", /^enabled\(\) returned 3 \(a count from 0 to maxChoices 2\) at step 0$/],
  ["no-contexts", /^contexts is \[\] \(a non-empty array/],
  ["state-size-zero", /^stateSize is 0 \(a positive integer/],
  ["throws-in-step", /^step\(\) threw: plain error in step at step 2 \(choice 1 "T1 step 1"\)$/],
  ["throws-in-invariant", /^invariants\["sum-small"\]\.check\(\) threw: invariant blew up at step 4 \(choice \d "T\d step \d"\)$/],
  ["throws-in-is-finished", /^isFinished\(\) threw: isFinished blew up at step 6$/],
  ["throws-in-terminal", /^terminal\(\) threw: terminal blew up at step 6$/],
  ["throws-in-build", /^build\(\) threw: build blew up$/],
];

for (const [name, line] of broken)
  test(`a model that breaks its contract (${name}) is one line naming scenario, method and value, exit 2, after the rows already checked`, (t) => {
    const r = cli("check", "fine", name, "fine-too", "--load", fixture);
    t.is(r.code, 2, r.stdout + r.stderr);
    const lines = r.stderr.trim().split("\n");
    t.is(lines.length, 1, r.stderr);
    t.notRegex(r.stderr, /\bat .*\.m?js:\d+/, "no stack trace");
    t.true(lines[0]!.startsWith(`socheck: model error in scenario "${name}": `), r.stderr);
    t.regex(lines[0]!.slice(`socheck: model error in scenario "${name}": `.length), line);
    // The row checked before is printed, the broken scenario never gets a verdict, the one after is listed as not run.
    t.regex(r.stdout, /^fine\s+safe\s+safe \(exhaustive\)\s+16\s/m);
    t.notRegex(r.stdout, new RegExp(`^${name}\\s`, "m"));
    t.regex(r.stdout, new RegExp(`^not run \\(stopped by the model error in ${name}\\): fine-too$`, "m"));
  });

test("--json lists the model error and what was not run as rows", (t) => {
  const r = cli("check", "fine", "throws-in-step", "fine-too", "--load", fixture, "--json");
  t.is(r.code, 2);
  const rows = JSON.parse(r.stdout) as { scenario: string; status: string; error?: string; result: unknown }[];
  t.deepEqual(rows.map((x) => [x.scenario, x.status]), [["fine", "ok"], ["throws-in-step", "model error"], ["fine-too", "not run"]]);
  t.regex(rows[1]!.error!, /step\(\) threw: plain error in step at step 2/);
  t.is(rows[2]!.result, null);
});

test("the same errors reach the CLI from every search strategy (one line, exit 2)", (t) => {
  for (const flags of [["--dfs"], ["--por"], ["--random"], ["--bitstate", "16"], ["--symmetry"], ["--dfs", "--por"]]) {
    const r = cli("check", "throws-in-step", "--load", fixture, ...flags);
    t.is(r.code, 2, flags.join(" "));
    t.regex(r.stderr, /^socheck: model error in scenario "throws-in-step": step\(\) threw: plain error in step at step \d+ \(choice 1 "T1 step 1"\)\n$/, flags.join(" "));
  }
});

test("--ci: the model error is a failed testcase and what was not run is skipped", (t) => {
  const dir = mkdtempSync(join(tmpdir(), "socheck-me-"));
  try {
    const file = join(dir, "j.xml");
    const r = cli("check", "fine", "throws-in-step", "fine-too", "--load", fixture, "--ci", file);
    t.is(r.code, 2, r.stderr);
    const doc = parseXml(readFileSync(file, "utf8"));
    t.is(doc.attrs.failures, "1");
    t.is(doc.attrs.skipped, "1");
    const cases = all(doc, "testcase");
    t.deepEqual(cases.map((c) => c.attrs.name), ["fine", "throws-in-step", "fine-too"]);
    t.is(all(cases[1]!, "failure")[0]!.attrs.type, "model-error");
    t.regex(all(cases[2]!, "skipped")[0]!.attrs.message!, /^not run \(stopped by the model error in throws-in-step\)$/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("replay and trace-to-test report a model that throws while replaying as a model error, one line, exit 2", (t) => {
  const dir = mkdtempSync(join(tmpdir(), "socheck-me-"));
  try {
    // T1's second step throws (the fixture's throws-in-step); the trace takes it.
    const trace = {
      socheckTrace: 1,
      scenario: { name: "throws-in-step", parameters: {} },
      model: { name: "throws-in-step", hash: "0".repeat(64), hashOf: "shape", contexts: [{ name: "T0", kind: "thread" }, { name: "T1", kind: "thread" }] },
      steps: [{ choice: 1, context: "T1", label: "T1 step 0" }, { choice: 1, context: "T1", label: "T1 step 1" }],
      violation: { kind: "invariant", property: "x", message: "x" },
    };
    const file = join(dir, "t.trace.json");
    writeFileSync(file, JSON.stringify(trace));
    for (const cmd of ["replay", "trace-to-test"]) {
      const r = cli(cmd, file, "--load", fixture);
      t.is(r.code, 2, `${cmd}: ${r.stdout}${r.stderr}`);
      t.is(r.stderr, 'socheck: model error in scenario "throws-in-step": step() threw: plain error in step at step 2 (choice 1 "T1 step 1")\n', cmd);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
