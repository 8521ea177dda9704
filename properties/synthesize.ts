import { check } from "../checker/index.js";
import { visitStates } from "./visit-states.js";
import { composeKernel, type KernelExtension, type KernelScenarioSpec } from "../model/compose/compose.js";
import { describeKernel } from "../model/runtime/describe.js";
import type { Placement, Protection, SiteProtection, WaitPolicy } from "../model/runtime/placement.js";

/**
 * Placement synthesis (issue 16 §2): which protections make a scenario safe, and which of those
 * are minimal. A candidate is a set of atoms added to a base placement: "site S takes lock L", "L
 * is recursive", "so_state updates are atomic", "wait site W releases held locks". Every subset of
 * the atoms up to a size is checked exhaustively (verdicts cached by placement), because safety
 * is not monotone: adding a lock can create a deadlock, so a superset of an unsafe set may be safe
 * and a superset of a safe one unsafe. A safe set is minimal when removing any one atom makes it
 * unsafe. Minimal sets are ranked by how much they serialise (the share of explored states in
 * which a synthesised lock is held), then by how many locks they spread the work over, then size.
 */

/** One protection the search may add. */
export type Atom =
  | { readonly kind: "site"; readonly site: string; readonly lock: string }
  | { readonly kind: "recursive"; readonly lock: string }
  | { readonly kind: "rmw-atomic" }
  | { readonly kind: "wait-release"; readonly wait: string };

export function atomText(a: Atom): string {
  switch (a.kind) {
    case "site":
      return `${a.site}: ${a.lock}`;
    case "recursive":
      return `${a.lock} recursive`;
    case "rmw-atomic":
      return "so_state atomic";
    case "wait-release":
      return `${a.wait}: release`;
  }
}

export interface SynthOptions {
  /** Locks the search may place (default one, "L"). */
  readonly locks?: readonly string[];
  /** Largest number of atoms in a candidate (default 3). */
  readonly maxSize?: number;
  /** Sites to consider (default: every site and region of the scenario's routines). */
  readonly sites?: readonly string[];
  /** Atoms (by text) every candidate must contain: "the code I have already locks these". */
  readonly require?: readonly string[];
  /** Start from no protection at all instead of the scenario's own placement. */
  readonly fromScratch?: boolean;
  readonly extensions?: readonly KernelExtension[];
}

export interface Candidate {
  readonly atoms: readonly string[];
  readonly placement: Placement;
  readonly verdict: "safe" | "violation" | "inconclusive";
  /** The first property a rejected candidate breaks, with its counterexample's length. */
  readonly property?: string;
  readonly traceLength?: number;
  readonly states: number;
}

export interface Minimal extends Candidate {
  /** Share of explored states in which some synthesised lock is held (0..1): lower serialises less. */
  readonly serialisation: number;
  readonly locksUsed: number;
}

export interface SynthResult {
  readonly scenario: string;
  readonly atoms: readonly string[];
  readonly checked: number;
  readonly cacheHits: number;
  readonly minimal: readonly Minimal[];
  /** Rejected candidates, counted by the property that rejected them, with the smallest example. */
  readonly rejected: readonly { property: string; count: number; example: Candidate }[];
  readonly maxSize: number;
  readonly elapsedMs: number;
}

export class SynthError extends Error {
  override readonly name = "SynthError";
}

