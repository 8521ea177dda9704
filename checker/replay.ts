import { Expander } from "./expander.js";
import { ModelAssertion, type Finding, type Model } from "./model.js";
import { ModelError } from "./model-error.js";
import type { ViolationKind } from "./result.js";

/** One executed step of a counterexample. */
export interface ReplayStep {
  readonly index: number;
  readonly choice: number;
  readonly context: number;
  readonly label: string;
  /** The state after the step (for a step that raised an assertion: the state before it). */
  readonly state: Int32Array;
}

export interface ReplayResult {
  readonly initial: Int32Array;
  readonly steps: readonly ReplayStep[];
  /** The violation reached at the end (or raised by the last step), or null if none. */
  readonly violation: (Finding & { kind: ViolationKind }) | null;
  /** Set when the choices do not fit the model: which step and why. */
  readonly error: { step: number; reason: string } | null;
}

/**
 * Re-executes `choices` from initial state `which` against `model` step by step, checking each choice is enabled,
 * and reports what is violated at the end. This is the ground truth for every trace:
 * rendering, minimisation and regression tests all go through it.
 */
export function replay(model: Model, choices: readonly number[], which = 0): ReplayResult {
  const exp = new Expander(model);
  const w = model.stateSize;
  const initial = new Int32Array(w);
  if (!(Number.isInteger(which) && which >= 0 && which < exp.initialCount))
    return { initial, steps: [], violation: null, error: { step: 0, reason: `initial state ${which} does not exist (the model has ${exp.initialCount})` } };
  exp.initial(initial, which);
  let cur = Int32Array.from(initial);
  const steps: ReplayStep[] = [];
  const enabled = new Int32Array(Math.max(1, model.maxChoices));
  const broken = (): (Finding & { kind: ViolationKind }) | null => {
    const i = exp.brokenInvariant(cur);
    if (i >= 0) return { kind: "invariant", name: model.invariants[i]!.name, message: exp.invariantMessage };
    return null;
  };
  const atStart = broken();
  if (atStart && choices.length === 0) return { initial, steps, violation: atStart, error: null };
  for (let k = 0; k < choices.length; k++) {
    const c = choices[k]!;
    const n = exp.enabled(cur, enabled);
    let ok = false;
    for (let i = 0; i < n; i++) if (enabled[i] === c) ok = true;
    if (!ok) {
      const what = c >= 0 && c < model.maxChoices ? `choice ${c} (${safeLabel(model, cur, c)})` : `choice ${c}`;
      return { initial, steps, violation: null, error: { step: k + 1, reason: `${what} is not enabled here` } };
    }
    const label = model.label(cur, c);
    const next = Int32Array.from(cur);
    try {
      model.step(next, c);
    } catch (e) {
      if (!(e instanceof ModelAssertion)) {
        const err = ModelError.threw("step", e, c, label);
        err.step = k + 1;
        throw err;
      }
      steps.push({ index: k + 1, choice: c, context: model.contextOf(c), label, state: cur });
      const violation = { kind: "assertion" as const, name: e.property, message: e.message };
      if (k !== choices.length - 1)
        return { initial, steps, violation, error: { step: k + 1, reason: `violation ${e.property} raised before the trace's end` } };
      return { initial, steps, violation, error: null };
    }
    cur = next;
    steps.push({ index: k + 1, choice: c, context: model.contextOf(c), label, state: cur });
    const inv = broken();
    if (inv && k !== choices.length - 1)
      return { initial, steps, violation: inv, error: { step: k + 1, reason: `invariant ${inv.name} broke before the trace's end` } };
    if (inv) return { initial, steps, violation: inv, error: null };
  }
  const n = exp.enabled(cur, enabled);
  if (n === 0) {
    const d = exp.dead(cur);
    if (d) return { initial, steps, violation: { kind: d.kind, ...d.finding }, error: null };
  }
  return { initial, steps, violation: null, error: null };
}

function safeLabel(model: Model, s: Int32Array, c: number): string {
  try {
    return model.label(s, c);
  } catch {
    return "?";
  }
}
