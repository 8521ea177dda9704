import type { AnnotatedTrace } from "./annotate.js";
import { renderMermaid } from "./render-mermaid.js";
import { renderText, type RenderMeta } from "./render-text.js";

/** A Markdown page for a trace: the text rendering, then the Mermaid diagram (GitHub draws it). */
export function renderMarkdown(t: AnnotatedTrace, meta: RenderMeta = {}): string {
  const title = meta.scenario ?? t.model.name;
  return [
    `# ${title}: ${t.violation ? t.violation.name : "no violation"}`,
    "",
    "```text",
    renderText(t, meta),
    "```",
    "",
    "```mermaid",
    renderMermaid(t),
    "```",
    "",
  ].join("\n");
}
