import { Expander, fingerprintHex, ModelAssertion, replay, type Model, type ViolationKind } from "../checker/index.js";
import { simpler, traceShape } from "./shape.js";
import type { TraceMinimisation, TraceShape } from "./trace-file.js";

export interface MinimiseOptions {
  /** Search nodes (state, last context) the exact phase may visit in all, over every context subset. */
  readonly budget?: number;
  /** Skip the exact phase when more contexts than this take part (2^n subsets). */
  readonly maxContexts?: number;
  /** Which initial state the choices start from (Model.initialStates); the minimised run starts there too. */
  readonly initial?: number;
}

export interface Minimised {
  readonly choices: readonly number[];
  readonly original: TraceShape;
  readonly minimised: TraceShape;
  /** True when the exact phase ran to the end: no schedule with fewer contexts, or as few and fewer switches, breaks the property. */
  readonly optimal: boolean;
  /** For the trace file. */
  readonly record: TraceMinimisation;
}

interface Target {
  readonly kind: ViolationKind;
  readonly name: string;
}

/**
 * Makes a counterexample easier to read while the same property still breaks: first as few
 * contexts as possible, then as few context switches, never more steps than the original (BFS
 * already gives the fewest steps, so in practice the same number, told with fewer hand-offs).
 *
 * Exact phase: for every subset of the contexts taking part, smallest first, a cheapest-first search
 * over (state, last context) where a switch costs more than any number of steps, letting only that
 * subset run (the rest of the model still decides deadlock and termination). Budgeted; when the
 * budget runs out a greedy pass moves steps next to their context's neighbours instead.
 * Every candidate is confirmed by replay on the unmodified model before it is kept.
 */
export function minimise(model: Model, choices: readonly number[], opts: MinimiseOptions = {}): Minimised {
  const initial = opts.initial ?? 0;
  const r = replay(model, choices, initial);
  if (r.error || !r.violation) throw new Error(`minimise: the trace does not reach a violation${r.error ? ` (step ${r.error.step}: ${r.error.reason})` : ""}`);
  const target: Target = { kind: r.violation.kind, name: r.violation.name };
  const holds = (cs: readonly number[]) => {
    const x = replay(model, cs, initial);
    return !x.error && x.violation !== null && x.violation.kind === target.kind && x.violation.name === target.name;
  };
  const original = traceShape(model, choices);
  let best = [...choices];
  let bestShape = original;
  let budget = opts.budget ?? 200_000;
  const involved = [...new Set(choices.map((c) => model.contextOf(c)))].sort((a, b) => a - b);
  let optimal = involved.length <= (opts.maxContexts ?? 6);
  if (optimal) {
    outer: for (let k = 1; k <= involved.length; k++) {
      let found = false;
      for (const subset of subsets(involved, k)) {
        const res = cheapest(model, new Set(subset), target, budget, choices.length, initial);
        budget -= res.visited;
        if (res.choices && holds(res.choices)) {
          const sh = traceShape(model, res.choices);
          if (simpler(sh, bestShape) || !found) {
            if (simpler(sh, bestShape)) {
              best = res.choices;
              bestShape = sh;
            }
          }
          found = true;
        }
        if (res.exhausted) {
          optimal = false;
          break outer;
        }
      }
      if (found) break;
    }
  }
  if (!optimal) {
    const g = greedy(model, best, holds);
    if (simpler(traceShape(model, g), bestShape)) {
      best = g;
      bestShape = traceShape(model, g);
    }
  }
  return {
    choices: best,
    original,
    minimised: bestShape,
    optimal,
    record: { original: { ...original, choices: [...choices] }, minimised: bestShape, optimal },
  };
}

function* subsets(xs: readonly number[], k: number, start = 0, acc: number[] = []): Generator<number[]> {
  if (acc.length === k) {
    yield [...acc];
    return;
  }
  for (let i = start; i <= xs.length - (k - acc.length); i++) {
    acc.push(xs[i]!);
    yield* subsets(xs, k, i + 1, acc);
    acc.pop();
  }
}

/** Cost of a schedule: switches dominate steps. */
const SWITCH = 1 << 20;

/**
 * Cheapest-first search from the initial state, only `allowed` contexts stepping, for the target property.
 * Post-processing, not the checker's hot loop: nodes are plain objects and a binary heap, bounded by `budget`.
 */
