import test from "ava";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { check } from "../../../checker/index.js";
import { kernelScenarioFromJson, readKernelScenarioFile, ScenarioFileError } from "../../../model/compose/scenario-file.js";
import { meetsExpectation } from "../../../model/scenario.js";

const fixture = (f: string) => fileURLToPath(new URL(`../fixtures/${f}`, import.meta.url));

test("a user's scenario file with its own placement file composes and checks like a built-in one", (t) => {
  const sc = readKernelScenarioFile(fixture("my-close-race.json"));
  t.is(sc.name, "my-close-race");
  t.is(sc.group, "user");
  const r = check(sc.build());
  t.true(meetsExpectation(sc.expected, r), `${r.verdict} ${r.violations.map((v) => v.property)}`);
});

const base = {
  name: "x",
  expected: { verdict: "safe" },
  policy: "bsd-up",
  placement: "bsd44-spl",
  initial: { tcpState: "ESTABLISHED" },
  contexts: [{ name: "U", role: "app" }],
};
const bad: [string, Record<string, unknown>, RegExp][] = [
  ["unknown policy", { policy: "smp" }, /"policy" must be one of any, priority, bsd-up/],
  ["unknown built-in placement", { placement: "kyu-fast" }, /no built-in placement "kyu-fast"/],
  ["unknown TCP state", { initial: { tcpState: "OPEN" } }, /"initial.tcpState" must be one of CLOSED/],
  ["unknown role", { contexts: [{ name: "U", role: "user" }] }, /contexts\[0\]: "role" must be one of app, input, timer/],
  ["duplicate context", { contexts: [{ name: "U", role: "app" }, { name: "U", role: "input" }] }, /contexts\[1\]: "name" must be a unique/],
  ["unknown field", { speed: 3 }, /unknown field "speed"/],
  ["bad expectation", { expected: { verdict: "fine" } }, /"expected" must be/],
];
for (const [what, patch, re] of bad)
  test(`scenario files: ${what} is one line naming it`, (t) => {
    const e = t.throws(() => kernelScenarioFromJson({ ...base, ...patch }, "f.json"), { instanceOf: ScenarioFileError });
    t.regex(e!.message, re);
    t.false(e!.message.includes("\n"));
  });

test("scenario files: a placement naming an unknown site fails when read, in one line", (t) => {
  const dir = mkdtempSync(join(tmpdir(), "socheck-"));
  const f = join(dir, "s.json");
  writeFileSync(f, JSON.stringify({ ...base, policy: "priority", contexts: [{ name: "U", role: "app", priority: 1 }], placement: { name: "p", default: "none", sites: { sofre: "none" } } }));
  const e = t.throws(() => readKernelScenarioFile(f));
  t.regex(e!.message, /unknown site "sofre"/);
  t.false(e!.message.includes("\n"));
  writeFileSync(f, "{");
  t.regex(t.throws(() => readKernelScenarioFile(f))!.message, /scenario file .*s\.json: invalid JSON/);
});

const meaningless: [string, Record<string, unknown>, RegExp][] = [
  ["a priority under another policy", { contexts: [{ name: "U", role: "app", priority: 3 }] }, /contexts\[0\]: "priority" only counts under "policy": "priority" \(this file says "bsd-up"\)/],
  ["the priority policy without priorities", { policy: "priority", contexts: [{ name: "U", role: "app", priority: 2 }, { name: "I", role: "input" }] }, /contexts\[1\]: "policy": "priority" needs a "priority" on every context/],
  ["a negative priority", { policy: "priority", contexts: [{ name: "U", role: "app", priority: -5 }] }, /"priority" must be a non-negative integer/],
  ["a program on an input context", { contexts: [{ name: "U", role: "app" }, { name: "I", role: "input", program: "close" }] }, /contexts\[1\]: "program" is for "app" contexts/],
];
for (const [what, patch, re] of meaningless)
  test(`scenario files: ${what} means nothing, so it is one line naming it`, (t) => {
    const e = t.throws(() => kernelScenarioFromJson({ ...base, ...patch }, "f.json"), { instanceOf: ScenarioFileError });
    t.regex(e!.message, re);
    t.false(e!.message.includes("\n"));
  });

test("scenario files: an expected property the model cannot report is an error listing the known ones", (t) => {
  const dir = mkdtempSync(join(tmpdir(), "socheck-"));
  const f = join(dir, "s.json");
  writeFileSync(f, JSON.stringify({ ...base, expected: { verdict: "violation", properties: ["dubble-free"] } }));
  const e = t.throws(() => readKernelScenarioFile(f), { instanceOf: ScenarioFileError });
  t.regex(e!.message, /"expected.properties": no property "dubble-free" in this model \(known: .*\bdeadlock\b.*\bdouble-free\b/);
  writeFileSync(f, JSON.stringify({ ...base, expected: { verdict: "violation", properties: ["double-free", "deadlock"] } }));
  t.notThrows(() => readKernelScenarioFile(f));
});

test("scenario files: a lock declared and never placed is an error", (t) => {
  const dir = mkdtempSync(join(tmpdir(), "socheck-"));
  const f = join(dir, "s.json");
  writeFileSync(f, JSON.stringify({ ...base, policy: "any", placement: { name: "p", default: "none", locks: { net_lock: {}, spare: {} }, sites: { soclose: { lock: "net_lock" } } } }));
  t.regex(t.throws(() => readKernelScenarioFile(f))!.message, /placement "p": lock "spare" is declared but no site uses it/);
});
