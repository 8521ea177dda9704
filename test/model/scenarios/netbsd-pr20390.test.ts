import test from "ava";
import { check, replay, type CheckResult } from "../../../checker/index.js";
import type { CalloutSpec } from "../../../model/callout/compose.js";
import { BOUND_LOCK, HALT, INVOKING_ACK, NETBSD16, REGISTERED_IPL } from "../../../model/callout/variant.js";
import { composeKernel } from "../../../model/compose/compose.js";
import { meetsExpectation } from "../../../model/scenario.js";
import { findScenario } from "../../../model/scenarios/index.js";
import {
  buildCalloutScenario,
  FREEBSD_CALLOUT_MTX,
  NETBSD5_SOFTNET_LOCK,
  netbsdScenarios,
  pr20390MpSpec,
  pr20390Spec,
  rexmt,
} from "../../../model/scenarios/netbsd-pr20390.js";

const run = (spec: ReturnType<typeof pr20390Spec>, callouts: CalloutSpec): CheckResult => check(buildCalloutScenario({ spec, callouts }));

for (const sc of netbsdScenarios) {
  test(`${sc.spec.name}: the verdict meets its expectation, from an exhaustive BFS`, (t) => {
    const r = check(buildCalloutScenario(sc));
    t.true(meetsExpectation(sc.expected, r), `${r.verdict} ${r.violations.map((v) => `${v.property}: ${v.message}`).join("; ")}`);
    t.true(r.exhaustive || r.verdict === "violation");
    t.deepEqual(r.boundsHit, []);
    t.true(r.stats.states > 10 && r.stats.transitions >= r.stats.states - 1);
    t.truthy(findScenario(sc.spec.name), "registered for the CLI");
  });
}

test("netbsd-pr20390: the counterexample is S5 — dequeue, RST through tcp_close's free, then the handler on the freed tcpcb", (t) => {
  const sc = netbsdScenarios.find((s) => s.spec.name === "netbsd-pr20390")!;
  const m = buildCalloutScenario(sc);
  const r = check(m);
  const v = r.violations[0]!;
  t.is(v.property, "callout-after-free");
  const steps = replay(m, v.choices).steps.map((s) => `${m.contexts[s.context]!.name} ${s.label}`);
  const at = (re: RegExp) => steps.findIndex((l) => re.test(l));
  const dequeue = at(/^softclock softclock:dequeue t_timer\[REXMT\]/);
  const unlock = at(/^softclock softclock:CALLWHEEL_UNLOCK/);
  const stop = at(/^softnet tcp_close_timers:.*callout_stop/);
  const free = at(/^softnet tcp_close:free\(tp\)/);
  const splsoftnet = at(/^softclock callout:tcp_timer_rexmt:s = splsoftnet\(\)/);
  t.true(dequeue >= 0 && dequeue < unlock && unlock < stop && stop < free && free < splsoftnet, steps.join("\n"));
  t.regex(v.message, /softclock uses freed tcpcb tp .*first freed by softnet at tcp_close:free\(tp\)/);
  t.is(replay(m, v.choices).violation?.name, "callout-after-free");
});

test("dropping fix (1): the registered level lowered to softclock's brings the counterexample back", (t) => {
  const r = run(pr20390Spec("ipl-dropped"), rexmt({ ...REGISTERED_IPL, invokeLevel: "softclock" }));
  t.is(r.verdict, "violation");
  t.is(r.violations[0]!.property, "callout-after-free");
});

test("dropping fix (2): without INVOKING (so no ack, no TF_DEAD deferral) the counterexample comes back", (t) => {
  const r = run(pr20390Spec("ack-dropped"), rexmt({ ...INVOKING_ACK, invoking: false }));
  t.is(r.verdict, "violation");
  t.is(r.violations[0]!.property, "callout-after-free");
});

test("dropping callout_halt on NetBSD 5: a plain callout_stop under softnet_lock frees under the blocked handler", (t) => {
  const r = run(pr20390MpSpec("halt-dropped"), rexmt({ ...HALT, interlock: "none" }));
  t.is(r.verdict, "violation");
  t.is(r.violations[0]!.property, "callout-after-free");
});

test("callout_halt holding its interlock across the wait deadlocks with the handler that needs it", (t) => {
  const spec = { ...pr20390MpSpec("halt-holding"), placement: { ...NETBSD5_SOFTNET_LOCK, name: "halt-holding", waits: { callout_halt: "hold" as const } } };
  const r = run(spec, rexmt("halt"));
  t.is(r.verdict, "violation");
  t.is(r.violations[0]!.property, "deadlock");
  t.regex(r.violations[0]!.message, /softnet_lock/);
});