function cheapest(model: Model, allowed: ReadonlySet<number>, target: Target, budget: number, maxSteps: number, initial: number): { choices: number[] | null; visited: number; exhausted: boolean } {
  const exp = new Expander(model);
  const init = new Int32Array(model.stateSize);
  exp.initial(init, initial);
  type Node = { state: Int32Array | null; last: number; cost: number; parent: Node | null; choice: number; goal: boolean };
  const heap: Node[] = [];
  const push = (n: Node) => {
    heap.push(n);
    let i = heap.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (heap[p]!.cost <= n.cost) break;
      heap[i] = heap[p]!;
      i = p;
    }
    heap[i] = n;
  };
  const pop = (): Node => {
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= heap.length) break;
        const c = l + 1 < heap.length && heap[l + 1]!.cost < heap[l]!.cost ? l + 1 : l;
        if (heap[c]!.cost >= last.cost) break;
        heap[i] = heap[c]!;
        i = c;
      }
      heap[i] = last;
    }
    return top;
  };
  const path = (n: Node) => {
    const out: number[] = [];
    for (let x: Node | null = n; x && x.parent; x = x.parent) out.push(x.choice);
    return out.reverse();
  };
  const done = new Map<string, number>();
  const enabled = new Int32Array(Math.max(1, model.maxChoices));
  let visited = 0;
  push({ state: init, last: -1, cost: 0, parent: null, choice: -1, goal: false });
  while (heap.length) {
    const n = pop();
    if (n.goal) return { choices: path(n), visited, exhausted: false };
    const s = n.state!;
    // Popped in (switches, steps) order, so a repeat is worth expanding only with fewer steps:
    // the step cap could cut the cheaper-in-switches but longer path short.
    const key = `${fingerprintHex(s)}:${n.last}`;
    const steps = n.cost % SWITCH;
    const prior = done.get(key);
    if (prior !== undefined && prior <= steps) continue;
    done.set(key, steps);
    if (++visited > budget) return { choices: null, visited, exhausted: true };
    const inv = exp.brokenInvariant(s);
    if (inv >= 0) {
      if (target.kind === "invariant" && model.invariants[inv]!.name === target.name) return { choices: path(n), visited, exhausted: false };
      continue;
    }
    const count = model.enabled(s, enabled);
    if (count === 0) {
      const d = exp.dead(s);
      if (d && d.kind === target.kind && d.finding.name === target.name) return { choices: path(n), visited, exhausted: false };
      continue;
    }
    if (steps >= maxSteps) continue;
    for (let i = 0; i < count; i++) {
      const c = enabled[i]!;
      const ctx = model.contextOf(c);
      if (!allowed.has(ctx)) continue;
      const cost = n.cost + 1 + (n.last >= 0 && ctx !== n.last ? SWITCH : 0);
      const next = Int32Array.from(s);
      try {
        model.step(next, c);
      } catch (e) {
        if (!(e instanceof ModelAssertion)) throw e;
        if (target.kind === "assertion" && e.property === target.name) push({ state: null, last: ctx, cost, parent: n, choice: c, goal: true });
        continue;
      }
      push({ state: next, last: ctx, cost, parent: n, choice: c, goal: false });
    }
  }
  return { choices: null, visited, exhausted: false };
}

/**
 * The fallback when the exact phase is over budget: move single steps next to a step of their
 * own context (earlier or later), or drop them, keeping any change that still breaks the property
 * and reads simpler. Quadratic in the trace length per round, each candidate one replay.
 */
function greedy(model: Model, start: readonly number[], holds: (cs: readonly number[]) => boolean): number[] {
  let cur = [...start];
  let shape = traceShape(model, cur);
  for (let round = 0; round < 50; round++) {
    let improved = false;
    for (let i = 0; i < cur.length && !improved; i++) {
      const ctx = model.contextOf(cur[i]!);
      const without = cur.slice(0, i).concat(cur.slice(i + 1));
      const candidates: number[][] = [without];
      for (let j = 0; j <= without.length; j++) {
        if (j === i) continue;
        const joins = (j > 0 && model.contextOf(without[j - 1]!) === ctx) || (j < without.length && model.contextOf(without[j]!) === ctx);
        if (joins) candidates.push([...without.slice(0, j), cur[i]!, ...without.slice(j)]);
      }
      for (const c of candidates) {
        const sh = traceShape(model, c);
        if (simpler(sh, shape) && holds(c)) {
          cur = c;
          shape = sh;
          improved = true;
          break;
        }
      }
    }
    if (!improved) break;
  }
  return cur;
}
