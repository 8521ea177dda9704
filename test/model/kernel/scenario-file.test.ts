import test from "ava";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { check } from "../../../checker/index.js";
import { kernelScenarioFromJson, readKernelScenarioFile, ScenarioFileError } from "../../../model/kernel/scenario-file.js";
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
  writeFileSync(f, JSON.stringify({ ...base, policy: "priority", placement: { name: "p", default: "none", sites: { sofre: "none" } } }));
  const e = t.throws(() => readKernelScenarioFile(f));
  t.regex(e!.message, /unknown site "sofre"/);
  t.false(e!.message.includes("\n"));
  writeFileSync(f, "{");
  t.regex(t.throws(() => readKernelScenarioFile(f))!.message, /scenario file .*s\.json: invalid JSON/);
});
