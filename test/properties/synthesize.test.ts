import test from "ava";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { check } from "../../checker/index.js";
import { composeKernel } from "../../model/index.js";
import { kernelScenarios } from "../../model/scenarios/kernel.js";
import { synthesize, type SynthResult } from "../../properties/synthesize.js";
import { cli } from "../helpers/cli.js";

const spec = (name: string) => kernelScenarios.find((k) => k.spec.name === name)!.spec;
const has = (r: SynthResult, atoms: string[]) => r.minimal.some((m) => m.atoms.length === atoms.length && atoms.every((a) => m.atoms.includes(a)));

/** Every placement reported minimal really is safe, exhaustively, and each one-protection removal is not. */
function recheck(t: import("ava").ExecutionContext, name: string, r: SynthResult): void {
  for (const m of r.minimal) {
    const res = check(composeKernel({ ...spec(name), placement: m.placement }));
    t.is(res.verdict, "safe", m.atoms.join(" + "));
    t.true(res.exhaustive);
  }
  for (const x of r.rejected) t.truthy(x.example.property, "every rejection names the property its counterexample breaks");
}

test("kyu-stubbed-spl: Kyu's a7aae57 (net_lock around soclose and tcp_input) is minimal, and nothing smaller is safe", (t) => {
  const r = synthesize(spec("kyu-stubbed-spl"), { maxSize: 2 });
  t.true(has(r, ["soclose: L", "tcp_input: L"]), JSON.stringify(r.minimal.map((m) => m.atoms)));
  t.true(r.minimal.every((m) => m.atoms.length === 2));
  t.true(r.rejected.some((x) => x.property === "lost-update" && x.example.atoms.length === 0));
  recheck(t, "kyu-stubbed-spl", r);
});

test("with the timer thread, the timer's site must be protected too (seed 001)", (t) => {
  const r = synthesize(spec("kyu-netlock-timers"), { fromScratch: true, maxSize: 3, sites: ["soclose", "tcp_input", "tcp_timer", "user_api"] });
  t.true(r.minimal.length > 0);
  t.true(r.minimal.every((m) => m.atoms.includes("tcp_timer: L")));
  t.true(has(r, ["soclose: L", "tcp_input: L", "tcp_timer: L"]));
  t.false(r.minimal.some((m) => m.atoms.length < 3));
});

test("splimp and splnet on one non-recursive lock deadlock: a recursive lock is what the nesting needs", (t) => {
  const r = synthesize(spec("kyu-netlock-nested"), { fromScratch: true, maxSize: 1, require: ["soclose: L", "sorflush: L", "tcp_input: L"] });
  t.true(has(r, ["soclose: L", "sorflush: L", "tcp_input: L", "L recursive"]));
  const dead = r.rejected.find((x) => x.property === "deadlock")!;
  t.deepEqual(dead.example.atoms, ["soclose: L", "sorflush: L", "tcp_input: L"]);
  // Without the requirement, taking the lock only where a7aae57 did (no sorflush) is minimal instead.
  const free = synthesize(spec("kyu-netlock-nested"), { fromScratch: true, maxSize: 2, sites: ["soclose", "sorflush", "tcp_input"] });
  t.true(has(free, ["soclose: L", "tcp_input: L"]));
});

test("the sbwait scenario: releasing the lock around the sleep (006a255) is proposed, holding it is a deadlock", (t) => {
  const r = synthesize(spec("kyu-sleep-holding-lock"), { fromScratch: true, maxSize: 1, require: ["soreceive: L", "tcp_input: L"] });
  t.true(has(r, ["soreceive: L", "tcp_input: L", "sbwait: release"]));
  const dead = r.rejected.find((x) => x.property === "deadlock")!;
  t.deepEqual(dead.example.atoms, ["soreceive: L", "tcp_input: L"]);
  recheck(t, "kyu-sleep-holding-lock", r);
});

test("dragonfly-so_state: atomic set/clear (6cef7136f0) and the protocol's lock at every writer both appear", (t) => {
  const r = synthesize(spec("dragonfly-so_state"), { locks: ["proto"], maxSize: 1, sites: ["soclose"] });
  t.true(has(r, ["so_state atomic"]));
  t.true(has(r, ["soclose: proto"]));
});

test("synthesize --out writes placement files a scenario file can name, and the CLI says what it checked", (t) => {
  const dir = mkdtempSync(join(tmpdir(), "socheck-synth-"));
  const r = cli("synthesize", "kyu-stubbed-spl", "--max-size", "2", "--out", dir);
  t.is(r.code, 0, r.stderr);
  t.regex(r.stdout, /^kyu-stubbed-spl: \d+ placements checked exhaustively \(\d+ verdicts reused\)/);
  t.regex(r.stdout, /soclose: L \+ tcp_input: L/);
  const s = spec("kyu-stubbed-spl");
  writeFileSync(join(dir, "s.json"), JSON.stringify({ name: "from-synthesis", expected: { verdict: "safe" }, policy: s.policy, placement: "kyu-stubbed-spl.minimal-1.placement.json", options: s.options, initial: s.initial, contexts: s.contexts, peer: s.peer }));
  const c = cli("check", "from-synthesis", "--load", join(dir, "s.json"));
  t.is(c.code, 0, c.stdout + c.stderr);
  t.regex(c.stdout, /safe \(exhaustive\)/);
  const bad = cli("synthesize", "kyu-stubbed-spl", "--sites", "soclos");
  t.is(bad.code, 2);
  t.regex(bad.stderr, /no site "soclos"/);
});
