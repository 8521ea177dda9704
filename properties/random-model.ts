/**
 * Random small models for differential and metamorphic tests of the engine (BFS against DFS,
 * bounded against unbounded, reduced against full).
 *
 * ```ts
 * import fc from "fast-check";
 * import { check } from "../checker/index.js";
 * import { randomModelArb, randomModel } from "../properties/random-model.js";
 *
 * // As a fast-check arbitrary: failures shrink to a small spec, printed as JSON.
 * fc.assert(fc.property(randomModelArb({ maxContexts: 3 }), ({ spec, model }) => {
 *   const full = check(model, { stopAtFirst: false });
 *   const other = check(model, { strategy: "dfs", stopAtFirst: false });
 *   return full.verdict === other.verdict;
 * }));
 *
 * // As a plain seeded function: the same seed always gives the same model.
 * const { spec, model } = randomModel(42);
 * ```
 *
 * Every model has 2–4 contexts (threads, maybe an environment context and leveled interrupt
 * handlers), a few shared variables over a small domain, maybe locks, a semaphore and freeable
 * objects, straight-line or looping programs built from idioms (locked increments, racy
 * increments, nested locks in either order, spl sections, spins, nondeterministic branches,
 * guarded alternatives that another context's write enables and that disable each other),
 * invariants over shared variables or a mutual-exclusion region, and planted bugs (a critical
 * section without its lock, a release without an acquire, a second free, a use after free).
 * `footprint(state, choice)` is exact; see random-model-build.ts. The state space is finite.
 */
import fc from "fast-check";
import type { Model } from "../checker/index.js";
import { buildRandomModel } from "./random-model-build.js";
import { MAX_LEVEL, type ContextSpec, type Instr, type InvariantSpec, type RandomModelSpec } from "./random-model-spec.js";

export { buildRandomModel, layout, instrText, type Layout } from "./random-model-build.js";
export { specError, SEM_MAX, MAX_LEVEL, type ContextSpec, type Instr, type InvariantSpec, type Op, type RandomModelSpec } from "./random-model-spec.js";

export interface RandomModelOptions {
  /** 2..4 (default 2 and 4). */
  readonly minContexts?: number;
  readonly maxContexts?: number;
  /** Idioms per context program (default 3). More blocks, bigger state spaces. */
  readonly maxBlocks?: number;
  /** Allow interrupt handlers with levels and spl sections (default true). */
  readonly interrupts?: boolean;
  /** Allow cycles: programs that loop back to their start (never finishing) and spins (default true). Without, every run ends. */
  readonly loops?: boolean;
  /** Allow the nondeterministic `choose` branch: two choices of one context (default true). */
  readonly branches?: boolean;
  /**
   * Allow guarded alternatives (default true): "x_w = j may happen now, while x_v == k, or never".
   * Their taken choice is disabled until another context writes x_v, and taking either choice
   * disables the other: the states where C1 must count a disabled choice's reads.
   */
  readonly guards?: boolean;
  /** Relative weights of idioms, by name, over the defaults: a profile that aims at one kind of state. */
  readonly weights?: Readonly<Partial<Record<Block["t"], number>>>;
}

/**
 * A profile for soundness tests of the reductions: models that reach the deciding states. Three
 * contexts at most, no interrupts (whose scheduler slot makes most steps dependent), and more
 * guarded alternatives (C1 on disabled choices), nondeterministic branches of one context (sleep
 * sets on footprints without private slots) and private loops (cycles for the provisos).
 */
export const DECIDING_STATES: RandomModelOptions = Object.freeze({ maxContexts: 3, interrupts: false, weights: Object.freeze({ guarded: 6, set: 3, idle: 2, choose: 2 }) });

/** A generated model with the spec it was built from (print the spec to reproduce it). */
export interface RandomModel {
  readonly spec: RandomModelSpec;
  readonly model: Model;
}

/** One idiom of a program. Resource indices are reduced modulo what the model has. */
type Block =
  | { t: "critical"; l: number; v: number; bug: boolean }
  | { t: "nested"; l: number; m: number; v: number }
  | { t: "racy"; v: number }
  | { t: "add"; v: number }
  | { t: "set"; v: number; k: number }
  | { t: "P" }
  | { t: "V" }
  | { t: "free"; o: number }
  | { t: "use"; o: number }
  | { t: "spl"; k: number; v: number }
  | { t: "spin"; v: number; k: number }
  | { t: "idle" }
  | { t: "choose"; v: number; k: number }
  | { t: "guarded"; v: number; k: number; w: number; j: number }
  | { t: "release"; l: number }
  | { t: "acquire"; l: number };

