import type { AnnotatedTrace } from "./annotate.js";
import { withCallers, type TraceRows } from "./view.js";
import { displayValue, lastChange } from "./annotate.js";

/**
 * The violation in words: what broke, which step broke it and who ran it, and where the values it
 * depends on came from ("so_state was set to NOFDREF at step 7 by tcp"). Generic over models:
 * it uses only the invariant's declared reads, the failing step's footprint and the context list.
 */
export function explainViolation(t: AnnotatedTrace, hidden: ReadonlySet<number> = new Set()): string[] {
  const v = t.violation;
  if (!v) return [t.error ? `the trace stops fitting at step ${t.error.step}: ${t.error.reason}` : "no violation: every step ran and nothing broke"];
  const n = t.steps.length;
  const last = t.steps[n - 1];
  const who = (i: number) => {
    const s = t.steps[i - 1]!;
    return `${s.contextName} (${s.kind}) at step ${i}: ${s.label}`;
  };
  const lines = [`${v.name}: ${v.message}`];
  let slots: number[] = [];
  if (v.kind === "assertion" && last) {
    lines.push(`raised by ${who(n)}`);
    const before = n >= 2 ? t.steps[n - 2]!.state : t.initial;
    if (t.model.footprint) {
      try {
        slots = Array.from(t.model.footprint(before, last.choice).reads);
      } catch {
        slots = [];
      }
    }
  } else if (v.kind === "invariant") {
    lines.push(last ? `broken by ${who(n)}` : "broken in the initial state");
    const inv = t.model.invariants.find((i) => i.name === v.name);
    slots = inv?.reads ? Array.from(inv.reads) : last ? last.changes.map((c) => c.slot) : [];
  } else if (v.kind === "stuck") {
    lines.push(`nothing can run after step ${n}`);
    const end = last ? last.state : t.initial;
    t.model.contexts.forEach((c, ci) => {
      if (t.model.isFinished(end, ci)) return;
      let at = 0;
      for (let i = n; i >= 1 && !at; i--) if (t.steps[i - 1]!.context === ci) at = i;
      lines.push(at ? `${c.name} (${c.kind}) waits after step ${at}: ${t.steps[at - 1]!.label}` : `${c.name} (${c.kind}) never ran`);
    });
  } else {
    lines.push(`every context finished after step ${n}; the end-of-run check failed`);
  }
  const end = v.kind === "assertion" ? n - 1 : n;
  for (const s of [...new Set(slots)].sort((a, b) => a - b)) {
    if (s < 0 || s >= t.model.stateSize || hidden.has(s)) continue;
    const at = lastChange(t, s, end);
    const val = displayValue(t, s, end);
    lines.push(at ? `${t.slotNames[s]} = ${val}, set at step ${at} by ${t.steps[at - 1]!.contextName} (${t.steps[at - 1]!.label})` : `${t.slotNames[s]} = ${val} since the start`);
  }
  return lines;
}

/** The racing steps in words, one line each: role, step, context, what it did and where it was called from. */
export function raceLines(v: TraceRows): string[] {
  const byIndex = new Map(v.steps.map((s) => [s.step.index, s] as const));
  return v.race.map((r) => {
    const s = byIndex.get(r.step)!;
    return `${r.role}: step ${r.step}, ${s.step.contextName}, ${withCallers(s.path, s.step.label)}${r.note ? ` (${r.note})` : ""}`;
  });
}

/**
 * What renderings print under the violation's first line: the racing steps when the model names
 * them (and the step that reported it, when that is another), else the generic explanation.
 */
export function violationLines(v: TraceRows): string[] {
  const t = v.trace;
  const why = explainViolation(t, v.hidden);
  if (!v.explained) return why.slice(1);
  const n = t.steps.length;
  const last = t.steps[n - 1];
  const reported = last && !v.race.some((r) => r.step === n) ? [`reported at step ${n}, ${last.contextName}, ${last.label}`] : [];
  return [...raceLines(v), ...reported];
}
