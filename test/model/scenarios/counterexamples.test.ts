import test from "ava";
import { check, replay, type Model } from "../../../checker/index.js";
import type { Ctx } from "../../../model/runtime/context.js";
import { KernelModel } from "../../../model/runtime/kernel-model.js";
import { scenarios } from "../../../model/scenarios/index.js";

// For every built-in violation (issue 18 item 3): the shortest counterexample ends at the step that
// reports it, that step completes the call that faulted (not a later one), and no property is
// listed twice. A verdict survives faults reported a call late; these do not.

const FAULTS = new Set(["double-free", "double-destroy", "callout-after-free", "use-after-destroy", "use-after-free"]);

/** Whether `c` has recorded a lifecycle fault in `s`. */
function faulted(s: Int32Array, c: Ctx): boolean {
  return s[c.fDoubleFree] !== 0 || s[c.fDoubleDestroy] !== 0 || s[c.fUse] !== 0;
}

/** Contexts at rest (done or idle) in `s` with a fault recorded: each must have been reported there. */
function restingWithFault(m: KernelModel, s: Int32Array): string[] {
  return m.ctxs.filter((c) => faulted(s, c) && m.atRest(s, c)).map((c) => c.name);
}

for (const sc of scenarios.filter((x) => x.expected.verdict === "violation"))
  test(`counterexamples end where they are reported: ${sc.name}`, (t) => {
    const model: Model = sc.build();
    const r = check(model, { stopAtFirst: false });
    t.true(r.violations.length > 0);
    const names = r.violations.map((v) => v.property);
    t.deepEqual(names, [...new Set(names)], "a property is listed twice");
    for (const v of r.violations) {
      const full = replay(model, v.choices);
      t.is(full.error, null, `${v.property}: ${full.error?.reason}`);
      t.is(full.violation?.name, v.property, `${v.property}: replay reports ${full.violation?.name}`);
      t.is(full.violation?.kind, v.kind);
      // One step short, nothing is reported yet: the trace ends at the reporting step.
      t.is(replay(model, v.choices.slice(0, -1)).violation, null, `${v.property}: already reported a step before the end`);
      if (!(model instanceof KernelModel) || !FAULTS.has(v.property)) continue;
      const states = full.steps.map((s) => s.state);
      // Before the last state no context is back at rest with a fault: a fault is reported by the
      // step that completes the faulting call, so a trace through such a state went a call too far.
      for (let i = 0; i < states.length - 1; i++) t.deepEqual(restingWithFault(model, states[i]!), [], `${v.property}: step ${i + 1} completes a faulting call unreported`);
      const last = states[states.length - 1]!;
      if (v.kind === "invariant") {
        // Reported by an invariant: the last step is the faulting context's, and it completes that call.
        const c = model.ctxs[full.steps[full.steps.length - 1]!.context];
        t.truthy(c, `${v.property}: the last step is the environment's`);
        t.true(faulted(last, c!) && model.atRest(last, c!), `${v.property}: the last step does not complete ${c?.name}'s faulting call`);
      } else t.deepEqual(restingWithFault(model, last), [], `${v.property}: a completed faulting call reported only at the end of the run`);
    }
  });
