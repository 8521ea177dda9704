import test from "ava";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { check } from "../../../checker/index.js";
import { parseCalloutSpec } from "../../../model/callout/compose.js";
import { kernelScenarioFromJson } from "../../../model/compose/scenario-file.js";
import { cli } from "../../helpers/cli.js";

const userScenario = (callouts: unknown) => ({
  name: "my-pr20390",
  summary: "PR#20390 written by a user",
  expected: { verdict: "violation", properties: ["callout-after-free"] },
  policy: "bsd-up",
  placement: "bsd44-spl",
  initial: { tcpState: "ESTABLISHED" },
  contexts: [{ name: "softnet", role: "input" }],
  peer: { rst: true },
  callouts,
});

test("a user's JSON scenario with callouts composes the wheel: 1.6 breaks, the registered level does not", (t) => {
  const bad = check(kernelScenarioFromJson(userScenario({ variant: "netbsd16", armed: ["REXMT"] }), "my.json").build());
  t.is(bad.verdict, "violation");
  t.is(bad.violations[0]!.property, "callout-after-free");
  const good = check(kernelScenarioFromJson(userScenario({ variant: "registered-ipl", armed: ["REXMT"] }), "my.json").build());
  t.is(good.verdict, "safe");
});

test("bad callouts fields get one line naming the field", (t) => {
  const msg = (raw: unknown) => t.throws(() => parseCalloutSpec(raw, "f.json"))!.message;
  t.regex(msg([]), /^f\.json: "callouts" must be an object/);
  t.regex(msg({ variant: "netbsd17", armed: ["REXMT"] }), /^f\.json: "callouts\.variant" must be one of netbsd16, registered-ipl/);
  t.regex(msg({ variant: "bsd44-counters", armed: ["REXMT"] }), /"callouts\.variant" must be one of/);
  t.regex(msg({ variant: "netbsd16", armed: [] }), /"callouts\.armed" must be a non-empty list/);
  t.regex(msg({ variant: "netbsd16", armed: ["REXMT", "REXMT"] }), /distinct/);
  t.regex(msg({ variant: "netbsd16", armed: ["REXMT"], extra: 1 }), /unknown field "extra"/);
  t.regex(msg({ variant: "halt", armed: ["KEEP"], haltBeforeDetach: "yes" }), /haltBeforeDetach" must be true or false/);
  for (const m of [msg([]), msg({ variant: 1 })]) t.false(m.includes("\n"));
});

test("socheck check --load FILE.json runs a callout scenario; a bad variant exits 2 with one line", (t) => {
  const dir = mkdtempSync(join(tmpdir(), "socheck-callouts-"));
  const ok = join(dir, "ok.json");
  writeFileSync(ok, JSON.stringify(userScenario({ variant: "netbsd16", armed: ["REXMT"] })));
  const r = cli("check", "my-pr20390", "--load", ok);
  t.is(r.code, 0, r.stderr);
  t.regex(r.stdout, /my-pr20390 .*violation \(callout-after-free\)/);
  const bad = join(dir, "bad.json");
  writeFileSync(bad, JSON.stringify(userScenario({ variant: "netbsd17", armed: ["REXMT"] })));
  const b = cli("check", "my-pr20390", "--load", bad);
  t.is(b.code, 2);
  t.is(b.stderr.trim().split("\n").length, 1, b.stderr);
  t.regex(b.stderr, /callouts\.variant/);
});