interface Draft {
  domain: number;
  vars: number[];
  locks: number;
  semaphore: number | null;
  objects: number;
  contexts: { kind: ContextSpec["kind"]; level: number; blocks: Block[]; loop: boolean }[];
  invariants: { kind: "le" | "sum-le" | "ne"; v: number; w: number; k: number }[];
  mutex: number | null;
  terminal: number | null;
  /** Whether the first guarded alternative's set gets an invariant that it breaks. */
  guardInvariant: boolean;
}

const idx = fc.nat({ max: 3 });

function blockArb(o: Required<RandomModelOptions>): fc.Arbitrary<Block> {
  const idioms: [Block["t"], fc.Arbitrary<Block>, number][] = [
    // Increments, locked or not, weigh more: they are what lost updates and mutual exclusion need.
    ["critical", fc.record({ t: fc.constant("critical" as const), l: idx, v: idx, bug: fc.boolean() }), 4],
    ["racy", fc.record({ t: fc.constant("racy" as const), v: idx }), 3],
    ["add", fc.record({ t: fc.constant("add" as const), v: idx }), 2],
    ["set", fc.record({ t: fc.constant("set" as const), v: idx, k: idx }), 1],
    ["nested", fc.record({ t: fc.constant("nested" as const), l: idx, m: idx, v: idx }), 1],
    ["P", fc.record({ t: fc.constant("P" as const) }), 1],
    ["V", fc.record({ t: fc.constant("V" as const) }), 1],
    ["free", fc.record({ t: fc.constant("free" as const), o: idx }), 1],
    ["use", fc.record({ t: fc.constant("use" as const), o: idx }), 1],
    ["release", fc.record({ t: fc.constant("release" as const), l: idx }), 1],
    ["acquire", fc.record({ t: fc.constant("acquire" as const), l: idx }), 1],
  ];
  if (o.interrupts) idioms.push(["spl", fc.record({ t: fc.constant("spl" as const), k: fc.integer({ min: 1, max: MAX_LEVEL }), v: idx }), 1]);
  if (o.loops) idioms.push(["spin", fc.record({ t: fc.constant("spin" as const), v: idx, k: idx }), 1]);
  // A private loop: the ample set can pick it around a cycle and ignore the others (C3).
  if (o.loops) idioms.push(["idle", fc.record({ t: fc.constant("idle" as const) }), 1]);
  if (o.branches) idioms.push(["choose", fc.record({ t: fc.constant("choose" as const), v: idx, k: idx }), 1]);
  if (o.guards) idioms.push(["guarded", fc.record({ t: fc.constant("guarded" as const), v: idx, k: idx, w: idx, j: idx }), 2]);
  const weighted = idioms.map(([t, arbitrary, weight]) => ({ arbitrary, weight: o.weights[t] ?? weight })).filter((a) => a.weight > 0);
  return fc.oneof(...weighted);
}

function draftArb(o: Required<RandomModelOptions>): fc.Arbitrary<Draft> {
  const kind: fc.Arbitrary<ContextSpec["kind"]> = o.interrupts
    ? fc.constantFrom("thread" as const, "thread" as const, "interrupt" as const, "environment" as const)
    : fc.constantFrom("thread" as const, "environment" as const);
  return fc.record({
    domain: fc.integer({ min: 2, max: 4 }),
    vars: fc.array(idx, { minLength: 1, maxLength: 3 }),
    locks: fc.nat({ max: 2 }),
    semaphore: fc.option(fc.nat({ max: 1 }), { nil: null }),
    objects: fc.nat({ max: 1 }),
    contexts: fc.array(
      fc.record({
        kind,
        level: fc.integer({ min: 1, max: MAX_LEVEL }),
        blocks: fc.array(blockArb(o), { minLength: 1, maxLength: o.maxBlocks }),
        // One context in four loops, so most models still have runs that end and reach the end-of-run checks.
        loop: o.loops ? fc.nat({ max: 3 }).map((x) => x === 3) : fc.constant(false),
      }),
      { minLength: o.minContexts, maxLength: o.maxContexts },
    ),
    invariants: fc.array(fc.record({ kind: fc.constantFrom("le" as const, "sum-le" as const, "ne" as const), v: idx, w: idx, k: fc.nat({ max: 6 }) }), { maxLength: 2 }),
    mutex: fc.option(idx, { nil: null }),
    terminal: fc.option(idx, { nil: null }),
    guardInvariant: o.guards ? fc.boolean() : fc.constant(false),
  });
}

