import type { Model } from "../checker/index.js";
import { modelForTrace } from "./scenario-model.js";
import { validateTrace } from "./validate.js";
import { verifyTrace, type TraceVerdict } from "./verify.js";

/**
 * Validates a trace object and replays it against the current model (the registered scenario,
 * unless a model is given). What generated regression tests call.
 */
export function replayTrace(trace: unknown, model?: Model): TraceVerdict {
  const t = validateTrace(trace);
  return verifyTrace(model ?? modelForTrace(t), t);
}
