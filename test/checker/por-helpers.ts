import type { Footprint, Model } from "../../checker/index.js";
import { buildRandomModel, layout, type RandomModelSpec } from "../../properties/random-model.js";
import { successors } from "../../properties/random-model-build.js";

/**
 * Gives a random model the per-context footprints partial-order reduction needs. A random
 * model's step footprint depends only on its context's pc and on whether a handler is entering
 * (the ACTIVE slot), so the union over every pc and both ACTIVE cases is exact and complete.
 */
export function withContextFootprints(spec: RandomModelSpec, model: Model): Model {
  const per: Footprint[] = spec.contexts.map((ctx, i) => footprintAt(spec, model, i, Array.from({ length: ctx.program.length + 1 }, (_, pc) => pc)));
  return Object.assign(Object.create(model) as Model, { contextFootprint: (ctx: number) => per[ctx]! });
}

/**
 * As withContextFootprints, plus remainingFootprint: the union of the step footprints at every pc
 * reachable from the current one (both ACTIVE cases). A handler can fire again from its start,
 * so its remaining footprint is its whole program.
 */
export function withRemainingFootprints(spec: RandomModelSpec, model: Model): Model {
  const base = withContextFootprints(spec, model);
  const L = layout(spec);
  const memo = new Map<string, Footprint>();
  const empty: Footprint = { reads: [], writes: [] };
  const remaining = (state: Int32Array, i: number): Footprint => {
    const ctx = spec.contexts[i]!;
    if (ctx.kind === "interrupt") return base.contextFootprint!(i);
    const start = state[L.pc(i)]!;
    const key = `${i}:${start}`;
    const hit = memo.get(key);
    if (hit) return hit;
    const seen = new Set<number>();
    const todo = [start];
    while (todo.length > 0) {
      const pc = todo.pop()!;
      if (seen.has(pc) || pc >= ctx.program.length) continue;
      seen.add(pc);
      todo.push(...successors(ctx.program[pc]!, pc));
    }
    if (seen.size === 0) {
      memo.set(key, empty);
      return empty;
    }
    const f = footprintAt(spec, model, i, [...seen]);
    memo.set(key, f);
    return f;
  };
  return Object.assign(Object.create(base) as Model, { remainingFootprint: remaining });
}

/** A tiny model written as guarded commands: per context a list of steps over named slots. */
export interface Cmd {
  readonly guard?: (s: Int32Array) => boolean;
  readonly run: (s: Int32Array) => void;
  readonly reads: readonly number[];
  readonly writes: readonly number[];
}

/**
 * Builds a model from per-context step lists. Context i's pc is slot `pcBase + i`; a context
 * whose pc runs off its list is finished, unless `loop` sends it back to step 0.
 */
export function cmdModel(
  name: string,
  slots: number,
  ctxs: readonly { name: string; steps: readonly Cmd[]; loop?: boolean }[],
  invariants: Model["invariants"],
): Model {
  const pcBase = slots;
  const n = ctxs.length;
  const pcSlot = (i: number) => pcBase + i;
  return {
    name,
    stateSize: slots + n,
    contexts: ctxs.map((c) => ({ name: c.name, kind: "thread" as const })),
    maxChoices: n,
    initial() {},
    enabled(s, out) {
      let k = 0;
      for (let i = 0; i < n; i++) {
        const st = ctxs[i]!.steps[s[pcSlot(i)]!];
        if (st && (!st.guard || st.guard(s))) out[k++] = i;
      }
      return k;
    },
    contextOf: (c) => c,
    step(s, i) {
      const c = ctxs[i]!;
      c.steps[s[pcSlot(i)]!]!.run(s);
      const next = s[pcSlot(i)]! + 1;
      s[pcSlot(i)] = next === c.steps.length && c.loop ? 0 : next;
    },
    isFinished: (s, i) => s[pcSlot(i)]! >= ctxs[i]!.steps.length,
    invariants,
    footprint(s, i) {
      const st = ctxs[i]!.steps[s[pcSlot(i)]!];
      return { reads: [pcSlot(i), ...(st?.reads ?? [])], writes: st ? [pcSlot(i), ...st.writes] : [] };
    },
    contextFootprint(i) {
      const st = ctxs[i]!.steps;
      return { reads: [pcSlot(i), ...st.flatMap((x) => x.reads)], writes: [pcSlot(i), ...st.flatMap((x) => x.writes)] };
    },
    label: (s, i) => `${ctxs[i]!.name}@${s[pcSlot(i)]}`,
  };
}

