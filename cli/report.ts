import type { CheckResult } from "../checker/index.js";
import type { Expectation } from "../model/scenario.js";

/** One row of the verdict table. */
export interface Row {
  readonly scenario: string;
  readonly expected: Expectation;
  readonly result: CheckResult;
  readonly matches: boolean;
}

export function describeExpected(e: Expectation): string {
  return e.verdict === "safe" ? "safe" : `violation (${(e.properties ?? ["any"]).join("|")})`;
}

export function describeGot(r: CheckResult): string {
  if (r.verdict === "violation") return `violation (${r.violations.map((v) => v.property).join(", ")})`;
  if (r.verdict === "inconclusive") return `inconclusive (${r.boundsHit.join(", ")})`;
  return "safe (exhaustive)";
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + " ".repeat(n - s.length);
}

/** The table `socheck check` prints: scenario, expected, got, states, transitions, time, trace length. */
export function verdictTable(rows: readonly Row[]): string {
  const head = ["scenario", "expected", "got", "states", "transitions", "time", "trace", ""];
  // The expected properties (any of which counts) are in `socheck list`; the table keeps to the verdict so it fits a terminal.
  const body = rows.map((r) => [
    r.scenario,
    r.expected.verdict,
    describeGot(r.result),
    r.result.stats.states.toLocaleString("en-US"),
    r.result.stats.transitions.toLocaleString("en-US"),
    formatMs(r.result.stats.elapsedMs),
    r.result.violations.length ? String(Math.min(...r.result.violations.map((v) => v.choices.length))) : "-",
    r.matches ? "ok" : "MISMATCH",
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => pad(c, widths[i]!)).join("  ").trimEnd();
  return [line(head), line(widths.map((w) => "-".repeat(w))), ...body.map(line)].join("\n");
}

export function formatMs(ms: number): string {
  return ms < 1000 ? `${ms.toFixed(0)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

/** The summary line under the table, with the honest fine print on hashing. */
export function summary(rows: readonly Row[]): string {
  const ok = rows.filter((r) => r.matches).length;
  const maxStates = Math.max(0, ...rows.map((r) => r.result.stats.states));
  const p = Math.max(0, ...rows.map((r) => r.result.stats.collisionProbability));
  return `${ok}/${rows.length} verdicts as expected; largest search ${maxStates.toLocaleString("en-US")} states, fingerprint collision probability <= ${p.toExponential(1)}`;
}

/**
 * What the searches say about themselves (a reduction's caveats, bitstate's omission estimate, a
 * bound): every note of a single scenario; across several, the notes they all share, once.
 */
export function notesText(rows: readonly Row[]): string {
  if (rows.length === 0) return "";
  const notes = rows.length === 1 ? rows[0]!.result.notes : rows[0]!.result.notes.filter((n) => rows.every((r) => r.result.notes.includes(n)));
  return notes.map((n) => `note: ${n}\n`).join("");
}
