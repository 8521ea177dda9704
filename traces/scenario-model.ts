import type { Model } from "../checker/index.js";
import { findScenario } from "../model/scenarios/index.js";
import { TraceError } from "./trace-error.js";
import type { TraceFile } from "./trace-file.js";

/** Builds the model a trace was recorded against, from the scenario registry. */
export function modelForTrace(trace: TraceFile): Model {
  const sc = findScenario(trace.scenario.name);
  if (!sc) throw new TraceError(`trace names scenario "${trace.scenario.name}", which this socheck does not have (see \`socheck list\`)`);
  // Parameterised scenarios read their parameters from build's argument; the others ignore it.
  return (sc.build as (p?: Readonly<Record<string, unknown>>) => Model)(trace.scenario.parameters);
}
