import test from "ava";
import type { KernelModel } from "../../model/index.js";
import { raceTable, type RacePair } from "../../properties/races.js";
import { renderRaces } from "../../properties/races-render.js";
import { findScenario } from "../../model/scenarios/index.js";
import { SS_ISCONNECTED, SS_ISCONNECTING } from "../../model/kernel/constants.js";

const build = (name: string) => findScenario(name)!.build() as KernelModel;

/** Replays a pair's witness and returns each context's next step there, as `routine:label`. */
function nextSteps(m: KernelModel, p: RacePair): Map<string, string> {
  const s = new Int32Array(m.stateSize);
  m.initial(s);
  for (const c of p.witness) m.step(s, c);
  return new Map(m.ctxs.map((c) => [c.name, s[c.pc]! >= 0 ? `${m.instrs[s[c.pc]!]!.routine}:${m.instrs[s[c.pc]!]!.label}` : "done"]));
}

test("bsd44-spl: every conflicting access is ordered (real spl)", (t) => {
  const r = raceTable(build("bsd44-spl"));
  t.true(r.exhaustive);
  t.is(r.states, 60_014);
  t.deepEqual(r.pairs, []);
  t.true(r.locations.some((l) => l.location === "so.so_state" && l.accesses.some((a) => a.protections.includes("splnet"))));
  t.regex(renderRaces(r), /none: every conflicting pair of accesses is ordered/);
});

test("kyu-stubbed-spl: the unprotected pairs, each checked against the state its witness reaches", (t) => {
  const m = build("kyu-stubbed-spl");
  const r = raceTable(m);
  const breaking = r.pairs.filter((p) => p.verdict === "breaks");
  t.true(breaking.length > 0);
  t.true(breaking.some((p) => p.property === "lost-update" && p.location === "so.so_state"));
  for (const p of r.pairs) {
    // At the witness both accesses are the contexts' next steps: the race is really there.
    const next = nextSteps(m, p);
    t.is(next.get(p.a.ctx), p.a.step, `${p.location} ${p.a.ctx}`);
    t.is(next.get(p.b.ctx), p.b.step, `${p.location} ${p.b.ctx}`);
    t.true(p.a.ctx !== p.b.ctx && (p.a.kind === "write" || p.b.kind === "write"));
    t.deepEqual(p.a.protections, ["none"]);
  }
});

test("dragonfly-so_state: seed 004's so_state analysis, flag by flag", (t) => {
  const r = raceTable(build("dragonfly-so_state"));
  const st = r.locations.find((l) => l.location === "so.so_state")!;
  const writes = (ctx: string, flag: string) => st.accesses.filter((a) => a.ctx === ctx && a.kind === "write" && a.flags?.includes(flag));
  // "SS_CANTRCVMORE ... the protocol thread" sets it under its lock, and so does the user's close, unlocked.
  t.true(writes("P", "+CANTRCVMORE").every((a) => a.protections.every((p) => p.includes("proto"))));
  t.true(writes("U", "+CANTRCVMORE").some((a) => a.protections.includes("none")));
  // SS_NOFDREF: only soclose sets it ("set by soclose()").
  t.deepEqual([...new Set(st.accesses.filter((a) => a.kind === "write" && a.flags?.includes("NOFDREF")).map((a) => a.step.split(":")[0]))], ["soclose"]);
  // "this appears hopeless ... require the protocol thread to obtain a socket lock": the race is real.
  t.true(r.pairs.some((p) => p.location === "so.so_state" && p.verdict === "breaks" && p.property === "lost-update" && [p.a.ctx, p.b.ctx].sort().join() === "P,U"));
});

test("dragonfly-so_state-atomic: with atomic set/clear no so_state pair breaks anything", (t) => {
  const r = raceTable(build("dragonfly-so_state-atomic"));
  t.false(r.pairs.some((p) => p.location === "so.so_state" && p.verdict === "breaks"));
});

test("a cut exploration says so", (t) => {
  const r = raceTable(build("bsd44-spl"), { maxStates: 1000 });
  t.false(r.exhaustive);
  t.regex(renderRaces(r), /cut by a bound/);
});

test("dragonfly-soreceive-check: the SS_ISCONNECTED window spans soreceive's sleep, checked against its witness", (t) => {
  const m = build("dragonfly-soreceive-check");
  const r = raceTable(m);
  const isconn = r.pairs.find((p) => p.window === "sleep" && p.a.step === "soreceive:!(ISCONNECTED|ISCONNECTING): ENOTCONN" && p.b.step.startsWith("soisdisconnected:"));
  if (!isconn) return t.fail("no SS_ISCONNECTED window in the table");
  // Seed 004's premise ("they will stay 1 while soreceive is running") is false, and nothing breaks.
  t.is(isconn.verdict, "order-matters");
  t.regex(isconn.reason, /no property breaks/);
  t.regex(renderRaces(r), /R read at soreceive:!\(ISCONNECTED\|ISCONNECTING\): ENOTCONN \[proto\], then sleeps; P writes while it sleeps/);
  // Replay the witness: R tested ISCONNECTED|ISCONNECTING (set) on the way, and sleeps in sbwait.
  const R = m.ctxs.findIndex((c) => c.name === "R");
  const P = m.ctxs.findIndex((c) => c.name === "P");
  const so = m.kernel.layout.names.indexOf("so.so_state");
  const s = new Int32Array(m.stateSize);
  m.initial(s);
  let tested = false;
  for (const c of isconn.witness) {
    const ins = c === R ? m.instrs[s[m.ctxs[R]!.pc]!]! : null;
    if (ins && `${ins.routine}:${ins.label}` === isconn.a.step) tested = (s[so]! & (SS_ISCONNECTED | SS_ISCONNECTING)) !== 0;
    m.step(s, c);
  }
  t.true(tested, "R passed the ENOTCONN test with the socket connected");
  t.false(m.runnable(s, R), "R sleeps");
  t.is(nextSteps(m, isconn).get("R")!.split(":")[0], "sbwait(so_rcv)");
  t.is(nextSteps(m, isconn).get("P"), isconn.b.step);
  // P's store clears both flags: the test R made before sleeping would now say ENOTCONN.
  m.step(s, P);
  t.is(s[so]! & (SS_ISCONNECTED | SS_ISCONNECTING), 0);
});

test("kyu-sleep-releasing-lock: a write that leaves the test's decision alone is harmless", (t) => {
  const r = raceTable(build("kyu-sleep-releasing-lock"));
  const p = r.pairs.find((x) => x.window === "sleep" && x.a.step.includes("ISCONNECTED") && x.b.step.startsWith("socantrcvmore:"));
  t.is(p?.verdict, "commutes");
  t.is(p?.differing, 0);
});
