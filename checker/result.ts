/** What a search reports. Kept separate from the strategies so every strategy reports alike. */

/** safe: exhaustive and nothing found. violation: something found. inconclusive: cut by a bound, nothing found. */
export type Verdict = "safe" | "violation" | "inconclusive";

/** Why a search was not exhaustive. Any of these makes "safe" impossible. */
export type Bound =
  | "max-states"
  | "max-depth"
  | "time"
  | "preemptions"
  | "random"
  | "interrupted"
  | "memory"
  | "bitstate";

/** invariant: a named invariant broke; assertion: a step raised ModelAssertion; stuck: nothing enabled, not all finished; terminal: an end-of-run check failed. */
export type ViolationKind = "invariant" | "assertion" | "stuck" | "terminal";

export interface Violation {
  readonly kind: ViolationKind;
  /** The property's name: the invariant, the assertion's property, "deadlock", "lost-wakeup", "leak"... */
  readonly property: string;
  readonly message: string;
  /** Choices from the initial state; applying them all reaches the violation (the last one raises it, for assertions). */
  readonly choices: readonly number[];
  /** Which initial state the choices start from, for a model with several (Model.initialStates); absent means 0. */
  readonly initial?: number;
}

export interface Stats {
  states: number;
  transitions: number;
  maxDepth: number;
  elapsedMs: number;
  statesPerSecond: number;
  /** Peak resident set size sampled during the search. */
  peakMemoryBytes: number;
  /** Bytes held by the visited set (fingerprints and parent links, and a reduction's per-state sleep sets). */
  visitedBytes: number;
  bytesPerState: number;
  /** P(some two distinct states share a fingerprint) ~ n^2 / 2^65. */
  collisionProbability: number;
  /** TLC's "optimistic" estimate d(g - d) / 2^64, d distinct states, g generated. */
  collisionProbabilityTLC: number;
  /**
   * Bitstate: the states it omitted, counted after a search that ran to its end
   * (strategies/omission-census.ts): an estimate with a measured error, or a lower bound when the
   * count was cut by its step budget or nearly all bits are set. `steps`: the count's model steps.
   */
  omissions?: { states: number; kind: "estimate" | "lower bound"; steps: number };
}

export interface CheckResult {
  readonly model: string;
  readonly strategy: string;
  readonly verdict: Verdict;
  /** True only when every reachable state (under the model's semantics) was explored. */
  readonly exhaustive: boolean;
  readonly boundsHit: readonly Bound[];
  readonly violations: readonly Violation[];
  readonly stats: Stats;
  /** Free-form notes from a strategy or reduction (e.g. "shortest only in the reduced graph"). */
  readonly notes: readonly string[];
}

export function collisionProbability(n: number): number {
  return -Math.expm1(-(n * n) / 2 ** 65);
}

export function collisionProbabilityTLC(distinct: number, generated: number): number {
  return Math.min(1, (distinct * Math.max(0, generated - distinct)) / 2 ** 64);
}

/**
 * Verdict and exhaustiveness, decided the same way by every stateful strategy: "safe" only when the
 * search ended with no bound hit; stopping at the first violation leaves the rest unexplored.
 */
export function conclude(
  done: boolean,
  boundsHit: readonly Bound[],
  violations: number,
  stopAtFirst: boolean,
): { verdict: Verdict; exhaustive: boolean } {
  const cut = boundsHit.length > 0;
  const verdict: Verdict = violations > 0 ? "violation" : cut ? "inconclusive" : "safe";
  return { verdict, exhaustive: done && !cut && (violations === 0 || !stopAtFirst) };
}

/** A stateful search's stats from its raw counts. */
export function searchStats(
  states: number,
  transitions: number,
  maxDepth: number,
  elapsedMs: number,
  peakMemoryBytes: number,
  visitedBytes: number,
): Stats {
  return {
    states,
    transitions,
    maxDepth,
    elapsedMs,
    statesPerSecond: elapsedMs > 0 ? (states * 1000) / elapsedMs : 0,
    peakMemoryBytes,
    visitedBytes,
    bytesPerState: states > 0 ? visitedBytes / states : 0,
    collisionProbability: collisionProbability(states),
    collisionProbabilityTLC: collisionProbabilityTLC(states, transitions + 1),
  };
}
