import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { CheckResult } from "../../checker/index.js";
import type { Scenario } from "../../model/scenario.js";
import { annotate, minimise, recordTrace, renderHtml, renderMarkdown, serializeTrace } from "../../traces/index.js";
import { UsageError } from "../usage-error.js";
import type { CheckFlags, CheckHooks } from "./check.js";

/**
 * `socheck check --trace-out DIR`: for every counterexample, minimise it and write
 * NAME.PROPERTY.trace.json (the replayable file), .md (text and Mermaid) and .html (the page).
 */
export function traceOutHooks(dir: string, flags: CheckFlags): CheckHooks {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw new UsageError(`--trace-out: cannot create directory "${dir}" (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return {
    afterScenario: (sc: Scenario, result: CheckResult) => {
      for (const v of result.violations) {
        const model = sc.build();
        const m = minimise(model, v.choices, { initial: v.initial });
        const search: Record<string, unknown> = { strategy: result.strategy, exhaustive: result.exhaustive };
        if (flags.preemptionBound !== undefined) search.preemptionBound = flags.preemptionBound;
        if (flags.seed !== undefined) search.seed = flags.seed;
        if (sc.group === "user") search.load = flags.load ?? [];
        const trace = recordTrace(model, m.choices, v, { scenario: sc.name, search, minimisation: m.record });
        const base = join(dir, `${safe(sc.name)}.${safe(v.property)}`);
        const annotated = annotate(model, m.choices, v.initial);
        const meta = { scenario: sc.name, minimisation: m.record };
        writeOrFail(`${base}.trace.json`, serializeTrace(trace));
        writeOrFail(`${base}.trace.md`, renderMarkdown(annotated, meta));
        writeOrFail(`${base}.trace.html`, renderHtml(annotated, meta));
        const o = m.original;
        const n = m.minimised;
        process.stderr.write(
          `trace: ${base}.trace.json  ${v.property}, ${n.steps} steps, ${n.switches} switches, ${n.contexts} contexts` +
            (o.steps !== n.steps || o.switches !== n.switches || o.contexts !== n.contexts ? ` (as found: ${o.steps} steps, ${o.switches} switches, ${o.contexts} contexts)` : "") +
            "\n",
        );
      }
    },
  };
}

/** A file that cannot be written is a one-line error (exit 2), reported after the table. */
function writeOrFail(file: string, text: string): void {
  try {
    writeFileSync(file, text);
  } catch (e) {
    throw new UsageError(`--trace-out: cannot write ${file} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

function safe(s: string): string {
  return s.replace(/[^A-Za-z0-9._-]+/g, "_");
}