test("with spl stubbed out the window is wide open even for NetBSD 1.6's own splsoftnet", (t) => {
  const spec = { ...pr20390Spec("stubbed"), policy: "any" as const, placement: { name: "stubbed", default: "none" as const } };
  const r = run(spec, rexmt(NETBSD16));
  t.is(r.verdict, "violation");
  t.is(r.violations[0]!.property, "callout-after-free");
});

test("a callout variant that keeps timers as tcpcb counters is refused with a one-line error", (t) => {
  const e = t.throws(() => run(pr20390Spec("bad"), rexmt("bsd44-counters")));
  t.regex(e!.message, /^callout variant "bsd44-counters" keeps its timers as tcpcb counters/);
  const u = t.throws(() => run(pr20390Spec("bad"), rexmt("no-such")));
  t.regex(u!.message, /^unknown callout variant "no-such" \(known: /);
});

test("FreeBSD callout_init_mtx: softclock takes the callout's mutex, a stop under it is guaranteed — safe", (t) => {
  const spec = { ...pr20390MpSpec("callout-mtx"), placement: FREEBSD_CALLOUT_MTX };
  const r = run(spec, rexmt(BOUND_LOCK));
  t.is(r.verdict, "safe");
  t.true(r.exhaustive);
});

test("the same machine with the callout not bound to the mutex: callout-after-free", (t) => {
  const spec = { ...pr20390MpSpec("callout-mtx-dropped"), placement: FREEBSD_CALLOUT_MTX };
  const r = run(spec, rexmt({ ...BOUND_LOCK, interlock: "none" }));
  t.is(r.verdict, "violation");
  t.is(r.violations[0]!.property, "callout-after-free");
});

test("with the application closing too (so every object must be freed exactly once), the fixes stay safe and 1.6 still breaks", (t) => {
  const withApp = (name: string, mp = false) => {
    const base = mp ? pr20390MpSpec(name) : pr20390Spec(name);
    return { ...base, contexts: [{ name: "U", role: "app" as const, program: "close" as const }, ...base.contexts] };
  };
  for (const [v, mp] of [["registered-ipl", false], ["invoking-ack", false], ["halt", true]] as const) {
    const r = run(withApp(`app-${v}`, mp), rexmt(v));
    t.is(r.verdict, "safe", `${v}: ${r.violations.map((x) => `${x.property}: ${x.message}`).join("; ")}`);
    t.true(r.exhaustive);
    t.log(v, r.stats.states, "states");
  }
  const bad = run(withApp("app-netbsd16"), rexmt("netbsd16"));
  t.is(bad.verdict, "violation");
  t.is(bad.violations[0]!.property, "callout-after-free");
  // callout_halt before the detach drops softnet_lock while soclose can still reach the tcpcb
  const early = run(withApp("app-halt-early", true), { ...rexmt("halt"), haltBeforeDetach: true });
  t.is(early.verdict, "violation");
  t.is(early.violations[0]!.property, "double-free");
  t.regex(early.violations[0]!.message, /tcpcb tp again at tcp_close/);
});

test("S5 on 4.4BSD's timers (counters in the tcpcb, tcp_slowtimo at splnet) has no such race: safe", (t) => {
  const r = check(
    composeKernel({
      ...pr20390Spec("bsd44-counters"),
      initial: { tcpState: "ESTABLISHED", timers: ["REXMT"] },
      contexts: [
        { name: "softnet", role: "input" },
        { name: "softclock", role: "timer" },
      ],
      peer: { rst: true, ticks: 2 },
    }),
  );
  t.is(r.verdict, "safe");
  t.true(r.exhaustive);
});

test("with REXMT and KEEP both armed (KEEP's handler drops the connection itself), the fixes hold and 1.6 breaks", (t) => {
  const both = (variant: string): CalloutSpec => ({ variant, armed: ["REXMT", "KEEP"] });
  for (const [v, mp] of [["registered-ipl", false], ["invoking-ack", false], ["halt", true]] as const) {
    const r = run(mp ? pr20390MpSpec(`both-${v}`) : pr20390Spec(`both-${v}`), both(v));
    t.is(r.verdict, "safe", `${v}: ${r.violations.map((x) => `${x.property}: ${x.message}`).join("; ")}`);
    t.true(r.exhaustive);
  }
  const bad = run(pr20390Spec("both-netbsd16"), both("netbsd16"));
  t.is(bad.verdict, "violation");
  t.is(bad.violations[0]!.property, "callout-after-free");
});
