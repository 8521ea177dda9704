import { writeFileSync } from "node:fs";
import { ModelError, type Model } from "../../checker/index.js";
import { annotate, minimise, modelForTrace, readTrace, renderHtml, renderMarkdown, renderMermaid, renderText, TraceError, verifyTrace, type TraceFile } from "../../traces/index.js";
import { loadScenarios } from "../load-scenarios.js";
import { traceColours, traceWidth } from "./show-traces.js";
import { EXIT_OK, EXIT_UNEXPECTED, UsageError } from "../usage-error.js";

export interface ReplayFlags {
  format?: string;
  out?: string;
  minimise?: boolean;
  raw?: boolean;
  load?: string[];
}

const FORMATS = ["text", "mermaid", "markdown", "html", "json"] as const;

/**
 * `socheck replay FILE`: re-executes a trace against the current model. Exit 0 when it still shows
 * its violation, 1 when it no longer does (saying at which step and why), 2 for a bad file.
 */
export async function runReplay(file: string, flags: ReplayFlags): Promise<number> {
  const format = flags.format ?? "text";
  if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format expects one of ${FORMATS.join(", ")}, got "${format}"`);
  let trace: TraceFile;
  let model: Model;
  try {
    trace = readTrace(file);
    const extra = flags.load ? await loadScenarios(flags.load) : [];
    const user = extra.find((s) => s.name === trace.scenario.name);
    model = user ? user.build() : modelForTrace(trace);
  } catch (e) {
    if (e instanceof TraceError) throw new UsageError(e.message);
    throw e;
  }
  try {
    return render(file, flags, format, trace, model);
  } catch (e) {
    if (e instanceof ModelError) throw new UsageError(`model error in scenario "${trace.scenario.name}": ${e.describe()}`);
    throw e;
  }
}

/** Replays, renders and writes; the model's own errors are caught by the caller. */
function render(file: string, flags: ReplayFlags, format: string, trace: TraceFile, model: Model): number {
  const verdict = verifyTrace(model, trace);
  let choices = verdict.replay.steps.map((s) => s.choice);
  let minimisation = trace.minimisation;
  if (flags.minimise && verdict.status === "confirmed") {
    const m = minimise(model, choices, { initial: trace.initial });
    choices = [...m.choices];
    // Keep the shape as first found, so both lengths still compare against the search's own trace.
    minimisation = trace.minimisation ? { ...m.record, original: trace.minimisation.original } : m.record;
  }
  const annotated = annotate(model, choices, trace.initial);
  const meta = { scenario: trace.scenario.name, minimisation, raw: flags.raw, width: flags.out ? undefined : traceWidth(), colours: flags.out ? undefined : traceColours() };
  let body: string;
  if (format === "json") body = JSON.stringify({ file, status: verdict.status, step: verdict.step, reason: verdict.reason, hashMatches: verdict.hashMatches, drift: verdict.drift }, null, 2) + "\n";
  else if (format === "mermaid") body = renderMermaid(annotated, { raw: flags.raw }) + "\n";
  else if (format === "markdown") body = renderMarkdown(annotated, meta);
  else if (format === "html") body = renderHtml(annotated, meta);
  else body = renderText(annotated, meta) + "\n";
  const head = verdict.status === "confirmed" ? `${file}: ${verdict.reason}` : `${file}: the trace no longer shows ${trace.violation.property}: ${verdict.reason}`;
  if (flags.out) {
    try {
      writeFileSync(flags.out, body);
    } catch (e) {
      throw new UsageError(`--out: cannot write ${flags.out} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    process.stdout.write(`${head}\nwrote ${flags.out}\n`);
  } else if (format === "json") {
    process.stdout.write(body);
  } else if (format === "text") {
    process.stdout.write(`${head}\n\n${body}`);
  } else {
    process.stderr.write(`${head}\n`);
    process.stdout.write(body);
  }
  return verdict.status === "confirmed" ? EXIT_OK : EXIT_UNEXPECTED;
}
