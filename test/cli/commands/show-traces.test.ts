import { mkdtempSync, readFileSync, writeFileSync, copyFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import test from "ava";
import { unexpected } from "../../../cli/commands/show-traces.js";
import { cli } from "../../helpers/cli.js";

const fixtures = new URL("../../model/fixtures/", import.meta.url);
const columns = (s: string) => Math.max(...s.split("\n").map((l) => [...l].length));

/** my-close-race, but claimed safe: its violations are then all unexpected. */
function claimedSafe(): string {
  const dir = mkdtempSync(join(tmpdir(), "socheck-show-"));
  const spec = JSON.parse(readFileSync(new URL("my-close-race.json", fixtures), "utf8"));
  copyFileSync(new URL("my-placement.json", fixtures), join(dir, "my-placement.json"));
  const file = join(dir, "claimed-safe.json");
  writeFileSync(file, JSON.stringify({ ...spec, name: "claimed-safe", expected: { verdict: "safe" } }));
  return file;
}

test("check prints the folded counterexample of a violation that was not expected, under the table, in 120 columns", (t) => {
  const r = cli("check", "claimed-safe", "--load", claimedSafe());
  t.is(r.code, 1);
  const [table, rest] = r.stdout.split("\ncounterexample: ");
  t.regex(table!, /claimed-safe\s+safe\s+violation/);
  t.truthy(rest, r.stdout);
  t.regex(rest!, /^claimed-safe \w[\w-]* \(not expected\)/);
  t.regex(rest!, /VIOLATION /);
  t.regex(rest!, /steps folded/);
  t.notRegex(rest!, /U\.pc|\.stack\[/, "bookkeeping hidden");
  t.true(columns(r.stdout) <= 120, `widest line ${columns(r.stdout)}`);
  t.notRegex(r.stdout, /\x1b\[/, "no colour when stdout is not a terminal");
});

test("an expected violation's trace is printed only with --show-traces", (t) => {
  const quiet = cli("check", "lost-wakeup");
  t.is(quiet.code, 0);
  t.false(quiet.stdout.includes("counterexample:"));
  const shown = cli("check", "lost-wakeup", "--show-traces");
  t.is(shown.code, 0);
  t.regex(shown.stdout, /counterexample: lost-wakeup lost-wakeup\n/);
  t.regex(shown.stdout, /sleeps: step \d+, R,/);
  t.true(columns(shown.stdout) <= 120);
});

test("unexpected: a safe scenario's violations, or a property its document does not name", (t) => {
  t.true(unexpected({ verdict: "safe" }, { property: "deadlock" }));
  t.true(unexpected({ verdict: "violation", properties: ["double-free"] }, { property: "deadlock" }));
  t.false(unexpected({ verdict: "violation", properties: ["double-free"] }, { property: "double-free" }));
  t.false(unexpected({ verdict: "violation" }, { property: "deadlock" }));
});
