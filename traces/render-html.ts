import type { AnnotatedTrace } from "./annotate.js";
import { displayValue } from "./annotate.js";
import { explainViolation, raceLines, violationLines } from "./explain.js";
import { PAGE_SCRIPT } from "./html-script.js";
import { PAGE_STYLE } from "./html-style.js";
import type { RenderMeta } from "./render-text.js";
import { shapeLine } from "./render-text.js";
import { rowRange, viewTrace } from "./view.js";

/** What the page's script reads: everything pre-formatted, so the page needs no model code. */
interface PageData {
  readonly title: string;
  readonly shape: string;
  readonly contexts: readonly { name: string; kind: string }[];
  readonly lanes: readonly number[];
  readonly slots: readonly string[];
  /** Slot indices the model calls bookkeeping: hidden until the toggle shows them. */
  readonly bookkeeping: readonly number[];
  readonly initial: readonly string[];
  readonly steps: readonly {
    index: number;
    context: number;
    label: string;
    does: string;
    raised: boolean;
    changed: readonly number[];
    changes: readonly string[];
    state: readonly string[];
    /** Index of the fold row this step is in (kernel view), or -1. */
    fold: number;
  }[];
  readonly folds: readonly { range: string; context: number; text: string; first: number; last: number }[];
  /** The racing steps: step, role, and the line that explains it. */
  readonly race: readonly { step: number; role: string; text: string }[];
  readonly violation: { name: string; lines: readonly string[] } | null;
}

/**
 * A self-contained HTML page (inline style and script, nothing fetched at view time) in the kernel's
 * view: one lane per context across the full width (a fixed table layout, so up to five lanes fit
 * 1280 pixels), lane headers that stay in view, the racing steps highlighted and linked to each
 * other, runs that matter to no other context folded, and a state panel after the selected step.
 * A toggle shows the model's bookkeeping and every step; `#step-N` selects step N. Stable ids and
 * data- attributes let a browser test check it through its elements.
 */
export function renderHtml(t: AnnotatedTrace, meta: RenderMeta = {}): string {
  const v = viewTrace(t, { ...meta, raw: false });
  const used = [...new Set(t.steps.map((s) => s.context))].sort((a, b) => a - b);
  const fmt = (upTo: number) => Array.from({ length: t.model.stateSize }, (_, k) => displayValue(t, k, upTo));
  const foldOf = new Map<number, number>();
  const folds: PageData["folds"][number][] = [];
  for (const r of v.rows)
    if (r.kind === "fold") {
      for (const s of r.steps) foldOf.set(s.step.index, folds.length);
      folds.push({ range: rowRange(r), context: r.steps[0]!.step.context, text: r.text, first: r.steps[0]!.step.index, last: r.steps[r.steps.length - 1]!.step.index });
    }
  const lines = raceLines(v);
  const data: PageData = {
    title: `${meta.scenario ?? t.model.name}: ${t.violation ? t.violation.name : "no violation"}`,
    shape: shapeLine(t, meta.minimisation),
    contexts: t.model.contexts.map((c) => ({ name: c.name, kind: c.kind })),
    lanes: used.length ? used : t.model.contexts.map((_, i) => i),
    slots: t.slotNames,
    bookkeeping: [...v.bookkeeping],
    initial: fmt(0),
    steps: v.steps.map((s) => ({
      index: s.step.index,
      context: s.step.context,
      label: s.step.label,
      does: s.does,
      raised: s.step.raised,
      changed: s.step.changes.map((c) => c.slot),
      changes: s.step.changes.map((c) => `${c.name} ${c.before}→${c.after}`),
      state: fmt(s.step.index),
      fold: foldOf.get(s.step.index) ?? -1,
    })),
    folds,
    race: v.race.map((r, i) => ({ step: r.step, role: r.role, text: lines[i]! })),
    // The racing steps have their own linked list above the lanes; the banner keeps the rest.
    violation: t.violation ? { name: t.violation.name, lines: [explainViolation(t, v.hidden)[0]!, ...violationLines(v).slice(v.explained ? v.race.length : 0)] } : null,
  };
  // JSON inside <script> must not contain "</script>" or "<!--": escape every "<".
  const json = JSON.stringify(data).replace(/</g, "\\u003c");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(data.title)} — socheck trace</title>
<style>${PAGE_STYLE}</style>
</head>
<body>
<header>
<h1 id="title"></h1>
<p id="shape"></p>
<div id="violation" role="alert"></div>
<ol id="race"></ol>
</header>
<nav id="controls">
<button id="prev" type="button" title="previous step (←)">◀</button>
<input id="slider" type="range" min="0" value="0" aria-label="step">
<button id="next" type="button" title="next step (→)">▶</button>
<span id="position"></span>
<label><input id="raw" type="checkbox"> bookkeeping and every step</label>
<label><input id="show-state" type="checkbox" checked> state</label>
</nav>
<main>
<section id="lanes-box"><table id="lanes"><thead></thead><tbody></tbody></table></section>
<aside id="state-box"><h2 id="state-title"></h2><table id="state"><tbody></tbody></table></aside>
</main>
<script type="application/json" id="trace-data">${json}</script>
<script>${PAGE_SCRIPT}</script>
</body>
</html>
`;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
