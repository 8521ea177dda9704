import test from "ava";
import { check } from "../../../checker/index.js";
import { calloutExtension, composeKernel, placements, type KernelScenarioSpec } from "../../../model/index.js";

/**
 * A timer that re-arms itself, written through the public API (calloutExtension's hook gives the
 * wheel): NetBSD 1.6's tcp_timer_rexmt re-arms with TCP_TIMER_ARM after retransmitting, and when
 * tcp_timers dropped the connection (tp == NULL) it must not. Registered IPL (fix (1) of
 * PR#20390), so the RST cannot land inside the handler: only the re-arm decides.
 */
const spec: KernelScenarioSpec = {
  name: "rexmt-rearms",
  policy: "bsd-up",
  placement: placements.BSD44,
  options: { flavor: "bsd44" },
  initial: { tcpState: "ESTABLISHED" },
  contexts: [{ name: "softnet", role: "input" }],
  peer: { rst: true },
};

/** The handler calls its built-in body, then callout_reset, unless `checkDrop` and the body dropped tp. */
function rearming(checkDrop: boolean) {
  return calloutExtension({ variant: "registered-ipl", armed: ["REXMT"] }, (K, wheel) => {
    const c = wheel.callouts[0]!;
    K.k.replace(c.handler, "test: NetBSD 1.6 tcp_timer_rexmt re-arming with TCP_TIMER_ARM", (b, original) => {
      const out = b.at("out");
      // r2 is "tp is still there": tcp_close clears it (model/kernel/tcp.ts), as tcp_timers returns NULL.
      b.step("tp alive", {}, (s, x) => void (s[x.r2] = 1));
      b.call(original);
      if (checkDrop) b.jumpIf("tp == NULL: out", {}, (s, x) => s[x.r2] === 0, out);
      wheel.reset(b, c, "TCP_TIMER_ARM(tp, TCPT_REXMT)");
      b.here("out");
    });
  });
}

test("the built-in handler fires once and the scenario is safe", (t) => {
  t.is(check(composeKernel(spec, calloutExtension({ variant: "registered-ipl", armed: ["REXMT"] }))).verdict, "safe");
});

test("a handler that re-arms after its own tcp_drop freed the tcpcb touches freed memory", (t) => {
  const r = check(composeKernel(spec, rearming(false)), { stopAtFirst: false });
  t.is(r.verdict, "violation");
  const v = r.violations.find((x) => x.property === "callout-after-free");
  t.truthy(v, JSON.stringify(r.violations.map((x) => x.property)));
  t.regex(v!.message, /softclock uses freed tcpcb tp at callout:tcp_timer_rexmt:TCP_TIMER_ARM/);
});

test("re-arming only while tp is there keeps it safe, and the timer does fire again", (t) => {
  const m = composeKernel(spec, rearming(true));
  const r = check(m);
  t.is(r.verdict, "safe");
  t.true(r.exhaustive);
  // The re-arm is reachable: the scenario has more states than the one-shot timer's.
  t.true(r.stats.states > check(composeKernel(spec, calloutExtension({ variant: "registered-ipl", armed: ["REXMT"] }))).stats.states);
});

test("initial.slots sets a field by name: a retransmit count already at its limit drops at the first expiry", (t) => {
  const once = composeKernel({ ...spec, initial: { ...spec.initial, slots: { "tp.t_rxtshift": 1 } } }, rearming(true));
  const r = check(once, { stopAtFirst: false });
  t.is(r.verdict, "safe");
  t.true(r.stats.states < check(composeKernel(spec, rearming(true))).stats.states);
  // rcvData and the same word set by name are one state space.
  const a = check(composeKernel({ ...spec, initial: { ...spec.initial, rcvData: 2 } }, calloutExtension({ variant: "registered-ipl", armed: ["REXMT"] })));
  const b = check(composeKernel({ ...spec, initial: { ...spec.initial, slots: { "so.so_rcv.sb_cc": 2 } } }, calloutExtension({ variant: "registered-ipl", armed: ["REXMT"] })));
  t.is(a.stats.states, b.stats.states);
  t.throws(() => composeKernel({ ...spec, initial: { ...spec.initial, slots: { "tp.t_rxtshit": 1 } } }), { message: /no slot "tp\.t_rxtshit" \(did you mean "tp\.t_rxtshift"\?\)/ });
  t.throws(() => composeKernel({ ...spec, initial: { ...spec.initial, slots: { "softnet.pc": 1 } } }), { message: /runtime's own word/ });
  t.throws(() => composeKernel({ ...spec, initial: { ...spec.initial, slots: { "tp.t_rxtshift": 1.5 } } }), { message: /32-bit integer/ });
});
