import type { AnnotatedTrace } from "./annotate.js";
import { explainViolation, violationLines } from "./explain.js";
import { rowRange, viewTrace, type ViewOptions } from "./view.js";

/**
 * A Mermaid sequence diagram with one lane (participant) per context that takes part, in the
 * model's context order. The kernel's view, as in the text: each shown step a note over its lane
 * (bookkeeping hidden, runs that matter to no other context folded into one note), the racing
 * steps in an orange box with their role, the violation and the racing steps in words across all
 * lanes. GitHub renders it from a ```mermaid block.
 */
export function renderMermaid(t: AnnotatedTrace, opts: ViewOptions & { maxChanges?: number } = {}): string {
  const maxChanges = opts.maxChanges ?? 4;
  const v = viewTrace(t, opts);
  const used = [...new Set(t.steps.map((s) => s.context))].sort((a, b) => a - b);
  const lanes = used.length ? used : t.model.contexts.map((_, i) => i);
  const out = ["sequenceDiagram"];
  for (const c of lanes) {
    const info = t.model.contexts[c];
    out.push(`    participant c${c} as ${esc(info ? `${info.name} (${info.kind})` : `#${c}`)}`);
  }
  for (const r of v.rows) {
    if (r.kind === "fold") {
      out.push(`    Note over c${r.steps[0]!.step.context}: ${esc(`${rowRange(r)}. ${r.text}`)}`);
      continue;
    }
    const s = r.step;
    const changes = s.changes.slice(0, maxChanges).map((c) => `${c.name} ${c.before}→${c.after}`);
    if (s.changes.length > maxChanges) changes.push(`… ${s.changes.length - maxChanges} more`);
    const role = s.roles.map((x) => x.role.toUpperCase()).join(", ");
    const text = [`${s.step.index}. ${role ? `${role}: ` : ""}${s.does}`, ...(s.step.raised ? ["raises"] : changes)].map(esc).join("<br/>");
    if (role) out.push("    rect rgb(255, 224, 178)");
    out.push(`    Note over c${s.step.context}: ${text}`);
    if (role) out.push("    end");
  }
  const why = explainViolation(t, v.hidden);
  const span = lanes.length > 1 ? `c${lanes[0]},c${lanes[lanes.length - 1]}` : `c${lanes[0] ?? 0}`;
  out.push("    rect rgb(255, 220, 220)");
  out.push(`    Note over ${span}: ${[t.violation ? `VIOLATION ${why[0]}` : why[0]!, ...violationLines(v)].map(esc).join("<br/>")}`);
  out.push("    end");
  return out.join("\n");
}

/**
 * Mermaid treats ; and # as syntax and its notes accept a little HTML, so those characters
 * go in as Mermaid's #code; entities.
 */
export function esc(s: string): string {
  return s.replace(/[#;<>"&{}]/g, (ch) => `#${ch.charCodeAt(0)};`).replace(/\r?\n/g, " ");
}