/** Turns a draft into a valid spec: indices reduced modulo the resources, idioms without their resource dropped. */
function finish(d: Draft): RandomModelSpec {
  const D = d.domain;
  const V = d.vars.length;
  const vars = d.vars.map((x) => x % D);
  const v = (x: number) => x % V;
  const contexts: ContextSpec[] = [];
  const regions = new Map<number, { ctx: number; from: number; to: number }[]>();
  /** Per variable: increments by contexts that always run, or -1 once anything else writes it. */
  const incs = vars.map(() => 0);
  const spoil = (x: number) => (incs[x] = -1);
  const bump = (x: number, irq: boolean) => (irq ? spoil(x) : incs[x]! >= 0 && incs[x]!++);
  const hasIrq = d.contexts.some((c) => c.kind === "interrupt");
  for (const [i, c] of d.contexts.entries()) {
    const irq = c.kind === "interrupt";
    const p: Instr[] = [];
    for (const b of c.blocks) {
      const at = p.length;
      switch (b.t) {
        case "critical": {
          if (d.locks === 0) break;
          const l = b.l % d.locks;
          const x = v(b.v);
          // The planted bug keeps the pcs where the lock would be taken and dropped, so the
          // mutual-exclusion region still lines up: those steps become jumps to the next pc.
          p.push(b.bug ? { op: "goto", to: at + 1 } : { op: "acquire", l }, { op: "load", v: x }, { op: "inc" }, { op: "store", v: x });
          p.push(b.bug ? { op: "goto", to: at + 5 } : { op: "release", l });
          const list = regions.get(l) ?? [];
          list.push({ ctx: i, from: at + 1, to: at + 5 });
          regions.set(l, list);
          bump(x, irq);
          break;
        }
        case "nested": {
          if (d.locks === 0) break;
          const l = b.l % d.locks;
          const m = b.m % d.locks;
          const x = v(b.v);
          if (l === m) p.push({ op: "acquire", l }, { op: "add", v: x }, { op: "release", l });
          else p.push({ op: "acquire", l }, { op: "acquire", l: m }, { op: "add", v: x }, { op: "release", l: m }, { op: "release", l });
          bump(x, irq);
          break;
        }
        case "racy":
          p.push({ op: "load", v: v(b.v) }, { op: "inc" }, { op: "store", v: v(b.v) });
          bump(v(b.v), irq);
          break;
        case "add":
          p.push({ op: "add", v: v(b.v) });
          bump(v(b.v), irq);
          break;
        case "set":
          p.push({ op: "set", v: v(b.v), k: b.k % D });
          spoil(v(b.v));
          break;
        case "P":
        case "V":
          if (d.semaphore !== null) p.push({ op: b.t });
          break;
        case "free":
        case "use":
          if (d.objects > 0) p.push({ op: b.t, o: b.o % d.objects });
          break;
        case "spl":
          if (!hasIrq || irq) break;
          p.push({ op: "spl", k: b.k }, { op: "add", v: v(b.v) }, { op: "spl", k: 0 });
          bump(v(b.v), irq);
          break;
        case "spin":
          p.push({ op: "jmpif", v: v(b.v), k: b.k % D, to: at });
          break;
        case "idle":
          // A handler must finish; in a thread, a private step and a choice to go round again or go on.
          if (!irq) p.push({ op: "inc" }, { op: "choose", to: at });
          break;
        case "choose":
          p.push({ op: "choose", to: at + 2 }, { op: "set", v: v(b.v), k: b.k % D });
          spoil(v(b.v));
          break;
        case "guarded": {
          // Not taken: skip the set. Taken (only while x_v == k): the set. The guard starts false
          // and the set changes its variable, so what decides is whether another context's write
          // comes before the not-taken choice.
          const gv = v(b.v);
          const gw = v(b.w);
          const k = (vars[gv]! + 1 + (b.k % (D - 1))) % D;
          const j = (vars[gw]! + 1 + (b.j % (D - 1))) % D;
          p.push({ op: "guarded", v: gv, k, to: at + 2 }, { op: "goto", to: at + 3 }, { op: "set", v: gw, k: j });
          spoil(gw);
          break;
        }
        case "release":
        case "acquire":
          if (d.locks > 0) p.push({ op: b.t, l: b.l % d.locks });
          break;
      }
    }
    if (p.length === 0) {
      p.push({ op: "add", v: 0 });
      bump(0, irq);
    }
    // Handlers never loop: a handler that spins forever would only hide the threads behind it.
    if (c.loop && !irq) p.push({ op: "goto", to: 0 });
    contexts.push({ kind: c.kind, level: c.level, program: p });
  }
  // Bounds sit near the top of the domain: an invariant that breaks on every run would hide the
  // end-of-run checks behind it.
  const invariants: InvariantSpec[] = d.invariants.map((inv) =>
    inv.kind === "sum-le"
      ? { kind: "sum-le", v: v(inv.v), w: v(inv.w), k: 2 * D - 2 - (inv.k % D) }
      : inv.kind === "le"
        ? { kind: "le", v: v(inv.v), k: D - 1 - (inv.k % 2) }
        : { kind: "ne", v: v(inv.v), k: inv.k % D },
  );
  // A guarded set that breaks an invariant makes the deciding state matter: the violation needs
  // the taken choice, which another context's write enables and the not-taken one disables.
  if (d.guardInvariant) aimGuard(contexts, vars, D, invariants);
  if (d.mutex !== null && d.locks > 0) {
    const list = regions.get(d.mutex % d.locks);
    if (list && new Set(list.map((r) => r.ctx)).size > 1) invariants.push({ kind: "mutex", regions: list });
  }
  let terminal: RandomModelSpec["terminal"] = null;
  if (d.terminal !== null) {
    // The first variable from the drawn one on that only increments touch, and at least one does.
    for (let j = 0; j < V && !terminal; j++) {
      const x = v(d.terminal + j);
      if (incs[x]! > 0) terminal = { v: x, k: (vars[x]! + incs[x]!) % D };
    }
  }
  return { domain: D, vars, locks: d.locks, semaphore: d.semaphore, objects: d.objects, contexts, invariants, terminal };
}

