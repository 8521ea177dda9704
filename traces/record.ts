import { replay, type Model, type Violation } from "../checker/index.js";
import { modelHash } from "./model-hash.js";
import { TRACE_FORMAT_VERSION, type TraceFile, type TraceMinimisation } from "./trace-file.js";

export interface RecordOptions {
  readonly scenario: string;
  readonly parameters?: Readonly<Record<string, unknown>>;
  readonly search?: Readonly<Record<string, unknown>>;
  readonly minimisation?: TraceMinimisation;
}

/**
 * Builds the trace file for `choices`, which must drive `model` to `violation`: the choices are
 * replayed first so labels are the model's own and a schedule that does not reach the violation
 * is never written down as if it did.
 */
export function recordTrace(model: Model, choices: readonly number[], violation: Pick<Violation, "kind" | "property" | "message" | "initial">, opts: RecordOptions): TraceFile {
  const initial = violation.initial ?? 0;
  const r = replay(model, choices, initial);
  if (r.error) throw new Error(`cannot record a trace for ${model.name}: step ${r.error.step}: ${r.error.reason}`);
  if (!r.violation || r.violation.name !== violation.property)
    throw new Error(`cannot record a trace for ${model.name}: the choices reach ${r.violation ? r.violation.name : "no violation"}, not ${violation.property}`);
  const { hash, hashOf } = modelHash(model);
  return {
    socheckTrace: TRACE_FORMAT_VERSION,
    scenario: { name: opts.scenario, parameters: { ...(opts.parameters ?? {}) } },
    model: { name: model.name, hash, hashOf, contexts: model.contexts.map((c) => ({ name: c.name, kind: c.kind })) },
    ...(opts.search ? { search: { ...opts.search } } : {}),
    ...(initial > 0 ? { initial } : {}),
    steps: r.steps.map((s) => ({ choice: s.choice, context: model.contexts[s.context]?.name ?? `#${s.context}`, label: s.label })),
    violation: { kind: r.violation.kind, property: r.violation.name, message: r.violation.message },
    ...(opts.minimisation ? { minimisation: opts.minimisation } : {}),
    createdBy: "socheck 0.1.0",
  };
}