/** The placement a set of atoms makes from `base`. */
export function placementOf(base: Placement, atoms: readonly Atom[], allLocks: readonly string[]): Placement {
  const sites: Record<string, SiteProtection> = { ...(base.sites ?? {}) };
  const locks: Record<string, { recursive?: boolean }> = { ...(base.locks ?? {}) };
  const waits: Record<string, WaitPolicy> = { ...(base.waits ?? {}) };
  for (const a of atoms) {
    if (a.kind === "site") {
      const had = sites[a.site];
      const list: Protection[] = had === undefined || had === "none" ? [] : Array.isArray(had) ? [...(had as Protection[])] : [had as Protection];
      list.push({ lock: a.lock });
      sites[a.site] = list.length === 1 ? list[0]! : list;
    }
    if (a.kind === "wait-release") waits[a.wait] = "release";
  }
  for (const l of allLocks)
    if (!(l in (base.locks ?? {})) && atoms.some((a) => a.kind === "site" && a.lock === l)) locks[l] = { recursive: atoms.some((a) => a.kind === "recursive" && a.lock === l) };
  const rmw = atoms.some((a) => a.kind === "rmw-atomic") ? "atomic" : base.rmw;
  return {
    name: `synth:${atoms.map(atomText).join(", ") || "nothing added"}`,
    ...(Object.keys(locks).length ? { locks } : {}),
    default: base.default ?? "spl",
    sites,
    waits,
    ...(rmw ? { rmw } : {}),
    ...(base.queues ? { queues: base.queues } : {}),
  };
}