/**
 * Makes the first guarded alternative decide a violation (`guardInvariant`): its guard waits for
 * a value another context writes, its set writes a fresh variable nothing else touches, and an
 * invariant forbids that write. The violation then needs the taken choice, enabled by the other
 * context's write and disabled by the not-taken choice: the state C1 must not reduce. Edits
 * `contexts`, `vars` and `invariants` in place.
 */
function aimGuard(contexts: ContextSpec[], vars: number[], D: number, invariants: InvariantSpec[]): void {
  const i = contexts.findIndex((c) => c.program.some((x) => x.op === "guarded"));
  if (i < 0) return;
  const w = contexts
    .filter((_, j) => j !== i)
    .flatMap((o) => o.program)
    .find((y) => y.op === "set" || y.op === "add" || y.op === "store") as Extract<Instr, { op: "set" | "add" | "store" }> | undefined;
  if (!w) return;
  const program = contexts[i]!.program as Instr[];
  const at = program.findIndex((x) => x.op === "guarded");
  const fresh = vars.length;
  vars.push(0);
  program[at] = { ...(program[at] as Extract<Instr, { op: "guarded" }>), v: w.v, k: w.op === "set" ? w.k : (vars[w.v]! + 1) % D };
  program[at + 2] = { op: "set", v: fresh, k: 1 };
  invariants.push({ kind: "ne", v: fresh, k: 1 });
}

function withDefaults(o: RandomModelOptions): Required<RandomModelOptions> {
  const minContexts = Math.max(1, o.minContexts ?? 2);
  return {
    minContexts,
    maxContexts: Math.max(minContexts, o.maxContexts ?? 4),
    maxBlocks: Math.max(1, o.maxBlocks ?? 3),
    interrupts: o.interrupts ?? true,
    loops: o.loops ?? true,
    branches: o.branches ?? true,
    guards: o.guards ?? true,
    weights: o.weights ?? {},
  };
}

/** Arbitrary of specs only (cheap to print; build with buildRandomModel). */
export function randomModelSpecArb(options: RandomModelOptions = {}): fc.Arbitrary<RandomModelSpec> {
  return draftArb(withDefaults(options)).map(finish);
}

/** Arbitrary of built models with their specs. */
export function randomModelArb(options: RandomModelOptions = {}): fc.Arbitrary<RandomModel> {
  return randomModelSpecArb(options).map((spec) => printable(spec, buildRandomModel(spec)));
}

/** The same generator as a plain seeded function: one model per seed, reproducible. */
export function randomModelSpec(seed: number, options: RandomModelOptions = {}): RandomModelSpec {
  return fc.sample(randomModelSpecArb(options), { seed, numRuns: 1 })[0]!;
}

export function randomModel(seed: number, options: RandomModelOptions = {}): RandomModel {
  const spec = randomModelSpec(seed, options);
  return printable(spec, buildRandomModel(spec, `random-${seed}`));
}

/** fast-check prints a failing value; print the spec (a literal to paste into a test), not the closures. */
function printable(spec: RandomModelSpec, model: Model): RandomModel {
  return { spec, model, [fc.toStringMethod]: () => `{ spec: ${JSON.stringify(spec)} }` } as RandomModel;
}
