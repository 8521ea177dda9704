import { existsSync, statSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { CheckResult, Violation } from "../../checker/index.js";
import type { Scenario } from "../../model/scenario.js";
import { annotate, renderText } from "../../traces/index.js";
import { describeExpected, describeGot, isBounded, type Row } from "../report.js";
import { UsageError } from "../usage-error.js";
import type { CheckFlags, CheckHooks } from "./check.js";
import { annotation } from "./ci-annotations.js";
import { junitXml, type JUnitCase } from "./ci-junit.js";

/** Where --ci writes its JUnit XML when no FILE is given. */
export const DEFAULT_JUNIT_FILE = "socheck-junit.xml";

/**
 * Commander gives `--ci [FILE]` the next word when it does not start with "-", which may be a
 * scenario name (`socheck check --ci racy-counter`). A FILE must end in .xml; anything else goes
 * back to the scenario names. (No stdout form: stdout carries the verdict table.)
 */
export function resolveCiArg(value: string | true, names: readonly string[]): { file: string; names: string[] } {
  if (value === true) return { file: DEFAULT_JUNIT_FILE, names: [...names] };
  if (/\.xml$/i.test(value)) return { file: value, names: [...names] };
  return { file: DEFAULT_JUNIT_FILE, names: [value, ...names] };
}

/**
 * `socheck check --ci [FILE]`: JUnit XML (one testcase per scenario; a failure element with the
 * verdict, the violation, its choices and the rendered trace) to FILE, and one GitHub annotation
 * per scenario whose verdict is not the expected one. Annotations go to stdout, or to stderr when
 * stdout carries --json. The exit code stays the CLI's.
 */
export function ciHooks(file: string, flags: CheckFlags): CheckHooks {
  const dir = dirname(resolve(file));
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`--ci: no directory "${dirname(file)}" to write ${file} in`);
  if (existsSync(file) && statSync(file).isDirectory()) throw new UsageError(`--ci: "${file}" is a directory, not a file`);
  const seen = new Map<string, { scenario: Scenario; traces: Map<Violation, string> }>();
  return {
    afterScenario: (sc: Scenario, result: CheckResult) => {
      const traces = new Map<Violation, string>();
      for (const v of result.violations) traces.set(v, traceText(sc, v));
      seen.set(sc.name, { scenario: sc, traces });
    },
    afterAll: (rows: readonly Row[], unchecked) => {
      const cases = rows.map((r) => testcase(r, seen.get(r.scenario)));
      // A model error is a failure of that scenario's test; what was never run is skipped.
      for (const u of unchecked ?? [])
        cases.push(
          !u.error
            ? { name: u.scenario.name, classname: `socheck.${u.scenario.group}`, seconds: 0, skipped: u.why }
            : { name: u.scenario.name, classname: `socheck.${u.scenario.group}`, seconds: 0, failure: { type: "model-error", message: u.why, body: u.why } },
        );
      const props: Record<string, string> = { strategy: rows[0]?.result.strategy ?? "bfs" };
      for (const k of ["maxStates", "maxDepth", "timeLimit", "preemptionBound", "seed", "walks"] as const) if (flags[k] !== undefined) props[k] = String(flags[k]);
      const xml = junitXml("socheck check", cases, props);
      try {
        writeFileSync(file, xml);
      } catch (e) {
        throw new UsageError(`--ci: cannot write ${file} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
      }
      const toStderr = flags.json === true;
      const lines = rows.flatMap((r) => annotationFor(r, seen.get(r.scenario)?.traces));
      if (lines.length > 0) (toStderr ? process.stderr : process.stdout).write(lines.join("\n") + "\n");
    },
  };
}

function traceText(sc: Scenario, v: Violation): string {
  try {
    return renderText(annotate(sc.build(), v.choices, v.initial), { scenario: sc.name });
  } catch (e) {
    // The counterexample is still worth reporting as choices if rendering fails.
    return `(trace not rendered: ${(e as Error).message})`;
  }
}

function violationLine(v: Violation): string {
  return `${v.property} (${v.kind}) after ${v.choices.length} steps: ${v.message}; choices [${v.choices.join(", ")}]`;
}

export function testcase(r: Row, info?: { scenario: Scenario; traces: Map<Violation, string> }): JUnitCase {
  const classname = `socheck.${info?.scenario.group ?? "scenario"}`;
  const seconds = r.result.stats.elapsedMs / 1000;
  const stats = `${r.result.stats.states} states, ${r.result.stats.transitions} transitions, ${r.result.exhaustive ? "exhaustive" : `not exhaustive (${r.result.boundsHit.join(", ") || "stopped at the first violation"})`}`;
  const details = r.result.violations.map((v) => `${violationLine(v)}\n\n${info?.traces.get(v) ?? ""}`).join("\n\n");
  const head = `expected ${describeExpected(r.expected)}, got ${describeGot(r.result)}`;
  if (r.matches) return { name: r.scenario, classname, seconds, out: [head, stats, details].filter(Boolean).join("\n") };
  return {
    name: r.scenario,
    classname,
    seconds,
    failure: { type: r.result.verdict, message: head, body: [head, stats, details].filter(Boolean).join("\n\n") },
    out: stats,
  };
}

export function annotationFor(r: Row, traces?: Map<Violation, string>): string[] {
  // A violation as expected, found by a search a bound then cut: right, but perhaps not all of it.
  if (r.matches && isBounded(r.result))
    return [annotation("warning", `socheck ${r.scenario}`, `expected ${describeExpected(r.expected)}, got ${describeGot(r.result)}: the search stopped early, so other properties may be missing`)];
  if (r.matches) return [];
  const head = `expected ${describeExpected(r.expected)}, got ${describeGot(r.result)}`;
  const v = r.result.violations[0];
  const body = v ? `${head}\n${violationLine(v)}\n\n${traces?.get(v) ?? ""}` : head;
  return [annotation(r.result.verdict === "inconclusive" ? "warning" : "error", `socheck ${r.scenario}`, body.trimEnd())];
}

/** Runs several features' hooks in turn (--trace-out and --ci together). */
export function mergeHooks(...all: CheckHooks[]): CheckHooks {
  return {
    afterScenario: async (sc, result) => {
      for (const h of all) await h.afterScenario?.(sc, result);
    },
    afterAll: async (rows, unchecked) => {
      for (const h of all) await h.afterAll?.(rows, unchecked);
    },
  };
}
