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

/** A bound as the user set it: the flag's name where there is one. */
const BOUND_WORDS: Record<string, string> = { time: "time-limit", memory: "memory-limit", preemptions: "preemption-bound", random: "random walks" };

export function describeBounds(r: CheckResult): string {
  return r.boundsHit.map((b) => BOUND_WORDS[b] ?? b).join(", ");
}

/**
 * What a search found, in words. A violation found by a search that a bound then cut says so:
 * what it found is real, but other properties may have been missed.
 */
export function describeGot(r: CheckResult): string {
  if (r.verdict === "violation") return `violation (${r.violations.map((v) => v.property).join(", ")})` + (isBounded(r) ? `, bounded by ${describeBounds(r)}` : "");
  if (r.verdict === "inconclusive") return `inconclusive (${r.boundsHit.join(", ")})`;
  return "safe (exhaustive)";
}

/** A violation row whose search a bound cut short. */
export function isBounded(r: CheckResult): boolean {
  return r.verdict === "violation" && r.boundsHit.length > 0;
}

/** The last column: ok, inconclusive (a bound left it open, which is not a wrong verdict) or MISMATCH. */
export function status(r: Row): "ok" | "inconclusive" | "MISMATCH" {
  return r.matches ? "ok" : r.result.verdict === "inconclusive" ? "inconclusive" : "MISMATCH";
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
    status(r),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => pad(c, widths[i]!)).join("  ").trimEnd();
  return [line(head), line(widths.map((w) => "-".repeat(w))), ...body.map(line)].join("\n");
}

export function formatMs(ms: number): string {
  return ms < 1000 ? `${ms.toFixed(0)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

/**
 * The summary under the table: how many verdicts were as expected, inconclusive or wrong, the
 * honest fine print on hashing (only for searches that store fingerprints: bitstate and random
 * walks say what they are instead), and a line when a bound cut a search that had found a violation.
 */
export function summary(rows: readonly Row[]): string {
  const ok = rows.filter((r) => r.matches).length;
  const open = rows.filter((r) => status(r) === "inconclusive").length;
  const wrong = rows.length - ok - open;
  const counts = `${ok}/${rows.length} verdicts as expected` + (open ? `, ${open} inconclusive` : "") + (wrong ? `, ${wrong} MISMATCH` : "");
  const hashed = rows.filter((r) => r.result.strategy !== "bitstate" && r.result.strategy !== "random");
  const fine: string[] = [];
  if (hashed.length > 0) {
    const maxStates = Math.max(0, ...hashed.map((r) => r.result.stats.states));
    const p = Math.max(0, ...hashed.map((r) => r.result.stats.collisionProbability));
    fine.push(`largest search ${maxStates.toLocaleString("en-US")} states, fingerprint collision probability <= ${p.toExponential(1)}`);
  }
  const walks = rows.filter((r) => r.result.strategy === "random");
  if (walks.length > 0) fine.push(`not a proof: ${walks[0]!.result.notes[0] ?? "random walks"}${walks.length > 1 ? " (first row)" : ""}`);
  const bits = rows.filter((r) => r.result.strategy === "bitstate");
  if (bits.length > 0) {
    const first = bits.find((r) => /hash factor/.test(r.result.notes.join(" "))) ?? bits[0]!;
    const factor = /hash factor [\d.]+|hash factor Infinity/.exec(first.result.notes.join(" "))?.[0] ?? "no fingerprints stored";
    const o = first.result.stats.omissions;
    const omitted = o ? `, ${o.kind === "estimate" ? "≈" : "≥"} ${o.states.toLocaleString("en-US")} states omitted` : "";
    fine.push(`not a proof: bitstate, ${factor}${omitted}${bits.length > 1 ? " (first row)" : ""}`);
  }
  const cut = rows.filter((r) => isBounded(r.result));
  const tail = cut.length > 0 ? `\n${cut.length} violation row(s) bounded (${cut.map((r) => r.scenario).join(", ")}): the search stopped early, so other properties may be missing` : "";
  return `${counts}; ${fine.join("; ")}${tail}`;
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
