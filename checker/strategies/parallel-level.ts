import { Expander } from "../expander.js";
import type { Model } from "../model.js";
import type { ViolationKind } from "../result.js";
import { GROW_PARTS, SharedTable, type SharedTableBuffers } from "../stores/shared-table.js";
import { LevelExpansion, type Frontier, type LevelOwner } from "./level-expansion.js";

/**
 * One level of the level-synchronous parallel BFS, as run by each worker (and by the main
 * thread when it searches alone). The current level is every worker's frontier buffer from the
 * last level, handed out in chunks through a shared counter so the load balances; successors
 * this worker wins in the shared table go to its own next buffer (one writer per buffer, so
 * growing it needs no lock). A barrier after each level keeps BFS order, hence shortest
 * counterexamples (reduction.md §8: asynchronous parallel BFS is not level-ordered).
 */
export const CTL = {
  GEN: 0,
  CMD: 1,
  DONE: 2,
  HEAD: 3,
  STOP: 4,
  FULL: 5,
  DEPTH: 6,
  MAX_DEPTH: 7,
  READY: 8,
  PARITY: 9,
  /** Bumped by the main thread each time it grows the table; workers then fetch the new buffers. */
  TABLE_GEN: 10,
  /** Then W current-level counts, then W next-level counts. */
  COUNTS: 11,
} as const;
export const CMD_RUN = 0;
export const CMD_QUIT = 1;
/** Copy the table into the grown one the port brings (SharedTable.copyPart), parts claimed through HEAD. */
export const CMD_GROW = 2;
/** Per-worker Float64 stats: transitions, states won, bound flags, violation messages posted; 64 bytes a worker so no two share a cache line. */
export const STAT = { TRANSITIONS: 0, STATES: 1, FLAGS: 2, POSTED: 3, WIDTH: 8 } as const;
export const FLAG_PREEMPTIONS = 1;
export const FLAG_MAX_DEPTH = 2;
const CHUNK = 64;

/** Growable SharedArrayBuffers are ES2024; the compile target's lib is ES2022, so they are typed here. */
interface Growable {
  readonly byteLength: number;
  readonly maxByteLength: number;
  grow(bytes: number): void;
}

export function growableBuffer(bytes: number, maxBytes: number): SharedArrayBuffer {
  const Ctor = SharedArrayBuffer as unknown as new (n: number, o: { maxByteLength: number }) => SharedArrayBuffer;
  return new Ctor(bytes, { maxByteLength: maxBytes });
}

export interface LevelShared {
  readonly workers: number;
  readonly table: SharedTableBuffers;
  readonly ctl: SharedArrayBuffer;
  readonly stats: SharedArrayBuffer;
  /** frontiers[worker][parity], growable. */
  readonly frontiers: readonly (readonly [SharedArrayBuffer, SharedArrayBuffer])[];
}

export interface FoundViolation {
  readonly kind: ViolationKind;
  readonly property: string;
  readonly message: string;
  /** The violating state's id in the shared table (the state before the step, for an assertion). */
  readonly slot: number;
  readonly choice: number;
}

/** A worker's next-level buffer, [id, state words] an entry; one writer per buffer, so growing it needs no lock. */
class FrontierWriter implements Frontier {
  /** Entries written since `begin`. */
  count = 0;
  private buf: SharedArrayBuffer = new SharedArrayBuffer(0);
  private view: Int32Array<ArrayBufferLike> = new Int32Array(0);

  constructor(private readonly stride: number) {}

  begin(buf: SharedArrayBuffer): void {
    this.buf = buf;
    this.view = new Int32Array(buf, 0, buf.byteLength >> 2);
    this.count = 0;
  }

  push(state: Int32Array, id: number): void {
    const stride = this.stride;
    const at = this.count * stride;
    if (at + stride > this.view.length) {
      const g = this.buf as unknown as Growable;
      g.grow(Math.min(g.maxByteLength, Math.max(g.byteLength * 2, (this.count + 1024) * stride * 4)));
      this.view = new Int32Array(this.buf, 0, this.buf.byteLength >> 2);
    }
    const view = this.view;
    view[at] = id;
    for (let j = 1; j < stride; j++) view[at + j] = state[j - 1]!;
    this.count++;
  }
}

/** One thread's part of each level: claims chunks of the current level and expands them (level-expansion.ts), its successors going to its own buffer. */
export class LevelExpander {
  /** Replaced when the main thread grows the table between levels (useTable). */
  table: SharedTable;
  readonly ctl: Int32Array;
  private readonly stats: Float64Array;
  /** Fixed-length views, made per level: V8 reads length-tracking views of growable buffers ~10× slower. */
  private readonly curViews: Int32Array[];
  private readonly level: LevelExpansion;
  private readonly stride: number;
  private readonly out: FrontierWriter;
  private found: FoundViolation[] = [];
  private flags = 0;

