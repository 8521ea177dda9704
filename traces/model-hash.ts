import { createHash } from "node:crypto";
import type { Model } from "../checker/index.js";

export interface ModelHash {
  readonly hash: string;
  readonly hashOf: "signature" | "shape";
}

/**
 * The hash a trace stores so replay can tell the model changed since the trace was written.
 * Without a signature only the shape is hashed: that still catches a changed layout or context set,
 * and replay itself catches changed behaviour step by step.
 */
export function modelHash(model: Model): ModelHash {
  if (model.signature) return { hash: sha256(model.signature()), hashOf: "signature" };
  const shape = JSON.stringify({
    name: model.name,
    stateSize: model.stateSize,
    contexts: model.contexts.map((c) => [c.name, c.kind]),
    slotNames: model.slotNames ? model.slotNames() : null,
  });
  return { hash: sha256(shape), hashOf: "shape" };
}

function sha256(s: string): string {
  return createHash("sha256").update(s).digest("hex");
}