/** The union of context i's step footprints at each of `pcs`, a handler entering or not. */
function footprintAt(spec: RandomModelSpec, model: Model, i: number, pcs: readonly number[]): Footprint {
  const L = layout(spec);
  const reads = new Set<number>();
  const writes = new Set<number>();
  const s = new Int32Array(L.size);
  for (const pc of pcs)
    for (const active of L.ACTIVE >= 0 ? [0, i + 1] : [0]) {
      s[L.pc(i)] = pc;
      if (L.ACTIVE >= 0) s[L.ACTIVE] = active;
      for (let c = 0; c < model.maxChoices; c++) {
        if (model.contextOf(c) !== i) continue;
        const f = model.footprint!(s, c);
        Array.from(f.reads).forEach((x) => reads.add(x));
        Array.from(f.writes).forEach((x) => writes.add(x));
      }
    }
  return { reads: [...reads], writes: [...writes] };
}

/** Slots 0 and 1 are x and y; the invariant "x = 1 implies y = 1" reads both. */
export function visibilityModel(): Model {
  return cmdModel(
    "visibility",
    2,
    [
      { name: "B", steps: [{ run: (s) => void (s[1] = 1), reads: [], writes: [1] }] },
      { name: "A", steps: [{ run: (s) => void (s[0] = 1), reads: [], writes: [0] }] },
    ],
    [{ name: "x-implies-y", reads: [0, 1], check: (s) => (s[0] === 1 && s[1] === 0 ? "x set before y" : null) }],
  );
}

/** A spins forever on a private slot; B's single step breaks the invariant (the ignoring problem). */
export function ignoringModel(): Model {
  return cmdModel(
    "ignoring",
    2,
    [
      { name: "A", loop: true, steps: [{ run: (s) => void (s[0] = 1 - s[0]!), reads: [0], writes: [0] }] },
      { name: "B", steps: [{ run: (s) => void (s[1] = 1), reads: [], writes: [1] }] },
    ],
    [{ name: "never-x", reads: [1], check: (s) => (s[1] === 1 ? "B ran" : null) }],
  );
}

/**
 * The model with footprints that name shared slots only: each context's private slots (its pc and
 * tmp) are left out, as the Model contract allows, unless an invariant reads them. Ample sets lose
 * nothing by it (other contexts never touch those slots); sleep sets can no longer tell from the
 * footprints that two choices of one context conflict, so they must take them as dependent.
 */
export function withSharedFootprints(spec: RandomModelSpec, model: Model): Model {
  const L = layout(spec);
  const seen = new Set(model.invariants.flatMap((i) => Array.from(i.reads ?? [])));
  const cut = new WeakMap<Footprint, Footprint>();
  const shared = (c: number, f: Footprint): Footprint => {
    const hit = cut.get(f);
    if (hit) return hit;
    const pc = L.pc(model.contextOf(c));
    const own = (x: number) => (x === pc || x === pc + 1) && !seen.has(x);
    const g = { reads: Array.from(f.reads).filter((x) => !own(x)), writes: Array.from(f.writes).filter((x) => !own(x)) };
    cut.set(f, g);
    return g;
  };
  return Object.assign(Object.create(model) as Model, { footprint: (s: Int32Array, c: number) => shared(c, model.footprint!(s, c)) });
}

/** A random spec as the reduced searches get it: context footprints over footprints of shared slots only (also a worker's model source). */
export function sharedFootprintModel(spec: RandomModelSpec): Model {
  return withContextFootprints(spec, withSharedFootprints(spec, buildRandomModel(spec)));
}
