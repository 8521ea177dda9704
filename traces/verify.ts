import { replay, type Model, type ReplayResult } from "../checker/index.js";
import { modelHash } from "./model-hash.js";
import type { TraceFile } from "./trace-file.js";

export type TraceStatus =
  /** The choices still fit and reach the same property. */
  | "confirmed"
  /** The choices fit but end in another property. */
  | "different-violation"
  /** The choices fit but nothing breaks any more. */
  | "no-violation"
  /** A choice is no longer enabled, or a violation comes before the trace's end. */
  | "diverged";

export interface LabelDrift {
  readonly step: number;
  readonly was: string;
  readonly now: string;
}

export interface TraceVerdict {
  readonly status: TraceStatus;
  readonly hashMatches: boolean;
  /** The step (1-based) where the trace stops fitting, when it does. */
  readonly step: number | null;
  /** One line a person can act on. */
  readonly reason: string;
  readonly replay: ReplayResult;
  /** Steps whose context or label differs from what the trace recorded (the model changed there). */
  readonly drift: readonly LabelDrift[];
}

/**
 * Replays a trace against the current model and says whether it still shows its violation,
 * and if not, where and why it parts ways: a choice no longer enabled (naming what is enabled
 * instead), an earlier violation, a different ending, or none.
 */
export function verifyTrace(model: Model, trace: TraceFile): TraceVerdict {
  const choices = trace.steps.map((s) => s.choice);
  const hashMatches = modelHash(model).hash === trace.model.hash;
  const bad = choices.findIndex((c) => c >= model.maxChoices);
  const r = replay(model, bad >= 0 ? choices.slice(0, bad) : choices, trace.initial ?? 0);
  const drift: LabelDrift[] = [];
  r.steps.forEach((s, i) => {
    const rec = trace.steps[i]!;
    const now = `${ctxName(model, s.context)} ${s.label}`;
    const was = `${rec.context} ${rec.label}`;
    if (now !== was) drift.push({ step: i + 1, was, now });
  });
  const want = trace.violation.property;
  const changed = hashMatches ? "" : " (the model changed since the trace was written)";
  const driftNote = drift.length ? `; the steps first differ at step ${drift[0]!.step}: trace "${drift[0]!.was}", model now "${drift[0]!.now}"` : "";
  const base = { hashMatches, replay: r, drift };
  if (bad >= 0 && !r.error) {
    const rec = trace.steps[bad]!;
    return {
      ...base,
      status: "diverged",
      step: bad + 1,
      reason: `step ${bad + 1}: choice ${rec.choice} (${rec.context} ${rec.label}) does not exist in the current model, which has ${model.maxChoices} choices${changed}${driftNote}`,
    };
  }
  if (r.error) {
    const k = r.error.step;
    const rec = trace.steps[k - 1];
    let reason: string;
    if (r.violation) {
      reason = `step ${k}: ${r.violation.name} (${r.violation.message}) already breaks here, before the trace's end at step ${choices.length}`;
    } else {
      const state = k >= 2 ? r.steps[k - 2]!.state : r.initial;
      reason = `step ${k}: ${rec ? `${rec.context} ${rec.label}` : "the recorded choice"} is not enabled in the current model; enabled here: ${enabledHere(model, state)}`;
    }
    return { ...base, status: "diverged", step: k, reason: reason + changed + driftNote };
  }
  if (!r.violation)
    return { ...base, status: "no-violation", step: null, reason: `all ${choices.length} steps replay but ${want} no longer occurs${changed}${driftNote}` };
  if (r.violation.name !== want)
    return {
      ...base,
      status: "different-violation",
      step: null,
      reason: `all ${choices.length} steps replay but end in ${r.violation.name} (${r.violation.message}), not ${want}${changed}${driftNote}`,
    };
  return {
    ...base,
    status: "confirmed",
    step: null,
    reason: `confirmed: ${want} after ${choices.length} steps${hashMatches ? "" : ", although the model changed since the trace was written"}`,
  };
}

function ctxName(model: Model, ctx: number): string {
  return model.contexts[ctx]?.name ?? `#${ctx}`;
}

function enabledHere(model: Model, state: Int32Array): string {
  const out = new Int32Array(Math.max(1, model.maxChoices));
  const n = model.enabled(state, out);
  if (n === 0) return "nothing";
  const xs: string[] = [];
  for (let i = 0; i < n; i++) xs.push(`${ctxName(model, model.contextOf(out[i]!))} ${model.label(state, out[i]!)}`);
  return xs.join("; ");
}
