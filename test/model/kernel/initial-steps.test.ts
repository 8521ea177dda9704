import test from "ava";
import { check } from "../../../checker/index.js";
import { calloutExtension, composeKernel, KernelError, type KernelScenarioSpec } from "../../../model/index.js";
import { netbsdScenarios } from "../../../model/scenarios/netbsd-pr20390.js";

/** initial.steps: start where the model's own steps lead, e.g. with a timer already dequeued or running. */
const pr = netbsdScenarios.find((k) => k.spec.name === "netbsd-pr20390")!;
const build = (spec: KernelScenarioSpec) => composeKernel(spec, calloutExtension(pr.callouts));
const withSteps = (steps: string[]): KernelScenarioSpec => ({ ...pr.spec, initial: { ...pr.spec.initial, steps } });

test("a callout already dequeued by softclock, its handler not yet at splsoftnet: the PR#20390 window is open from the start", (t) => {
  const full = check(build(pr.spec));
  const m = build(withSteps(["softclock until callout:tcp_timer_rexmt"]));
  const s = new Int32Array(m.stateSize);
  m.initial(s);
  const sc = m.ctxs.find((c) => c.name === "softclock")!;
  t.is(m.instrs[s[sc.pc]!]!.routine, "callout:tcp_timer_rexmt");
  const r = check(m);
  t.is(r.verdict, "violation");
  t.is(r.violations[0]!.property, "callout-after-free");
  // The dequeue is behind us: the shortest counterexample is shorter by those steps.
  t.true(r.violations[0]!.choices.length < full.violations[0]!.choices.length);
});

test("a handler already running under splsoftnet cannot be interrupted by the RST: safe from there", (t) => {
  const r = check(build(withSteps(["softclock until tcp_timer_rexmt"])));
  // tcp_timer_rexmt runs at splsoftnet, so the RST waits for it; what is left is safe.
  t.is(r.verdict, "safe");
  t.true(r.exhaustive);
});

test("steps that cannot be taken, or name nothing, are one line", (t) => {
  t.throws(() => build(withSteps(["softclok"])), { instanceOf: KernelError, message: /no context or event "softclok" \(did you mean "softclock"\?\)/ });
  t.throws(() => build(withSteps(["softclock until nowhere"])), { instanceOf: KernelError, message: /never reaches "nowhere"/ });
  t.throws(() => build(withSteps(["env:RST until x"])), { instanceOf: KernelError, message: /"until" takes a context/ });
});
