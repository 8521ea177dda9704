import type { AnnotatedTrace } from "./annotate.js";
import { explainViolation } from "./explain.js";
import { traceShape } from "./shape.js";
import type { TraceMinimisation } from "./trace-file.js";

export interface RenderMeta {
  readonly scenario?: string;
  readonly minimisation?: TraceMinimisation;
}

/**
 * The trace as a person reads it in a terminal: numbered steps, who ran (context and kind), the
 * `routine:location` label, only the slots that changed, then the violation in words.
 */
export function renderText(t: AnnotatedTrace, meta: RenderMeta = {}): string {
  const out: string[] = [];
  const title = meta.scenario ? `${meta.scenario} (model ${t.model.name})` : `model ${t.model.name}`;
  out.push(`${title}: ${t.violation ? t.violation.name : "no violation"}`);
  out.push(shapeLine(t, meta.minimisation));
  out.push("");
  const rows = t.steps.map((s) => [String(s.index), `${s.contextName} (${s.kind})`, s.label, s.raised ? "(raises)" : s.changes.map((c) => `${c.name} ${c.before}→${c.after}`).join(", ")]);
  const head = ["step", "context", "does", "changes"];
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padStart(w[0]!) : i === r.length - 1 ? c : c.padEnd(w[i]!))).join("  ").trimEnd();
  out.push(line(head));
  for (const r of rows) out.push(line(r));
  out.push("");
  const why = explainViolation(t);
  out.push(`${t.violation ? "VIOLATION" : "NOTE"} ${why[0]}`);
  for (const l of why.slice(1)) out.push(`  ${l}`);
  return out.join("\n");
}

export function shapeLine(t: AnnotatedTrace, m?: TraceMinimisation): string {
  const s = traceShape(t.model, t.steps.map((x) => x.choice));
  const now = `${plural(s.steps, "step")}, ${plural(s.contexts, "context")}, ${plural(s.switches, "context switch", "context switches")}`;
  if (!m) return now;
  const o = m.original;
  const same = o.steps === s.steps && o.switches === s.switches && o.contexts === s.contexts;
  return same
    ? `${now} (shortest found, already minimal${m.optimal ? "" : " as far as the minimiser searched"})`
    : `${now} after minimisation; shortest found: ${plural(o.steps, "step")}, ${plural(o.contexts, "context")}, ${plural(o.switches, "context switch", "context switches")}`;
}

export function plural(n: number, one: string, many = one + "s"): string {
  return `${n} ${n === 1 ? one : many}`;
}
