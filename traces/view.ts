import type { RacingStep } from "../checker/index.js";
import { lastChange, type AnnotatedStep, type AnnotatedTrace, type SlotChange } from "./annotate.js";
import { modelRacingSteps, racingSteps, rolesByStep } from "./race.js";

/** How a rendering shows a trace: the kernel's view (default) or every slot and step (`raw`). */
export interface ViewOptions {
  /** Show the model's bookkeeping slots and every step, unfolded. */
  readonly raw?: boolean;
  /** Fold runs of steps that change nothing another context reads (default true for a model with a traceView; off when raw). */
  readonly fold?: boolean;
}

/** One step as the kernel's view shows it. */
export interface ViewStep {
  readonly step: AnnotatedStep;
  /** The context's call path at this step, outermost first (empty when the model has none). */
  readonly path: readonly string[];
  /** The label with its callers in front: `ipintr → tcp_input → tcp_close:free(tp)`. */
  readonly does: string;
  /** The changes shown: without bookkeeping slots unless raw. */
  readonly changes: readonly SlotChange[];
  /** Its roles in the violation ("freed", "used"), if it is a racing step. */
  readonly roles: readonly RacingStep[];
}

/** A row of a rendering: one step, or a folded run of one context's steps. */
export type ViewRow = { readonly kind: "step"; readonly step: ViewStep } | { readonly kind: "fold"; readonly steps: readonly ViewStep[]; readonly text: string };

export interface TraceRows {
  readonly trace: AnnotatedTrace;
  readonly raw: boolean;
  readonly race: readonly RacingStep[];
  /** True when the model named the racing steps (not just the last step marked). */
  readonly explained: boolean;
  readonly steps: readonly ViewStep[];
  readonly rows: readonly ViewRow[];
  /** Slots hidden by default (the model's bookkeeping); empty when raw. */
  readonly hidden: ReadonlySet<number>;
  /** Every bookkeeping slot the model names, raw or not (the HTML page's toggle). */
  readonly bookkeeping: ReadonlySet<number>;
}

/**
 * The kernel's view of a trace, shared by every rendering: per step its call path, the shared
 * state it changed (bookkeeping hidden), its racing roles; runs of steps that touch nothing
 * another context reads, and everything after the last racing step, folded into one row each.
 */
export function viewTrace(t: AnnotatedTrace, opts: ViewOptions = {}): TraceRows {
  const raw = opts.raw ?? false;
  const view = t.model.traceView?.();
  // Without the model's view nothing tells bookkeeping from state: such a trace is shown step by step.
  const fold = !raw && view !== undefined && (opts.fold ?? true);
  const bookkeeping = new Set(view?.bookkeeping ?? []);
  const hidden = raw ? new Set<number>() : bookkeeping;
  const race = racingSteps(t);
  const roles = rolesByStep(race);
  const lastPath = new Map<number, string>();
  const steps: ViewStep[] = t.steps.map((s, i) => {
    const before = i === 0 ? t.initial : t.steps[i - 1]!.state;
    let path: readonly string[] = [];
    try {
      path = view?.callPath?.(before, s.context) ?? [];
    } catch {
      path = [];
    }
    // Callers are written out where a context's path changes; below that the label alone reads clearly.
    const key = path.slice(0, -1).join(" ");
    const does = lastPath.get(s.context) === key ? s.label : withCallers(path, s.label);
    lastPath.set(s.context, key);
    return { step: s, path, does, changes: s.changes.filter((c) => !hidden.has(c.slot)), roles: roles.get(s.index) ?? [] };
  });
  const keep = fold ? kept(t, steps, race, bookkeeping) : steps.map(() => true);
  const rows: ViewRow[] = [];
  for (let i = 0; i < steps.length; ) {
    let j = i;
    while (j < steps.length && !keep[j] && steps[j]!.step.context === steps[i]!.step.context) j++;
    if (j - i >= 2) {
      const run = steps.slice(i, j);
      rows.push({ kind: "fold", steps: run, text: foldText(run) });
      i = j;
    } else {
      rows.push({ kind: "step", step: steps[i]! });
      i++;
    }
  }
  return { trace: t, raw, race, explained: modelRacingSteps(t).length > 0, steps, rows, hidden, bookkeeping };
}

/** `tcp_close:free(tp)` called from ipintr → tcp_input reads `ipintr → tcp_input → tcp_close:free(tp)`. */
export function withCallers(path: readonly string[], label: string): string {
  if (path.length < 2 || !label.startsWith(`${path[path.length - 1]}:`)) return label;
  return [...path.slice(0, -1), label].join(" → ");
}

/**
 * Which steps stay in view: the racing steps, the step that raised, the last one, and, up to the
 * last racing step, both ends of every hand-over between contexts: a step that reads a shown slot
 * (its footprint says so) and the other context's step that last wrote it. A model without footprints keeps
 * every step that changes a shown slot.
 */
function kept(t: AnnotatedTrace, steps: readonly ViewStep[], race: readonly RacingStep[], hidden: ReadonlySet<number>): boolean[] {
  const m = t.model;
  const n = steps.length;
  const keep = steps.map((v) => v.roles.length > 0 || v.step.raised || v.step.index === n);
  const lastRace = Math.max(0, ...race.map((r) => r.step));
  if (!m.footprint) {
    steps.forEach((v, i) => {
      if (v.step.index <= lastRace && v.changes.length > 0) keep[i] = true;
    });
    return keep;
  }
  for (let j = 1; j < n; j++) {
    const s = t.steps[j]!;
    let reads: ArrayLike<number> = [];
    try {
      reads = m.footprint(t.steps[j - 1]!.state, s.choice).reads;
    } catch {
      reads = [];
    }
    for (let k = 0; k < reads.length; k++) {
      const slot = reads[k]!;
      if (hidden.has(slot)) continue;
      const w = lastChange(t, slot, j);
      if (w > 0 && j < lastRace && t.steps[w - 1]!.context !== s.context) keep[w - 1] = keep[j] = true;
    }
  }
  return keep;
}

function foldText(run: readonly ViewStep[]): string {
  let common = run[0]!.path;
  for (const v of run) {
    let k = 0;
    while (k < common.length && k < v.path.length && common[k] === v.path[k]) k++;
    common = common.slice(0, k);
  }
  return `… ${run.length} steps${common.length ? ` in ${common.join(" → ")}` : ""}`;
}

/** Step range of a row, as printed: "25" or "12–17". */
export function rowRange(r: ViewRow): string {
  if (r.kind === "step") return String(r.step.step.index);
  return `${r.steps[0]!.step.index}–${r.steps[r.steps.length - 1]!.step.index}`;
}
