import test from "ava";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { annotation } from "../../../cli/commands/ci-annotations.js";
import { resolveCiArg } from "../../../cli/commands/ci.js";
import { junitXml } from "../../../cli/commands/ci-junit.js";
import { all, parseXml } from "./xml.js";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const main = join(root, "dist/cli/main.js");
const fixture = join(root, "test/cli/commands/fixtures/ci-scenarios.mjs");

/** Runs the compiled CLI (built by `npm test` before ava) in `cwd`. */
function socheck(cwd: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [main, ...args], { cwd, encoding: "utf8", timeout: 60_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const tmp = () => mkdtempSync(join(tmpdir(), "socheck-ci-"));

test("junitXml escapes what XML cannot carry and counts failures", (t) => {
  const xml = junitXml("suite", [
    { name: `a<b>&"c"`, classname: "k", seconds: 0.5, failure: { type: "violation", message: "x\ny & <z>", body: "choices [0, 1]\n\u0001bad" } },
    { name: "ok", classname: "k", seconds: 0.25 },
  ]);
  const doc = parseXml(xml);
  t.is(doc.name, "testsuites");
  t.is(doc.attrs.tests, "2");
  t.is(doc.attrs.failures, "1");
  const cases = all(doc, "testcase");
  t.deepEqual(cases.map((c) => c.attrs.name), [`a<b>&"c"`, "ok"]);
  const f = all(cases[0]!, "failure")[0]!;
  t.is(f.attrs.message, "x\ny & <z>");
  t.regex(f.text, /^choices \[0, 1\]\n\uFFFDbad$/);
});

test("annotations escape newlines, percent signs, and ':' and ',' in the title", (t) => {
  t.is(annotation("error", "a: b, c", "50%\nnext"), "::error title=a%3A b%2C c::50%25%0Anext");
});

test("--ci takes FILE only when it ends in .xml; otherwise the word is a scenario name", (t) => {
  t.deepEqual(resolveCiArg("out/report.xml", ["a"]), { file: "out/report.xml", names: ["a"] });
  t.deepEqual(resolveCiArg("example-peterson", ["a"]), { file: "socheck-junit.xml", names: ["example-peterson", "a"] });
  t.deepEqual(resolveCiArg(true, []), { file: "socheck-junit.xml", names: [] });
});

test("verdicts as expected: exit 0, one passing testcase per scenario, no annotations", (t) => {
  const dir = tmp();
  const r = socheck(dir, "check", "example-racy-counter", "example-peterson", "--ci", "report.xml");
  t.is(r.code, 0, r.stderr);
  t.notRegex(r.stdout, /^::/m);
  const doc = parseXml(readFileSync(join(dir, "report.xml"), "utf8"));
  const cases = all(doc, "testcase");
  t.deepEqual(cases.map((c) => c.attrs.name), ["example-racy-counter", "example-peterson"]);
  t.is(all(doc, "failure").length, 0);
  t.is(doc.attrs.failures, "0");
  // The expected counterexample rides along in system-out, rendered.
  t.regex(all(cases[0]!, "system-out")[0]!.text, /lost-update .*choices \[\d, \d, \d, \d\][\s\S]*VIOLATION lost-update/);
});

test("an unexpected violation: exit 1, a failure with choices and the rendered trace, an ::error line", (t) => {
  const dir = tmp();
  const r = socheck(dir, "check", "mislabelled-racy", "example-peterson", "--load", fixture, "--ci", "out.xml");
  t.is(r.code, 1, r.stderr);
  const doc = parseXml(readFileSync(join(dir, "out.xml"), "utf8"));
  t.is(doc.attrs.failures, "1");
  const f = all(doc, "failure");
  t.is(f.length, 1);
  t.is(f[0]!.attrs.type, "violation");
  t.regex(f[0]!.attrs.message!, /^expected safe, got violation \(lost-update\)$/);
  t.regex(f[0]!.text, /choices \[\d, \d, \d, \d\]/);
  t.regex(f[0]!.text, /counter < 2 & "lost", 100%\nsecond line/);
  t.regex(f[0]!.text, /step\s+context\s+does/);
  const errors = r.stdout.split("\n").filter((l) => l.startsWith("::error"));
  t.is(errors.length, 1);
  t.regex(errors[0]!, /^::error title=socheck mislabelled-racy::expected safe, got violation \(lost-update\)%0A/);
  t.regex(errors[0]!, /100%25%0Asecond line/);
});

test("an inconclusive search: exit 3, a failure of type inconclusive, a ::warning line", (t) => {
  const dir = tmp();
  const r = socheck(dir, "check", "example-peterson", "--max-states", "3", "--ci", "ci.xml");
  t.is(r.code, 3, r.stderr);
  const f = all(parseXml(readFileSync(join(dir, "ci.xml"), "utf8")), "failure");
  t.is(f[0]?.attrs.type, "inconclusive");
  t.regex(r.stdout, /^::warning title=socheck example-peterson::expected safe, got inconclusive \(max-states\)$/m);
});

test("--ci before a scenario name writes the default file; --json moves annotations to stderr", (t) => {
  const dir = tmp();
  const r = socheck(dir, "check", "--json", "--ci", "mislabelled-racy", "--load", fixture);
  t.is(r.code, 1, r.stderr);
  t.true(existsSync(join(dir, "socheck-junit.xml")));
  t.notThrows(() => JSON.parse(r.stdout));
  t.regex(r.stderr, /^::error title=socheck mislabelled-racy::/m);
});

test("a FILE in a directory that does not exist is a usage error before any search", (t) => {
  const r = socheck(tmp(), "check", "example-peterson", "--ci", "no/such/dir/out.xml");
  t.is(r.code, 2);
  t.is(r.stderr.trim().split("\n").length, 1, r.stderr);
  t.regex(r.stderr, /--ci: no directory "no\/such\/dir"/);
  t.is(r.stdout, "");
});
