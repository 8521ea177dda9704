import { basename } from "node:path";
import { readTrace, TraceError, traceToTest } from "../../traces/index.js";
import { EXIT_OK, UsageError } from "../usage-error.js";

/** `socheck trace-to-test FILE`: prints an ava regression test that replays the trace. */
export function runTraceToTest(file: string, flags: { importFrom?: string }): number {
  try {
    const trace = readTrace(file);
    process.stdout.write(traceToTest(trace, { importFrom: flags.importFrom, source: basename(file) }));
    return EXIT_OK;
  } catch (e) {
    if (e instanceof TraceError) throw new UsageError(e.message);
    throw e;
  }
}
