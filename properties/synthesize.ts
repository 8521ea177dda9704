import { check, type Model } from "../checker/index.js";
import { visitStates } from "./visit-states.js";
import { composeKernel, type KernelExtension, type KernelScenarioSpec } from "../model/compose/compose.js";
import { calloutExtension, type CalloutSpec } from "../model/callout/compose.js";
import { describeKernel } from "../model/runtime/describe.js";
import type { Placement, WaitPolicy } from "../model/runtime/placement.js";
import { atomText, calloutAtoms, calloutsOf, lockOf, meaningfulAtoms, placementOf, type Atom } from "./synth-atoms.js";
import { coverage, keepCounterexample, refuteByReplay, type KnownCounterexample } from "./synth-replay.js";

export { atomText, placementOf, type Atom } from "./synth-atoms.js";

/**
 * Placement synthesis (issue 16 §2): which protections make a scenario safe, and which of those
 * are minimal. A candidate is a set of atoms added to a base placement: "site S takes lock L", "L
 * is recursive", "so_state updates are atomic", "wait site W releases held locks", and on a
 * scenario with callouts the callout fixes (synth-atoms.ts). Every subset of the atoms up to a size
 * gets a verdict (cached by subset), because safety is not monotone: adding a lock can create a
 * deadlock, so a superset of an unsafe set may be safe and a superset of a safe one unsafe. A
 * verdict is "safe" only from an exhaustive search; "unsafe" from a search's counterexample or
 * from replaying a counterexample already known (synth-replay.ts), which is concrete and so
 * sound. A safe set is minimal when removing any one atom makes it unsafe. Minimal sets are ranked
 * by how much they serialise (the share of explored states in which each synthesised lock is
 * held, averaged over the locks), then by how many locks they spread the work over, then size.
 */

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
  /** The scenario's callouts (model/callout): the wheel is composed in, and the callout fixes become candidates. */
  readonly callouts?: CalloutSpec;
  /** Refute candidates by replaying known counterexamples, and try first those that touch their racing sites (default true). */
  readonly guided?: boolean;
}

/** How a rejected candidate was shown unsafe: the counterexample's choices from initial state `initial`. */
export interface Counterexample {
  readonly choices: readonly number[];
  readonly initial: number;
  /** "search": the exhaustive search found it; "replay": a counterexample of another candidate replayed to a violation here. */
  readonly by: "search" | "replay";
}

export interface Candidate {
  readonly atoms: readonly string[];
  readonly placement: Placement;
  /** The callout spec the candidate runs with, on a scenario with callouts (a callout fix changes the variant). */
  readonly callouts?: CalloutSpec;
  readonly verdict: "safe" | "violation" | "inconclusive";
  /** The property a rejected candidate breaks, with its counterexample. */
  readonly property?: string;
  readonly traceLength?: number;
  readonly counterexample?: Counterexample;
  /** States the exhaustive search explored (0 for a candidate refuted by replay). */
  readonly states: number;
}

export interface Minimal extends Candidate {
  /** Share of explored states in which each synthesised lock is held, averaged over the locks (0..1): lower serialises less. */
  readonly serialisation: number;
  readonly locksUsed: number;
}

export interface SynthResult {
  readonly scenario: string;
  readonly atoms: readonly string[];
  /** Distinct candidates given a verdict: by exhaustive search plus by replay. */
  readonly checked: number;
  /** Candidates decided by an exhaustive search. */
  readonly searched: number;
  /** Candidates refuted by replaying a counterexample found for another candidate. */
  readonly refutedByReplay: number;
  readonly cacheHits: number;
  readonly minimal: readonly Minimal[];
  /** Rejected candidates, counted by the property that rejected them, with the smallest example. */
  readonly rejected: readonly { property: string; count: number; example: Candidate }[];
  /** Every rejected candidate, each with its counterexample. */
  readonly rejectedCandidates: readonly Candidate[];
  /** Candidates the kernel refuses to build (not placements at all), or whose search was not exhaustive. */
  readonly refused: readonly { atoms: readonly string[]; reason: string }[];
  readonly maxSize: number;
  readonly elapsedMs: number;
}

