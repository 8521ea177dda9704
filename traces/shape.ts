import type { Model } from "../checker/index.js";
import type { TraceShape } from "./trace-file.js";

/** Steps, context switches (adjacent steps by different contexts) and distinct contexts of a schedule. */
export function traceShape(model: Model, choices: readonly number[]): TraceShape {
  let switches = 0;
  const seen = new Set<number>();
  let last = -1;
  for (const c of choices) {
    const ctx = model.contextOf(c);
    if (last >= 0 && ctx !== last) switches++;
    last = ctx;
    seen.add(ctx);
  }
  return { steps: choices.length, switches, contexts: seen.size };
}

/** Orders shapes as a reader prefers them: fewer contexts, then fewer switches, then fewer steps. */
export function simpler(a: TraceShape, b: TraceShape): boolean {
  if (a.contexts !== b.contexts) return a.contexts < b.contexts;
  if (a.switches !== b.switches) return a.switches < b.switches;
  return a.steps < b.steps;
}
