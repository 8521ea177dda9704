import { basename } from "node:path";
import { ModelError, type Model } from "../../checker/index.js";
import { modelForTrace, readTrace, TraceError, traceToTest, verifyTrace, type TraceFile } from "../../traces/index.js";
import { loadScenarios } from "../load-scenarios.js";
import { EXIT_OK, EXIT_UNEXPECTED, UsageError } from "../usage-error.js";

/**
 * `socheck trace-to-test FILE`: prints an ava regression test that replays the trace. The trace is
 * replayed first: a test generated from a trace that does not reach its violation (a choice not
 * enabled, another scenario's trace, no steps) would pass or fail for the wrong reason, so it is
 * refused with the reason and exit 1, and nothing is printed on stdout.
 */
export async function runTraceToTest(file: string, flags: { importFrom?: string; load?: string[] }): Promise<number> {
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
  let verdict: ReturnType<typeof verifyTrace>;
  try {
    verdict = verifyTrace(model, trace);
  } catch (e) {
    if (e instanceof ModelError) throw new UsageError(`model error in scenario "${trace.scenario.name}": ${e.describe()}`);
    throw e;
  }
  if (verdict.status !== "confirmed") {
    process.stderr.write(`socheck: ${file}: not turned into a test: the trace does not show ${trace.violation.property}: ${verdict.reason}\n`);
    return EXIT_UNEXPECTED;
  }
  process.stdout.write(traceToTest(trace, { importFrom: flags.importFrom, source: basename(file) }));
  return EXIT_OK;
}
