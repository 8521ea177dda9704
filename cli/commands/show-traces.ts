import pc from "picocolors";
import type { CheckResult, Violation } from "../../checker/index.js";
import type { Expectation, Scenario } from "../../model/scenario.js";
import { annotate, renderText, type TextColours } from "../../traces/index.js";
import type { CheckFlags, CheckHooks } from "./check.js";

/** The widest a printed trace is, whatever the terminal: a counterexample pasted into a mail stays readable. */
export const MAX_WIDTH = 120;

/** A violation the scenario's source document did not call for: a safe scenario's, or a property it does not name. */
export function unexpected(e: Expectation, v: Pick<Violation, "property">): boolean {
  return e.verdict === "safe" || (e.properties !== undefined && e.properties.length > 0 && !e.properties.includes(v.property));
}

/** Terminal width for traces: the terminal's, at most MAX_WIDTH; MAX_WIDTH when not a terminal. */
export function traceWidth(out: NodeJS.WriteStream = process.stdout): number {
  return out.isTTY && out.columns ? Math.max(60, Math.min(MAX_WIDTH, out.columns)) : MAX_WIDTH;
}

/** Colours for a terminal (picocolors honours NO_COLOR, FORCE_COLOR and --no-color), or none. */
export function traceColours(out: NodeJS.WriteStream = process.stdout): TextColours | undefined {
  if (!out.isTTY || !pc.isColorSupported) return undefined;
  return { role: (s) => pc.bold(pc.red(s)), context: pc.cyan, dim: pc.dim, violation: (s) => pc.bold(pc.red(s)) };
}

/**
 * `socheck check` prints, under the table, the folded counterexample of every violation that was
 * not expected (SPIN writes its trail, TLC prints its error trace); `--show-traces` prints every one.
 */
export function showTracesHooks(flags: CheckFlags & { showTraces?: boolean }): CheckHooks {
  const found: { sc: Scenario; v: Violation }[] = [];
  return {
    afterScenario: (sc: Scenario, result: CheckResult) => {
      for (const v of result.violations) if (flags.showTraces || unexpected(sc.expected, v)) found.push({ sc, v });
    },
    afterAll: () => {
      if (flags.json) return;
      const width = traceWidth();
      const colours = traceColours();
      for (const { sc, v } of found) {
        const head = `counterexample: ${sc.name} ${v.property}${unexpected(sc.expected, v) ? " (not expected)" : ""}`;
        const text = renderText(annotate(sc.build(), v.choices), { scenario: sc.name, width, colours });
        process.stdout.write(`\n${colours ? pc.bold(head) : head}\n${text}\n`);
      }
    },
  };
}
