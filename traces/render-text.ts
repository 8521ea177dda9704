import type { AnnotatedTrace } from "./annotate.js";
import { textTable, wrapIndented, type TextRow } from "./columns.js";
import { explainViolation, violationLines } from "./explain.js";
import { traceShape } from "./shape.js";
import type { TraceMinimisation } from "./trace-file.js";
import { rowRange, viewTrace, type ViewOptions, type ViewRow } from "./view.js";

export interface RenderMeta extends ViewOptions {
  readonly scenario?: string;
  readonly minimisation?: TraceMinimisation;
  /** Text renderings: the widest a line may be (default 120). */
  readonly width?: number;
  /** Text renderings: colours for a terminal (default none). */
  readonly colours?: TextColours;
}

/** What the text rendering colours, when asked (the CLI passes picocolors' functions on a terminal). */
export interface TextColours {
  readonly role: (s: string) => string;
  readonly context: (s: string) => string;
  readonly dim: (s: string) => string;
  readonly violation: (s: string) => string;
}

/**
 * The trace as a person reads it in a terminal. By default the kernel's view: per step the context,
 * the label with its callers, the shared state it changed (the model's bookkeeping hidden), the
 * racing steps marked, and runs of steps that matter to no other context folded into one line;
 * then the violation with the steps that make it. `raw` shows every step and slot. Lines fit `width`.
 */
export function renderText(t: AnnotatedTrace, meta: RenderMeta = {}): string {
  const width = meta.width ?? 120;
  const c = meta.colours;
  const v = viewTrace(t, meta);
  const out: string[] = [];
  const title = meta.scenario ? `${meta.scenario} (model ${t.model.name})` : `model ${t.model.name}`;
  out.push(`${title}: ${t.violation ? t.violation.name : "no violation"}`);
  const folded = v.rows.filter((r) => r.kind === "fold").reduce((n, r) => n + (r.kind === "fold" ? r.steps.length : 0), 0);
  const how = v.raw ? "every step and slot" : `${folded ? `${folded} steps folded, ` : ""}${v.bookkeeping.size ? "bookkeeping hidden; --raw shows every step and slot" : ""}`.replace(/, $/, "");
  out.push(...wrapIndented(`${shapeLine(t, meta.minimisation)}${how ? `; ${how}` : ""}`, width, 2));
  const used = [...new Set(t.steps.map((x) => x.context))].sort((a, b) => a - b);
  out.push(...wrapIndented(`contexts: ${used.map((i) => `${t.model.contexts[i]?.name ?? `#${i}`} (${t.model.contexts[i]?.kind ?? "?"})`).join(", ")}`, width, 2));
  out.push("");
  const cols = [
    { head: "step", max: 7, right: true },
    { head: "context", max: 12 },
    { head: "race", max: 20 },
    { head: "does", max: width > 120 ? width : 48 },
    { head: "changes", max: 200 },
  ];
  // The race column names what the model named; a model without a trace view keeps the plain table.
  const hasRace = v.explained;
  const rows: TextRow[] = v.rows.map((r) => textRow(r, c));
  const table = textTable(hasRace ? cols : cols.filter((x) => x.head !== "race"), hasRace ? rows : rows.map((r) => ({ cells: r.cells.filter((_, i) => i !== 2), styles: r.styles?.filter((_, i) => i !== 2) })), width);
  out.push(...table);
  out.push("");
  const why = explainViolation(t, v.hidden);
  const head = `${t.violation ? "VIOLATION" : "NOTE"} ${why[0]}`;
  out.push(...wrapIndented(head, width, 2).map((l, i) => (i === 0 && c && t.violation ? c.violation(l) : l)));
  const lines = violationLines(v);
  for (const l of lines) out.push(...wrapIndented(`  ${l}`, width, 4));
  return out.join("\n");
}

function textRow(r: ViewRow, c: TextColours | undefined): TextRow {
  if (r.kind === "fold") {
    const first = r.steps[0]!.step;
    return { cells: [rowRange(r), `${first.contextName}`, "", r.text, ""], styles: [c?.dim, c?.context, undefined, c?.dim, undefined] };
  }
  const s = r.step;
  const changes = s.step.raised ? "(raises)" : s.changes.map((x) => `${x.name} ${x.before}→${x.after}`);
  return {
    cells: [String(s.step.index), s.step.contextName, s.roles.map((x) => x.role).join(", "), s.does, changes],
    styles: [undefined, c?.context, c?.role, undefined, undefined],
  };
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
