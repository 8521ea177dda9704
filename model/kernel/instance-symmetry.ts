import { runtimeValueKinds, V_TAG, type SymmetryGroup, type SymmetryInstance } from "../runtime/canonicalize.js";
import type { KernelModel } from "../runtime/kernel-model.js";
import type { ContextSpec } from "../compose/options.js";
import { SEG_INSTANCE_SHIFT } from "./constants.js";
import { IPQ_MAX, type Kern } from "./structs.js";

/**
 * The symmetry group of independent connection instances (reduction.md §5): connection i with the
 * application contexts that use it. Instances are interchangeable only when each has the same
 * contexts (role, program, priority) in the same order and the composition added nothing aimed at
 * one of them (an extension's hooks apply to the primary alone, so the caller passes none then).
 * Returns null when they are not alike, and the model keeps no canonical form.
 */
export function connectionSymmetry(model: KernelModel, conns: readonly Kern[], specs: readonly ContextSpec[]): SymmetryGroup | null {
  if (conns.length < 2) return null;
  const K = conns[0]!;
  const k = K.k;
  const byConn = conns.map((_, i) => specs.map((s, j) => ({ s, j })).filter(({ s }) => s.role === "app" && (s.connection ?? 0) === i));
  const shape = (x: { s: ContextSpec }[]) => JSON.stringify(x.map(({ s }) => [s.program ?? "close", s.priority ?? 0]));
  if (byConn.some((x) => shape(x) !== shape(byConn[0]!))) return null;

  const instrs = model.instrs;
  const ownRoutine = new Map<string, number>();
  for (let i = 1; i < conns.length; i++) for (const r of k.allRoutines()) if (r.name.endsWith(conns[i]!.sfx)) ownRoutine.set(r.name, i);
  // The primary's routines are the ones instance 1 has a suffixed copy of.
  for (const r of k.allRoutines()) if (ownRoutine.get(r.name + conns[1]!.sfx) === 1) ownRoutine.set(r.name, 0);
  const instances: SymmetryInstance[] = conns.map((c, i) => {
    const ctxs = byConn[i]!.map(({ j }) => K.contexts[j]!);
    const mains = new Set(ctxs.map((x) => instrs[x.entry]!.routine));
    const slots: number[] = [];
    for (let s = c.so.alive; s <= c.peerData; s++) slots.push(s);
    for (const x of ctxs) for (let s = x.pc; s <= x.fReady; s++) slots.push(s);
    const objects: number[] = [];
    for (let o = c.so.id; o <= c.tp.id; o++) objects.push(o);
    const channels: number[] = [];
    for (let ch = c.rcv.chan.id; ch <= c.timeoChan.id; ch++) channels.push(ch);
    const mark = `connection ${i}:`;
    const pcs = instrs.filter((x) => ownRoutine.get(x.routine) === i || mains.has(x.routine) || x.label.startsWith(mark)).map((x) => x.index);
    return { slots, contexts: ctxs.map((x) => x.id), objects, channels, pcs };
  });
  const kinds = runtimeValueKinds(k);
  // Segments name their connection: the input queue, and r0 of every context (the segment being input).
  for (let q = 0; q < IPQ_MAX; q++) kinds[K.ipq + q] = V_TAG;
  for (const c of K.contexts) if (!instances.some((x) => x.contexts.includes(c.id))) kinds[c.r0] = V_TAG;
  return { instances, kinds, tagShift: SEG_INSTANCE_SHIFT };
}