export class SynthError extends Error {
  override readonly name = "SynthError";
}

/** Runs the synthesis on a kernel scenario. */
export function synthesize(spec: KernelScenarioSpec, opts: SynthOptions = {}): SynthResult {
  const t0 = performance.now();
  const locks = opts.locks ?? ["L"];
  const maxSize = opts.maxSize ?? 3;
  const guided = opts.guided ?? true;
  const base0 = spec.placement;
  const base: Placement = opts.fromScratch ? { name: "nothing", default: "none" } : base0;
  const extensionsFor = (as: readonly Atom[]): KernelExtension[] => [...(opts.extensions ?? []), ...(opts.callouts ? [calloutExtension(calloutsOf(opts.callouts, as))] : [])];
  const model0 = composeKernel(spec, extensionsFor([]));
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
  if (opts.callouts) atoms.push(...calloutAtoms(opts.callouts, locks));
  const required = (opts.require ?? []).map((r) => {
    const a = atoms.findIndex((x) => atomText(x) === r);
    if (a < 0) throw new SynthError(`synthesize: --require "${r}" is not a candidate (candidates: ${atoms.map(atomText).join("; ")})`);
    return a;
  });

  const cache = new Map<string, Candidate>();
  const refused: { atoms: readonly string[]; reason: string }[] = [];
  // Counterexamples the searches found, most recently useful first.
  const pool: KnownCounterexample[] = [];
  let searched = 0;
  let refutedByReplay = 0;
  let hits = 0;
  const sitesOf = (set: readonly number[]) => new Set(set.map((i) => atoms[i]!).flatMap((a) => (a.kind === "site" ? [a.site] : [])));
  const evaluate = (set: readonly number[]): Candidate => {
    const key = set.join(",");
    const hit = cache.get(key);
    if (hit) {
      hits++;
      return hit;
    }
    const as = set.map((i) => atoms[i]!);
    const placement = placementOf(start, as, locks);
    const callouts = opts.callouts ? calloutsOf(opts.callouts, as) : undefined;
    const head = { atoms: as.map(atomText), placement, ...(callouts ? { callouts } : {}) };
    let c: Candidate;
    let m: Model;
    try {
      m = composeKernel({ ...spec, placement }, extensionsFor(as));
    } catch (e) {
      // A placement the kernel refuses (real spl outside bsd-up) is not a candidate at all.
      c = { ...head, verdict: "inconclusive", states: 0 };
      refused.push({ atoms: head.atoms, reason: (e as Error).message });
      cache.set(key, c);
      return c;
    }
    const replayed = guided ? refuteByReplay(m, pool, sitesOf(set)) : null;
    if (replayed) {
      refutedByReplay++;
      c = { ...head, verdict: "violation", property: replayed.property, traceLength: replayed.choices.length, counterexample: { choices: replayed.choices, initial: replayed.initial, by: "replay" }, states: 0 };
    } else {
      const r = check(m);
      searched++;
      const v = r.violations[0];
      c = {
        ...head,
        verdict: r.verdict,
        states: r.stats.states,
        ...(v ? { property: v.property, traceLength: v.choices.length, counterexample: { choices: v.choices, initial: v.initial ?? 0, by: "search" as const } } : {}),
      };
      if (v && guided) {
        const kept = keepCounterexample(m, v, d.sites);
        if (kept) pool.unshift(kept);
      }
      if (!v && r.verdict !== "safe") refused.push({ atoms: head.atoms, reason: `search ${r.verdict}` });
    }
    cache.set(key, c);
    return c;
  };
  const meaningful = (set: readonly number[]): boolean => meaningfulAtoms(set.map((i) => atoms[i]!));
  const minimal: Minimal[] = [];
  const rejectedCandidates: Candidate[] = [];
  const rejected = new Map<string, { property: string; count: number; example: Candidate }>();
  for (let size = 0; size <= maxSize; size++) {
    const sets = [...subsetsOfSize(atoms.length, size, required)].filter(meaningful);
    // Candidates that protect a site some known counterexample races under first: they are the ones
    // that can be safe, and their counterexamples (new races) refute the rest by replay.
    if (guided) sets.sort((a, b) => coverage(pool, sitesOf(b)) - coverage(pool, sitesOf(a)));
    for (const set of sets) {
      const c = evaluate(set);
      if (c.verdict !== "safe") {
        if (!c.property) continue;
        rejectedCandidates.push(c);
        const r = rejected.get(c.property);
        if (!r) rejected.set(c.property, { property: c.property, count: 1, example: c });
        else {
          r.count++;
          if (c.atoms.length < r.example.atoms.length) r.example = c;
        }
        continue;
      }
      // Minimal: every one-atom removal (keeping the required ones) is unsafe.
      const removable = set.filter((i) => !required.includes(i));
      const isMinimal = removable.every((i) => {
        const smaller = set.filter((j) => j !== i);
        return meaningful(smaller) ? evaluate(smaller).verdict !== "safe" : true;
      });
      if (isMinimal) {
        const as = set.map((i) => atoms[i]!);
        const m = composeKernel({ ...spec, placement: c.placement }, extensionsFor(as));
        const used = new Set(as.map(lockOf).filter((l): l is string => l !== undefined));
        const lockSlots = m.kernel.locks.filter((l) => used.has(l.name)).map((l) => l.owner);
        minimal.push({ ...c, serialisation: meanHeldShare(m, lockSlots), locksUsed: used.size });
      }
    }
  }
  minimal.sort((a, b) => a.serialisation - b.serialisation || b.locksUsed - a.locksUsed || a.atoms.length - b.atoms.length);
  return {
    scenario: spec.name,
    atoms: atoms.map(atomText),
    checked: searched + refutedByReplay,
    searched,
    refutedByReplay,
    cacheHits: hits,
    minimal,
    rejected: [...rejected.values()].sort((a, b) => b.count - a.count),
    rejectedCandidates,
    refused,
    maxSize,
    elapsedMs: performance.now() - t0,
  };
}

