import test from "ava";
import { CalloutSpecError } from "../../../model/callout/compose.js";
import { placementSchemaError, scenarioSchemaError } from "../../../model/compose/file-schemas.js";
import { kernelScenarioFromJson, ScenarioFileError } from "../../../model/compose/scenario-file.js";
import * as builtins from "../../../model/placements/index.js";
import { kernelScenarios } from "../../../model/scenarios/kernel.js";
import { netbsdScenarios } from "../../../model/scenarios/netbsd-pr20390.js";

/** The shipped schemas (schemas/*.schema.json) against the built-in data and the hand-written checks. */

test("every built-in placement is a valid placement file", (t) => {
  for (const p of Object.values(builtins)) t.is(placementSchemaError(p), null, p.name);
});

test("every built-in kernel and callout scenario, written as a file, is valid and reads back", (t) => {
  const files = [
    ...kernelScenarios.map((k) => ({ ...k.spec, summary: k.summary, expected: k.expected })),
    ...netbsdScenarios.map((k) => ({ ...k.spec, summary: k.summary, expected: k.expected, callouts: k.callouts })),
  ];
  t.true(files.length >= 24);
  for (const f of files) {
    const json = JSON.parse(JSON.stringify(f)) as unknown;
    t.is(scenarioSchemaError(json), null, f.name);
    t.notThrows(() => kernelScenarioFromJson(json, `${f.name}.json`), f.name);
  }
});

const base = { name: "x", expected: { verdict: "safe" }, policy: "bsd-up", placement: "bsd44-spl", initial: { tcpState: "ESTABLISHED" }, contexts: [{ name: "U", role: "app" }] };

test("the schema rejects what the hand-written checks let through, one line with the field's path", (t) => {
  const e = t.throws(() => kernelScenarioFromJson({ ...base, expected: { verdict: "safe", propertis: ["leak"] } }, "f.json"), { instanceOf: ScenarioFileError });
  t.is(e.message, 'f.json: /expected: unknown field "propertis"');
  const p = t.throws(() => kernelScenarioFromJson({ ...base, placement: { name: "p", sites: { soclose: [{ lock: "l", recursive: true }] }, locks: { l: {} } } }, "f.json"), { instanceOf: ScenarioFileError });
  t.regex(p.message, /^f\.json: /);
  t.false(p.message.includes("\n"));
});

test("the schemas agree with the hand-written checks on malformed files", (t) => {
  const broken: Record<string, unknown>[] = [
    { ...base, policy: "smp" },
    { ...base, initial: { tcpState: "OPEN" } },
    { ...base, contexts: [{ name: "U", role: "user" }] },
    { ...base, peer: { fin: "yes" } },
    { ...base, peer: { ticks: 9 } },
    { ...base, initial: { tcpState: "ESTABLISHED", rcvData: 3 } },
    { ...base, options: { flavor: "linux" } },
    { ...base, callouts: { variant: "netbsd16", armed: [] } },
    { ...base, unknown: 1 },
  ];
  for (const b of broken) {
    t.not(scenarioSchemaError(b), null, JSON.stringify(b));
    const e = t.throws(() => kernelScenarioFromJson(b, "f.json"), undefined, JSON.stringify(b));
    t.true(e instanceof ScenarioFileError || e instanceof CalloutSpecError, `${e?.name}: ${e?.message}`);
    t.regex(e!.message, /^f\.json: /);
  }
  t.regex(placementSchemaError({ name: "p", queues: "racy" })!, /^\/queues: must be one of "atomic", "split"$/);
  t.regex(placementSchemaError({ name: "p", sitez: {} })!, /unknown field "sitez"/);
});