  constructor(
    readonly model: Model,
    readonly shared: LevelShared,
    readonly me: number,
    preemptionBound: number,
    hashSeed: number,
  ) {
    this.table = new SharedTable(shared.table);
    this.ctl = new Int32Array(shared.ctl);
    this.stats = new Float64Array(shared.stats);
    this.curViews = shared.frontiers.map(() => new Int32Array(0));
    const exp = new Expander(model, preemptionBound);
    this.stride = exp.width + 1;
    this.out = new FrontierWriter(this.stride);
    const maxDepth = this.ctl[CTL.MAX_DEPTH]!;
    const owner: LevelOwner = {
      found: (kind, property, message, slot, choice) => {
        this.found.push({ kind, property, message, slot, choice });
        return false;
      },
      cut: (bound) => {
        this.flags |= bound === "preemptions" ? FLAG_PREEMPTIONS : FLAG_MAX_DEPTH;
      },
    };
    // States are hashed whole: the frontier carries no fingerprint sums.
    this.level = new LevelExpansion(exp, this.table, this.out, owner, { maxDepth: maxDepth >= 0 ? maxDepth : undefined, fingerprints: "full", hashSeed, notes: [] });
  }

  useTable(buffers: SharedTableBuffers): void {
    const t = new SharedTable(buffers);
    t.takeIdsFrom(this.table);
    this.table = t;
    this.level.useStore(t);
  }

  /** Switches to the grown table and copies parts of the old one into it until none is left. */
  regrow(buffers: SharedTableBuffers): void {
    const old = this.table;
    this.useTable(buffers);
    for (let part = Atomics.add(this.ctl, CTL.HEAD, 1); part < GROW_PARTS; part = Atomics.add(this.ctl, CTL.HEAD, 1)) old.copyPart(this.table, part);
  }

  /**
   * Stores the initial states and puts them in worker 0's current buffer (the main thread does
   * this before the first level). Returns how many were stored, how many queued, what they
   * broke, and whether the table ran out of room for them.
   */
  seed(count: number, stopAtFirst: boolean): { roots: number; queued: number; found: FoundViolation[]; full: boolean } {
    this.found = [];
    this.out.begin(this.shared.frontiers[0]![0]!);
    const level = this.level;
    for (let i = 0; i < count && !(stopAtFirst && this.found.length > 0); i++) if (level.seed(i) && level.full) break;
    return { roots: level.stored, queued: this.out.count, found: this.found, full: level.full };
  }

  /** Expands this worker's share of the current level; returns what it found. */
  runLevel(): FoundViolation[] {
    const ctl = this.ctl;
    const W = this.shared.workers;
    const parity = ctl[CTL.PARITY]!;
    let total = 0;
    for (let k = 0; k < W; k++) total += ctl[CTL.COUNTS + k]!;
    this.found = [];
    this.flags = 0;
    this.out.begin(this.shared.frontiers[this.me]![1 - parity]!);
    for (let k = 0; k < W; k++) this.curViews[k] = new Int32Array(this.shared.frontiers[k]![parity]!, 0, ctl[CTL.COUNTS + k]! * this.stride);
    const depth = ctl[CTL.DEPTH]!;
    const level = this.level;
    const cur = level.cur;
    const stride = this.stride;
    // Counted locally and published once: shared counters bounce cache lines between cores.
    level.transitions = 0;
    level.stored = 0;
    chunks: for (;;) {
      if (Atomics.load(ctl, CTL.STOP) !== 0) break;
      const start = Atomics.add(ctl, CTL.HEAD, CHUNK);
      if (start >= total) break;
      const end = Math.min(total, start + CHUNK);
      for (let g = start; g < end; g++) {
        // Map the global index to (worker buffer, offset); W is small.
        let k = 0;
        let off = g;
        while (off >= ctl[CTL.COUNTS + k]!) off -= ctl[CTL.COUNTS + k++]!;
        const src = this.curViews[k]!;
        const o = off * stride;
        for (let j = 1; j < stride; j++) cur[j - 1] = src[o + j]!;
        // Only a full table stops a level: violations are sorted out once every worker is done.
        if (level.expandState(src[o]!, 0, 0, depth)) {
          Atomics.store(ctl, CTL.FULL, 1);
          Atomics.store(ctl, CTL.STOP, 1);
          break chunks;
        }
      }
    }
    const me = this.me;
    const base = me * STAT.WIDTH;
    const stats = this.stats;
    ctl[CTL.COUNTS + W + me] = this.out.count;
    stats[base + STAT.TRANSITIONS] = stats[base + STAT.TRANSITIONS]! + level.transitions;
    stats[base + STAT.STATES] = stats[base + STAT.STATES]! + level.stored;
    stats[base + STAT.FLAGS] = stats[base + STAT.FLAGS]! | this.flags;
    return this.found;
  }
}