function waitPolicy(p: Placement, w: string): WaitPolicy {
  return p.waits?.[w] ?? "release";
}

/** Every subset of 0..n-1 with exactly k elements beyond the required ones. */
function* subsetsOfSize(n: number, k: number, required: readonly number[]): Generator<number[]> {
  const free = Array.from({ length: n }, (_, i) => i).filter((i) => !required.includes(i));
  if (k > free.length) return;
  const idx = Array.from({ length: k }, (_, i) => i);
  for (;;) {
    yield [...required, ...idx.map((i) => free[i]!)].sort((a, b) => a - b);
    let j = k - 1;
    while (j >= 0 && idx[j] === free.length - k + j) j--;
    if (j < 0) return;
    idx[j]!++;
    for (let q = j + 1; q < k; q++) idx[q] = idx[q - 1]! + 1;
  }
}

/**
 * How much a placement serialises: for each synthesised lock, the share of reachable states in
 * which it is held, averaged over the locks. One lock for everything holds it wherever any
 * resource is used; a lock per independent resource holds each only where its resource is, so
 * "different locks for every resource" (seed 001) ranks first.
 */
function meanHeldShare(m: ReturnType<typeof composeKernel>, owners: readonly number[]): number {
  if (owners.length === 0) return 0;
  const held = owners.map(() => 0);
  const r = visitStates(m, (s) => {
    owners.forEach((o, i) => {
      if (s[o] !== 0) held[i]!++;
    });
  });
  return r.states === 0 ? 0 : held.reduce((a, b) => a + b, 0) / owners.length / r.states;
}
