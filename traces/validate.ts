import { readFileSync } from "node:fs";
import { Ajv } from "ajv";
import { traceSchema } from "./schema.js";
import { TraceError } from "./trace-error.js";
import { TRACE_FORMAT_VERSION, type TraceFile } from "./trace-file.js";

const ajv = new Ajv({ allErrors: false, strict: true });
const validateSchema = ajv.compile<TraceFile>(traceSchema);

/** Parses and validates trace text; throws TraceError with one line naming what is wrong. */
export function parseTrace(text: string, where = "trace"): TraceFile {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new TraceError(`${where}: not JSON (${(e as Error).message.split("\n")[0]})`);
  }
  return validateTrace(data, where);
}

/** Validates an already-parsed value as a trace (the form a generated regression test embeds). */
export function validateTrace(data: unknown, where = "trace"): TraceFile {
  if (data !== null && typeof data === "object" && "socheckTrace" in data) {
    const v = (data as { socheckTrace: unknown }).socheckTrace;
    if (typeof v === "number" && v !== TRACE_FORMAT_VERSION)
      throw new TraceError(`${where}: trace format version ${v}, this socheck reads version ${TRACE_FORMAT_VERSION}`);
  }
  if (!validateSchema(data)) {
    const err = validateSchema.errors?.[0];
    const at = err?.instancePath ? err.instancePath : "(top level)";
    const extra = err?.keyword === "additionalProperties" ? ` "${(err.params as { additionalProperty: string }).additionalProperty}"` : "";
    throw new TraceError(`${where}: not a socheck trace: ${at} ${err?.message ?? "is invalid"}${extra}`);
  }
  return data as TraceFile;
}

export function readTrace(path: string): TraceFile {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new TraceError(`${path}: cannot read (${code === "ENOENT" ? "no such file" : code ?? (e as Error).message})`);
  }
  return parseTrace(text, path);
}

export function serializeTrace(t: TraceFile): string {
  return JSON.stringify(t, null, 2) + "\n";
}
