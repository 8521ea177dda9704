import type { ModelSource } from "./model-source.js";

/** Search options shared by every strategy. */
export type Strategy = "bfs" | "dfs" | "random" | "por" | "parallel" | "bitstate" | "symmetry" | "por-symmetry" | "dfs-por";

export interface Progress {
  readonly states: number;
  readonly transitions: number;
  readonly queue: number;
  readonly depth: number;
  readonly elapsedMs: number;
  readonly statesPerSecond: number;
}

export interface SearchOptions {
  strategy?: Strategy;
  /** Stop after this many distinct states (bound: max-states). */
  maxStates?: number;
  /** Do not expand states at this depth (bound: max-depth). */
  maxDepth?: number;
  /** Wall-clock limit in ms (bound: time). */
  timeLimitMs?: number;
  /** Explore only runs with at most this many preemptions (bound: preemptions). */
  preemptionBound?: number;
  /** Random walk: PRNG seed, number of walks and steps per walk. */
  seed?: number;
  walks?: number;
  walkDepth?: number;
  /** Stop at the first violation (default), or collect one shortest counterexample per distinct property. */
  stopAtFirst?: boolean;
  /** Seed of the fingerprint hash (metamorphic tests vary it). */
  hashSeed?: number;
  /** Initial slots of the visited table (power of two rounded up). */
  initialCapacity?: number;
  /** Stop cleanly once the resident set exceeds this (bound: memory). */
  maxMemoryBytes?: number;
  /** Parallel search: worker threads (default 2), where they rebuild the model, and the shared table's slots. */
  workers?: number;
  modelSource?: ModelSource;
  tableSlots?: number;
  /** Bitstate search: log2 of the bit array's size (default 27: 16 MiB). */
  bitstateLog2?: number;
  /**
   * Bitstate: model steps the omission count may take during the search, and again after it, as a
   * multiple of the search's transitions (default 3, plus 50,000 each); 0 switches the count off.
   * Cut by it, the count is reported as a lower bound; Infinity counts everything it can.
   */
  omissionBudget?: number;
  /**
   * BFS: "incremental" (default) updates fingerprints from the model's declared write sets
   * (Model.writeSet) when it declares them; "full" hashes every successor whole (the old path,
   * kept for the bench's side by side). "verify" is test mode: incremental, with every
   * successor's fingerprint recomputed whole and any difference thrown. Symmetric searches of a
   * model with a symmetry encoder (Model.symmetryEncoder) fingerprint class codes updated from the
   * write sets; "full" builds each representative with canonicalize instead, and "verify" checks
   * every successor's code and representative against canonicalize's.
   */
  fingerprints?: "incremental" | "full" | "verify";
  /**
   * BFS queue for states of 32 words or more (packed-queue.ts): "auto" (default) queues whole
   * Int32 words until the frontier holds `packAfterBytes` (64 MiB), then packs each word in the
   * bits its values need; true packs from the start; false never packs (the old path).
   */
  packQueue?: boolean | "auto";
  packAfterBytes?: number;
  onProgress?: (p: Progress) => void;
  progressIntervalMs?: number;
  /** Polled during the search; returning true stops it (bound: interrupted). Ctrl-C sets it. */
  shouldStop?: () => boolean;
}
