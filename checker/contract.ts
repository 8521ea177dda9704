import { CONTEXT_KINDS, type Model } from "./model.js";
import { ModelError } from "./model-error.js";

/** Model's optional methods: each may be left out, and if given must be a function. */
const OPTIONAL_METHODS = [
  "stuck",
  "terminal",
  "writeSet",
  "footprint",
  "contextFootprint",
  "remainingFootprint",
  "footprintBefore",
  "schedulerSlots",
  "canonicalize",
  "symmetryEncoder",
  "slotNames",
  "formatSlot",
  "signature",
  "traceView",
] as const satisfies readonly (keyof Model)[];

/**
 * The parts of the Model contract that do not depend on a state, checked once before a search:
 * a positive stateSize, at least one context, a maxChoices that is a count, every choice id's
 * context in range (contextOf must not depend on the state, so every id can be asked up front),
 * and every optional method that is given a function.
 * What depends on the state (enabled's count and ids) is checked as it comes, in Expander.enabled.
 * A broken contract is a ModelError naming the method and the value, never a verdict: with
 * `contexts: []` every state counts as finished and the search says "safe"; with `stateSize: 0`
 * every state is the same one.
 */
export function checkModelShape(model: Model): void {
  const bad = (field: string, value: unknown, expected: string) => new ModelError(field, `is ${show(value)} (${expected})`, false, -1, "", false);
  if (!isCount(model.stateSize) || model.stateSize < 1) throw bad("stateSize", model.stateSize, "a positive integer: Int32 words per state");
  if (!Array.isArray(model.contexts) || model.contexts.length === 0) throw bad("contexts", model.contexts, "a non-empty array: who the choices belong to");
  model.contexts.forEach((c, i) => {
    if (typeof c?.name !== "string" || !(CONTEXT_KINDS as readonly unknown[]).includes(c.kind))
      throw bad(`contexts[${i}]`, c, `{ name, kind } with kind one of ${CONTEXT_KINDS.join(", ")}`);
  });
  if (!isCount(model.maxChoices)) throw bad("maxChoices", model.maxChoices, "a non-negative integer");
  if (model.initialStates !== undefined && !(isCount(model.initialStates) && model.initialStates >= 1))
    throw bad("initialStates", model.initialStates, "a positive integer: how many initial states");
  if (!Array.isArray(model.invariants)) throw bad("invariants", model.invariants, "an array");
  model.invariants.forEach((inv, i) => {
    if (typeof inv?.name !== "string" || typeof inv.check !== "function") throw bad(`invariants[${i}]`, inv, "{ name, check(state) }");
    if (inv.holds !== undefined && typeof inv.holds !== "function") throw bad(`invariants[${i}].holds`, inv.holds, "a function, or left out");
  });
  for (const m of ["initial", "enabled", "contextOf", "step", "isFinished", "label"] as const)
    if (typeof model[m] !== "function") throw bad(m, model[m], "a function");
  // An optional method that is there but not a function would fail deep in a search, as a TypeError.
  for (const m of OPTIONAL_METHODS) if (model[m] !== undefined && typeof model[m] !== "function") throw bad(m, model[m], "a function, or left out");
  const n = model.contexts.length;
  for (let c = 0; c < model.maxChoices; c++) {
    let ctx: unknown;
    try {
      ctx = model.contextOf(c);
    } catch (e) {
      throw ModelError.threw("contextOf", e, c);
    }
    if (!isCount(ctx) || (ctx as number) >= n) throw new ModelError("contextOf", `returned ${show(ctx)} for choice ${c} (a context index from 0 to ${n - 1})`, false, -1, "", false);
  }
}

/** The message for an enabled() that returned a bad count or wrote a bad choice id (Expander.enabled). */
export function badEnabled(n: unknown, out: Int32Array, maxChoices: number): ModelError {
  if (!isCount(n) || (n as number) > maxChoices)
    return new ModelError("enabled", `returned ${show(n)} (a count from 0 to maxChoices ${maxChoices})`, false);
  const i = out.findIndex((c, k) => k < (n as number) && (c < 0 || c >= maxChoices));
  return new ModelError("enabled", `wrote choice ${out[i]} at out[${i}] (choice ids run from 0 to maxChoices-1 = ${maxChoices - 1})`, false);
}

function isCount(v: unknown): boolean {
  return typeof v === "number" && Number.isInteger(v) && v >= 0;
}

function show(v: unknown): string {
  if (typeof v === "number" || typeof v === "boolean" || v === undefined || v === null) return String(v);
  if (typeof v === "string") return JSON.stringify(v);
  try {
    const s = JSON.stringify(v);
    return s.length > 60 ? s.slice(0, 57) + "..." : s;
  } catch {
    return typeof v;
  }
}
