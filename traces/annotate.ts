import { replay, type ContextKind, type Finding, type Model, type ViolationKind } from "../checker/index.js";

export interface SlotChange {
  readonly slot: number;
  readonly name: string;
  readonly before: string;
  readonly after: string;
}

export interface AnnotatedStep {
  /** 1-based, as printed. */
  readonly index: number;
  readonly choice: number;
  readonly context: number;
  readonly contextName: string;
  readonly kind: ContextKind;
  readonly label: string;
  /** Slots this step changed, in slot order (empty for a step that raised). */
  readonly changes: readonly SlotChange[];
  /** The state after the step (before it, for the step that raised an assertion). */
  readonly state: Int32Array;
  /** True for the step that itself raised the violation. */
  readonly raised: boolean;
}

export interface AnnotatedTrace {
  readonly model: Model;
  readonly slotNames: readonly string[];
  readonly initial: Int32Array;
  readonly steps: readonly AnnotatedStep[];
  readonly violation: (Finding & { kind: ViolationKind }) | null;
  readonly error: { step: number; reason: string } | null;
}

/** Replays `choices` and keeps, per step, what a reader needs: who ran, what, and which slots changed. */
export function annotate(model: Model, choices: readonly number[], initial = 0): AnnotatedTrace {
  const r = replay(model, choices, initial);
  const names = slotNames(model);
  // A ghost that records where something happened (an instruction) reads as the step that set it.
  const ghosts = new Set(model.traceView?.().stepGhosts ?? []);
  const setAt = new Map<number, number>();
  const show = (k: number, v: number) => (ghosts.has(k) ? (v === 0 ? "0" : `step ${setAt.get(k) ?? "?"}`) : formatValue(model, k, v));
  let prev = r.initial;
  const steps: AnnotatedStep[] = r.steps.map((s, i) => {
    const raised = r.violation?.kind === "assertion" && !r.error && i === r.steps.length - 1;
    const changes: SlotChange[] = [];
    for (let k = 0; k < model.stateSize; k++) {
      if (s.state[k] === prev[k]) continue;
      const before = show(k, prev[k]!);
      if (ghosts.has(k)) setAt.set(k, s.index);
      changes.push({ slot: k, name: names[k]!, before, after: show(k, s.state[k]!) });
    }
    prev = s.state;
    const ctx = model.contexts[s.context];
    return { index: s.index, choice: s.choice, context: s.context, contextName: ctx?.name ?? `#${s.context}`, kind: ctx?.kind ?? "thread", label: s.label, changes, state: s.state, raised };
  });
  return { model, slotNames: names, initial: r.initial, steps, violation: r.violation, error: r.error };
}

export function slotNames(model: Model): string[] {
  const given = model.slotNames ? model.slotNames() : [];
  return Array.from({ length: model.stateSize }, (_, i) => given[i] ?? `slot${i}`);
}

/** A slot's value after step `upTo` (0: initially) as renderings print it: a step ghost names the step that set it. */
export function displayValue(t: AnnotatedTrace, slot: number, upTo: number): string {
  const state = upTo === 0 ? t.initial : t.steps[upTo - 1]!.state;
  const v = state[slot]!;
  if (v === 0 || !(t.model.traceView?.().stepGhosts ?? []).includes(slot)) return formatValue(t.model, slot, v);
  const at = lastChange(t, slot, upTo);
  const s = t.steps[at - 1];
  return s ? `step ${at} (${s.contextName}, ${s.label})` : "step ?";
}

export function formatValue(model: Model, slot: number, value: number): string {
  if (!model.formatSlot) return String(value);
  try {
    return model.formatSlot(slot, value);
  } catch {
    return String(value);
  }
}

/** The last step (1-based) at or before `upTo` that changed `slot`, or 0 when it still has its initial value. */
export function lastChange(t: AnnotatedTrace, slot: number, upTo = t.steps.length): number {
  for (let i = Math.min(upTo, t.steps.length) - 1; i >= 0; i--) if (t.steps[i]!.changes.some((c) => c.slot === slot)) return i + 1;
  return 0;
}
