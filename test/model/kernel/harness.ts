import { composeKernelWith, type KernelScenarioSpec } from "../../../model/compose/compose.js";
import type { Kern } from "../../../model/kernel/structs.js";
import type { KernelModel } from "../../../model/runtime/kernel-model.js";
import type { ContextSpec, InitialSpec, KernelOptions } from "../../../model/compose/options.js";
import { KYU_STUBBED, BSD44 } from "../../../model/placements/index.js";

export interface Rig {
  readonly m: KernelModel;
  readonly K: Kern;
  readonly s: Int32Array;
}

/** One context alone (policy any, no peer), so running it is deterministic. */
export function rig(contexts: readonly ContextSpec[], initial: InitialSpec, options: KernelOptions = { flavor: "bsd44" }, call?: string): Rig {
  const spec: KernelScenarioSpec = { name: "rig", policy: "any", placement: { ...KYU_STUBBED, name: "rig" }, options, initial, contexts, peer: {} };
  const { model, kern } = composeKernelWith(spec, call ? { install: (K) => void K.contexts.push(K.k.thread("X", {}, (b) => void b.call(call).done())) } : undefined);
  const s = new Int32Array(model.stateSize);
  model.initial(s);
  return { m: model, K: kern, s };
}

/** Runs context `name` until it is done or back at its idle point; throws on a ModelAssertion. */
export function runToRest(r: Rig, name: string, limit = 500): void {
  const c = r.m.ctxs.find((x) => x.name === name)!;
  let steps = 0;
  do {
    r.m.step(r.s, c.id);
    if (++steps > limit) throw new Error(`${name} did not come to rest`);
  } while (!r.m.atRest(r.s, c));
}

/** Puts one segment in ipintrq. */
export function deliver(r: Rig, seg: number): void {
  r.s[r.K.ipq] = seg;
  r.s[r.K.ipqLen] = 1;
}

export { BSD44, KYU_STUBBED };
