import { Expander, SUCC_ASSERTION, SUCC_OK } from "../expander.js";
import { FP, fingerprint } from "../stores/fingerprint.js";
import type { Model } from "../model.js";
import type { ViolationKind } from "../result.js";
import { GROW_PARTS, SharedTable, TABLE_FULL, type SharedTableBuffers } from "../stores/shared-table.js";

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

export class LevelExpander {
  /** Replaced when the main thread grows the table between levels (useTable). */
  table: SharedTable;
  readonly ctl: Int32Array;
  private readonly stats: Float64Array;
  /** Fixed-length views, made per level: V8 reads length-tracking views of growable buffers ~10× slower. */
  private readonly curViews: Int32Array[];
  private readonly exp: Expander;
  private readonly stride: number;
  private readonly cur: Int32Array;
  private readonly next: Int32Array;
  private readonly enabled: Int32Array;

  constructor(
    readonly model: Model,
    readonly shared: LevelShared,
    readonly me: number,
    preemptionBound: number,
    private readonly hashSeed: number,
  ) {
    this.table = new SharedTable(shared.table);
    this.ctl = new Int32Array(shared.ctl);
    this.stats = new Float64Array(shared.stats);
    this.curViews = shared.frontiers.map(() => new Int32Array(0));
    this.exp = new Expander(model, preemptionBound);
    this.stride = this.exp.width + 1;
    this.cur = new Int32Array(this.exp.width);
    this.next = new Int32Array(this.exp.width);
    this.enabled = new Int32Array(Math.max(1, model.maxChoices));
  }

  useTable(buffers: SharedTableBuffers): void {
    const t = new SharedTable(buffers);
    t.takeIdsFrom(this.table);
    this.table = t;
  }

  /** Switches to the grown table and copies parts of the old one into it until none is left. */
  regrow(buffers: SharedTableBuffers): void {
    const old = this.table;
    this.useTable(buffers);
    for (let part = Atomics.add(this.ctl, CTL.HEAD, 1); part < GROW_PARTS; part = Atomics.add(this.ctl, CTL.HEAD, 1)) old.copyPart(this.table, part);
  }

  /** Expands this worker's share of the current level; returns what it found. */
  runLevel(): FoundViolation[] {
    const ctl = this.ctl;
    const W = this.shared.workers;
    const parity = ctl[CTL.PARITY]!;
    let total = 0;
    for (let k = 0; k < W; k++) total += ctl[CTL.COUNTS + k]!;
    const found: FoundViolation[] = [];
    const outBuf = this.shared.frontiers[this.me]![1 - parity]!;
    for (let k = 0; k < W; k++) this.curViews[k] = new Int32Array(this.shared.frontiers[k]![parity]!, 0, ctl[CTL.COUNTS + k]! * this.stride);
    let view = new Int32Array(outBuf, 0, outBuf.byteLength >> 2);
    const depth = ctl[CTL.DEPTH]!;
    const maxDepth = ctl[CTL.MAX_DEPTH]!;
    const exp = this.exp;
    const w = exp.width;
    const stride = this.stride;
    const cur = this.cur;
    const next = this.next;
    const enabled = this.enabled;
    const me = this.me;
    const stats = this.stats;
    const base = me * STAT.WIDTH;
    let out = 0;
    // Counted locally and published once: shared counters bounce cache lines between cores.
    let transitions = 0;
    let won = 0;
    for (;;) {
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
        const slot = src[o]!;
        for (let j = 0; j < w; j++) cur[j] = src[o + 1 + j]!;
        const n = exp.enabled(cur, enabled);
        if (n === 0) {
          const d = exp.dead(cur);
          if (d) found.push({ kind: d.kind, property: d.finding.name, message: d.finding.message, slot, choice: -1 });
          continue;
        }
        if (maxDepth >= 0 && depth >= maxDepth) {
          stats[base + STAT.FLAGS] = stats[base + STAT.FLAGS]! | FLAG_MAX_DEPTH;
          continue;
        }
        const lastEnabled = exp.lastStillEnabled(cur, enabled, n);
        for (let i = 0; i < n; i++) {
          const c = enabled[i]!;
          const r = exp.successor(cur, c, next, lastEnabled);
          if (r !== SUCC_OK) {
            if (r === SUCC_ASSERTION) found.push({ kind: "assertion", property: exp.assertion!.property, message: exp.assertion!.message, slot, choice: c });
            else stats[base + STAT.FLAGS] = stats[base + STAT.FLAGS]! | FLAG_PREEMPTIONS;
            continue;
          }
          transitions++;
          fingerprint(next, w, this.hashSeed);
          const ns = this.table.insert(FP[0]!, FP[1]!, slot, c);
          if (ns < 0) {
            if (ns === TABLE_FULL) {
              Atomics.store(ctl, CTL.FULL, 1);
              Atomics.store(ctl, CTL.STOP, 1);
              break;
            }
            continue;
          }
          won++;
          const bad = exp.brokenInvariant(next);
          if (bad >= 0) {
            found.push({ kind: "invariant", property: this.model.invariants[bad]!.name, message: exp.invariantMessage, slot: ns, choice: -1 });
            continue;
          }
          if ((out + 1) * stride > view.length) {
            const g = outBuf as unknown as Growable;
            g.grow(Math.min(g.maxByteLength, Math.max(g.byteLength * 2, (out + 1024) * stride * 4)));
            view = new Int32Array(outBuf, 0, outBuf.byteLength >> 2);
          }
          view[out * stride] = ns;
          for (let j = 0; j < w; j++) view[out * stride + 1 + j] = next[j]!;
          out++;
        }
      }
    }
    ctl[CTL.COUNTS + W + me] = out;
    stats[base + STAT.TRANSITIONS] = stats[base + STAT.TRANSITIONS]! + transitions;
    stats[base + STAT.STATES] = stats[base + STAT.STATES]! + won;
    return found;
  }
}
