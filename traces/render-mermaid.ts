import type { AnnotatedTrace } from "./annotate.js";
import { explainViolation } from "./explain.js";

/**
 * A Mermaid sequence diagram with one lane (participant) per context that takes part, in the
 * model's context order; each step is a note over its lane, the violation a note across all lanes.
 * GitHub renders it from a ```mermaid block.
 */
export function renderMermaid(t: AnnotatedTrace, opts: { maxChanges?: number } = {}): string {
  const maxChanges = opts.maxChanges ?? 4;
  const used = [...new Set(t.steps.map((s) => s.context))].sort((a, b) => a - b);
  const lanes = used.length ? used : t.model.contexts.map((_, i) => i);
  const out = ["sequenceDiagram"];
  for (const c of lanes) {
    const info = t.model.contexts[c];
    out.push(`    participant c${c} as ${esc(info ? `${info.name} (${info.kind})` : `#${c}`)}`);
  }
  for (const s of t.steps) {
    const changes = s.changes.slice(0, maxChanges).map((c) => `${c.name} ${c.before}→${c.after}`);
    if (s.changes.length > maxChanges) changes.push(`… ${s.changes.length - maxChanges} more`);
    const text = [`${s.index}. ${s.label}`, ...(s.raised ? ["raises"] : changes)].map(esc).join("<br/>");
    out.push(`    Note over c${s.context}: ${text}`);
  }
  const why = explainViolation(t);
  const span = lanes.length > 1 ? `c${lanes[0]},c${lanes[lanes.length - 1]}` : `c${lanes[0] ?? 0}`;
  out.push("    rect rgb(255, 220, 220)");
  out.push(`    Note over ${span}: ${esc(t.violation ? `VIOLATION ${why[0]}` : why[0]!)}`);
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
