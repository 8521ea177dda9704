import type { RacingStep } from "../checker/index.js";
import type { AnnotatedTrace } from "./annotate.js";

/**
 * The steps that make the trace's violation, from the model's traceView (the free and the use,
 * both frees, a lost update's load and stores, a deadlock's lock takers and waiters, a lost
 * wakeup's check, wakeup and sleep). A model that names none, or names steps the trace does not
 * have, gets its last step marked: the step that broke the property or was the last to run.
 */
export function racingSteps(t: AnnotatedTrace): RacingStep[] {
  const v = t.violation;
  const n = t.steps.length;
  if (!v || n === 0) return [];
  const out = modelRacingSteps(t);
  if (out.length === 0) out.push({ step: n, role: v.kind === "stuck" || v.kind === "terminal" ? "last step" : "breaks it" });
  return out;
}

/** The racing steps the model names (none when it has no trace view or names none the trace has), in step order. */
export function modelRacingSteps(t: AnnotatedTrace): RacingStep[] {
  const v = t.violation;
  const n = t.steps.length;
  if (!v || n === 0) return [];
  let got: readonly RacingStep[] = [];
  const view = t.model.traceView?.();
  if (view?.racingSteps) {
    const run = { initial: t.initial, choices: t.steps.map((s) => s.choice), contexts: t.steps.map((s) => s.context), states: t.steps.map((s) => s.state) };
    try {
      got = view.racingSteps(run, v);
    } catch {
      got = [];
    }
  }
  const seen = new Set<string>();
  const out = got.filter((r) => {
    const key = `${r.step} ${r.role}`;
    if (!Number.isInteger(r.step) || r.step < 1 || r.step > n || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return out.sort((a, b) => a.step - b.step);
}

/** Roles by step number, for renderings that mark rows. */
export function rolesByStep(race: readonly RacingStep[]): Map<number, RacingStep[]> {
  const m = new Map<number, RacingStep[]>();
  for (const r of race) m.set(r.step, [...(m.get(r.step) ?? []), r]);
  return m;
}