/** Runs the synthesis on a kernel scenario. */
export function synthesize(spec: KernelScenarioSpec, opts: SynthOptions = {}): SynthResult {
  const t0 = performance.now();
  const locks = opts.locks ?? ["L"];
  const maxSize = opts.maxSize ?? 3;
  const base0 = spec.placement;
  const base: Placement = opts.fromScratch ? { name: "nothing", default: "none" } : base0;
  const model0 = composeKernel(spec, opts.extensions ?? []);
  const d = describeKernel(model0);
  const known = d.sites.map((s) => s.name);
  for (const s of opts.sites ?? []) if (!known.includes(s)) throw new SynthError(`synthesize: no site "${s}" in ${spec.name} (sites: ${known.join(", ")})`);
  // A lock the scenario's placement has already may be placed at more sites (one lock for every writer).
  const existing = new Set(Object.keys(opts.fromScratch ? {} : (base0.locks ?? {})));
  for (const l of locks) if (!existing.has(l) && d.locks.some((x) => x.name === l)) throw new SynthError(`synthesize: lock "${l}" is the kernel's own; name another`);
  // Sites under real spl need bsd-up; elsewhere a site left to "spl" is nothing, so locks are the only candidates.
  const sites = opts.sites ?? known;
  // Waits start held (the naive placement) when synthesising from scratch; releasing is an atom.
  const baseWaits: Record<string, WaitPolicy> = opts.fromScratch ? Object.fromEntries(d.waits.map((w) => [w.name, "hold" as WaitPolicy])) : { ...(base.waits ?? {}) };
  const start: Placement = { ...base, waits: baseWaits };
  const atoms: Atom[] = [];
  for (const l of locks) for (const s of sites) atoms.push({ kind: "site", site: s, lock: l });
  for (const l of locks) if (!existing.has(l)) atoms.push({ kind: "recursive", lock: l });
  if (model0.kernel.words.length > 0 && (start.rmw ?? "split") === "split") atoms.push({ kind: "rmw-atomic" });
  for (const w of d.waits) if (waitPolicy(start, w.name) !== "release") atoms.push({ kind: "wait-release", wait: w.name });
  const required = (opts.require ?? []).map((r) => {
    const a = atoms.findIndex((x) => atomText(x) === r);
    if (a < 0) throw new SynthError(`synthesize: --require "${r}" is not a candidate (candidates: ${atoms.map(atomText).join("; ")})`);
    return a;
  });

  const cache = new Map<string, Candidate>();
  let checked = 0;
  let hits = 0;
  const evaluate = (set: readonly number[]): Candidate => {
    const key = set.join(",");
    const hit = cache.get(key);
    if (hit) {
      hits++;
      return hit;
    }
    const as = set.map((i) => atoms[i]!);
    const placement = placementOf(start, as, locks);
    let c: Candidate;
    try {
      const r = check(composeKernel({ ...spec, placement }, opts.extensions ?? []));
      checked++;
      const v = r.violations[0];
      c = { atoms: as.map(atomText), placement, verdict: r.verdict, states: r.stats.states, ...(v ? { property: v.property, traceLength: v.choices.length } : {}) };
    } catch (e) {
      // A placement the kernel refuses (real spl outside bsd-up) is not a candidate at all.
      checked++;
      c = { atoms: as.map(atomText), placement, verdict: "violation", property: `refused: ${(e as Error).message}`, states: 0 };
    }
    cache.set(key, c);
    return c;
  };
  const meaningful = (set: readonly number[]): boolean => {
    const as = set.map((i) => atoms[i]!);
    const used = new Set(as.filter((a) => a.kind === "site").map((a) => (a as { lock: string }).lock));
    // A recursive flag or a released wait changes nothing without a lock placed.
    return as.every((a) => (a.kind === "recursive" ? used.has(a.lock) : a.kind === "wait-release" ? used.size > 0 : true));
  };
  const minimal: Minimal[] = [];
  const rejected = new Map<string, { property: string; count: number; example: Candidate }>();
  for (const set of subsets(atoms.length, maxSize, required)) {
    if (!meaningful(set)) continue;
    const c = evaluate(set);
    if (c.verdict !== "safe") {
      const p = c.property ?? c.verdict;
      const r = rejected.get(p);
      if (!r) rejected.set(p, { property: p, count: 1, example: c });
      else r.count++;
      continue;
    }
    // Minimal: every one-atom removal (keeping the required ones) is unsafe.
    const removable = set.filter((i) => !required.includes(i));
    const isMinimal = removable.every((i) => {
      const smaller = set.filter((j) => j !== i);
      return meaningful(smaller) ? evaluate(smaller).verdict !== "safe" : true;
    });
    if (isMinimal) {
      const m = composeKernel({ ...spec, placement: c.placement }, opts.extensions ?? []);
      const lockSlots = m.kernel.locks.filter((l) => locks.includes(l.name)).map((l) => l.owner);
      minimal.push({ ...c, serialisation: heldShare(m, lockSlots), locksUsed: new Set(set.map((i) => atoms[i]!).filter((a) => a.kind === "site").map((a) => (a as { lock: string }).lock)).size });
    }
  }
  minimal.sort((a, b) => a.serialisation - b.serialisation || b.locksUsed - a.locksUsed || a.atoms.length - b.atoms.length);
  return {
    scenario: spec.name,
    atoms: atoms.map(atomText),
    checked,
    cacheHits: hits,
    minimal,
    rejected: [...rejected.values()].sort((a, b) => b.count - a.count),
    maxSize,
    elapsedMs: performance.now() - t0,
  };
}

function waitPolicy(p: Placement, w: string): WaitPolicy {
  return p.waits?.[w] ?? "release";
}

/** Every subset of 0..n-1 with at most k elements beyond the required ones, smallest first. */
function* subsets(n: number, k: number, required: readonly number[]): Generator<number[]> {
  const free = Array.from({ length: n }, (_, i) => i).filter((i) => !required.includes(i));
  for (let size = 0; size <= k; size++) {
    const idx = Array.from({ length: size }, (_, i) => i);
    if (size > free.length) return;
    for (;;) {
      yield [...required, ...idx.map((i) => free[i]!)].sort((a, b) => a - b);
      let j = size - 1;
      while (j >= 0 && idx[j] === free.length - size + j) j--;
      if (j < 0) break;
      idx[j]!++;
      for (let q = j + 1; q < size; q++) idx[q] = idx[q - 1]! + 1;
    }
  }
}

/** The share of reachable states in which any of `owners` is held: how much the placement serialises. */
function heldShare(m: ReturnType<typeof composeKernel>, owners: readonly number[]): number {
  let held = 0;
  const r = visitStates(m, (s) => {
    if (owners.some((o) => s[o] !== 0)) held++;
  });
  return r.states === 0 ? 0 : held / r.states;
}
