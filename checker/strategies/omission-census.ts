import { Expander, SUCC_OK } from "../expander.js";
import { FP, fingerprint } from "../stores/fingerprint.js";
import { FingerprintIds } from "../stores/fingerprint-ids.js";
import type { BitstateSet } from "../stores/bitstate-set.js";
import type { Model } from "../model.js";
import type { DepthFirstObserver } from "./depth-first-observer.js";

/** How many ambiguous states in a row (bits all set, and every successor's) the census looks through. */
const DOUBT = 3;
/** Marks: rejected (taken for stored), proved omitted, or judged omitted with a chain of `mark - PROVED` ambiguous states from it. */
const REJECTED = 0;
const PROVED = 1;
/** Seen states that proved nothing during the search, kept (the shallowest) to be judged again after it. */
const RETAINED = 4096;
/** Seen states that proved nothing, remembered by fingerprint (direct-mapped): bits only get set, so testing one again proves nothing either. */
const NEGATIVES = 1 << 16;


/** What the census counted: states the bitstate search omitted, found after it. */
export interface OmissionCount {
  /** States counted as omitted (the true count is at most a few percent above this, unless the bits are nearly all set). */
  readonly states: number;
  /** False when the census stopped at its step budget or could not start: then `states` is only a lower bound. */
  readonly complete: boolean;
  /** Model steps the census took, during the search and after it. */
  readonly steps: number;
}

/**
 * Counts the states a bitstate search omitted, from facts that hold whatever the hash did, rather
 * than from the collision rate (which misses the states each omission hides: on the kernel
 * scenarios 10 to 900 times more). Measured against exhaustive counts in
 * test/checker/strategies/bitstate-estimate.test.ts.
 *
 * Two facts: bits are only ever set, so a state whose bits are not all set at the end was never
 * stored; and a stored state is expanded, so all its successors' bits are set once it has left the
 * DFS stack. Hence a state whose bits are all set but one of whose successors' bits are not was
 * omitted too. Both are certain.
 * 1. During the search, each time a successor's bits are all set already (taken for seen), its
 *    successors are tested against the bits as they are then; one clear proves it was omitted (a
 *    collision) unless it is on the DFS stack, and it is kept as a root. Of those that prove
 *    nothing, the RETAINED shallowest are kept to be judged again (step 2) with the final bits:
 *    a collision near the top of the search hides the most states.
 * 2. After the search, from the roots, every successor proved omitted by the final bits is counted
 *    and explored in turn. A state that proves nothing (its bits and all its successors' are set)
 *    is counted when everything below it, to DOUBT such states deep, is omitted: in a tree that
 *    is certain, and a stored state rarely has every successor omitted.
 * 3. Collisions the tests cannot prove (every successor stored by then, through other
 *    predecessors: common in a dense graph) are estimated: the expected number of collisions less
 *    the roots found, one state each.
 * Cost: model steps for the seen states' successors during the search, and about the successors of
 * the omitted states after it, so the census stops at a step budget and then says its count is a
 * lower bound. Memory: the roots' states, a fingerprint table of the states counted and a queue of
 * states to explore, within a cap, past which the count is a lower bound too.
 */
export class OmissionCensus implements DepthFirstObserver {
  private readonly exp: Expander;
  private readonly w: number;
  /**
   * The fingerprints on the search's DFS stack, and how many of them fall in each bucket (by low
   * bits), so that most states are known to be off the stack at a glance; the rest are looked up.
   */
  private stackHi = new Int32Array(64);
  private stackLo = new Int32Array(64);
  private stackTop = -1;
  private buckets = new Int32Array(1024);
  private roots: Int32Array;
  private rootCount = 0;
  private readonly rootIds = new FingerprintIds();
  private readonly negatives = new Int32Array(2 * NEGATIVES);
  private retained: Int32Array;
  private retainedDepth = new Int32Array(RETAINED);
  private retainedCount = 0;
  /** Only seen states at most this deep are retained; lowered when the buffer fills. */
  private retainLimit = Number.MAX_SAFE_INTEGER;
  private retainedIds = new FingerprintIds();
  private readonly marks = new FingerprintIds();
  private work: Int32Array;
  private workTop = 0;
  /** Per recursion level of judge(): the state, its enabled choices and a successor. */
  private readonly lvState: Int32Array[] = [];
  private readonly lvEn: Int32Array[] = [];
  private readonly lvOut: Int32Array[] = [];
  private readonly probeEn: Int32Array;
  private readonly probeOut: Int32Array;
  private counted = 0;
  private steps = 0;
  /** Why the count is only a lower bound, if it is. */
  private failed = "";
  /** Why the search phase stopped keeping roots, if it did: the count goes on from those it has, as a lower bound. */
  private cut = "";
  /** Roots kept at most (their states are copied). */
  private readonly maxRoots: number;
  /** Set when the search ran out of states (not cut by a violation or a bound): only then is there a count. */
  finished = false;

  constructor(
    model: Model,
    preemptionBound: number,
    private readonly seed: number,
    private readonly bits: BitstateSet,
    /** Bytes the roots' states may take. */
    rootBytes: number,
    /** Bytes the count may hold in its table of counted states and its queue; past them it stops. */
    private readonly maxBytes: number,
    /** Steps allowed per search transition during the search, and again after it, each beyond `floor`. */
    private readonly budget: number,
    private readonly floor: number,
  ) {
    this.exp = new Expander(model, preemptionBound);
    this.w = this.exp.width;
    this.maxRoots = Math.ceil(rootBytes / (4 * this.w));
    this.roots = new Int32Array(16 * this.w);
    this.retained = new Int32Array(16 * this.w);
    this.work = new Int32Array(64 * this.w);
    const en = () => new Int32Array(Math.max(1, model.maxChoices));
    for (let i = 0; i <= DOUBT; i++) {
      this.lvState.push(new Int32Array(this.w));
      this.lvEn.push(en());
      this.lvOut.push(new Int32Array(this.w));
    }
    this.probeEn = en();
    this.probeOut = new Int32Array(this.w);
  }

  /** The search pushed a state whose fingerprint is (hi, lo) at `depth`. */
  enter(depth: number, hi: number, lo: number): void {
    if (depth >= this.stackHi.length) {
      this.stackHi = grow(this.stackHi, this.stackHi.length * 2);
      this.stackLo = grow(this.stackLo, this.stackLo.length * 2);
    }
    this.stackHi[depth] = hi;
    this.stackLo[depth] = lo;
    this.stackTop = depth;
    if (4 * depth >= this.buckets.length) {
      this.buckets = new Int32Array(this.buckets.length * 4);
      for (let d = 0; d < depth; d++) this.buckets[this.stackLo[d]! & (this.buckets.length - 1)]!++;
    }
    this.buckets[lo & (this.buckets.length - 1)]!++;
  }

  /** The search popped the state at `depth`. */
  leave(depth: number): void {
    this.buckets[this.stackLo[depth]! & (this.buckets.length - 1)]!--;
    this.stackTop = depth - 1;
  }

  end(finished: boolean): void {
    this.finished = finished;
  }

  private onStack(hi: number, lo: number): boolean {
    if (this.buckets[lo & (this.buckets.length - 1)] === 0) return false;
    for (let d = this.stackTop; d >= 0; d--) if (this.stackLo[d] === lo && this.stackHi[d] === hi) return true;
    return false;
  }

  /**
   * The search generated `s` (fingerprint hi, lo) at `depth` and found its bits all set: keep it as
   * a root if it was provably never stored. `transitions` is the search's count so far: past the
   * budget the census stops, and its count is a lower bound.
   */
  onSeen(s: Int32Array, hi: number, lo: number, depth: number, transitions: number): void {
    if (this.failed !== "" || this.cut !== "") return;
    if (this.steps > this.floor + this.budget * transitions) {
      this.cut = `stopped testing seen states at its budget of ${this.budget} steps a search transition`;
      return;
    }
    if (this.rootIds.get(hi, lo) >= 0) return;
    const slot = 2 * (lo & (NEGATIVES - 1));
    if (this.negatives[slot] === hi && this.negatives[slot + 1] === lo) return;
    try {
      if (!this.hasClearSuccessor(s)) {
        this.negatives[slot] = hi;
        this.negatives[slot + 1] = lo;
        if (depth <= this.retainLimit && this.retainedIds.get(hi, lo) < 0) this.retain(s, depth, hi, lo);
        return;
      }
      // On the stack, it is stored and its successors are still to come.
      if (this.onStack(hi, lo) || this.exp.brokenInvariant(s) >= 0) return;
    } catch (e) {
      this.fail(e);
      return;
    }
    if (this.rootCount >= this.maxRoots) {
      this.cut = `found more than ${this.maxRoots} collisions to keep`;
      return;
    }
    if ((this.rootCount + 1) * this.w > this.roots.length) this.roots = grow(this.roots, this.roots.length * 2);
    this.roots.set(s.subarray(0, this.w), this.rootCount * this.w);
    this.rootIds.set(hi, lo, this.rootCount++);
  }

  private retain(s: Int32Array, depth: number, hi: number, lo: number): void {
    const w = this.w;
    if (this.retainedCount === RETAINED) {
      // Keep the shallower half: below the median depth.
      const sorted = this.retainedDepth.slice().sort();
      this.retainLimit = sorted[RETAINED >> 1]! - 1;
      let k = 0;
      this.retainedIds = new FingerprintIds();
      for (let i = 0; i < RETAINED; i++) {
        if (this.retainedDepth[i]! > this.retainLimit) continue;
        this.retained.copyWithin(k * w, i * w, (i + 1) * w);
        this.retainedDepth[k] = this.retainedDepth[i]!;
        fingerprint(this.retained.subarray(k * w, (k + 1) * w), w, this.seed);
        this.retainedIds.set(FP[0]!, FP[1]!, k++);
      }
      this.retainedCount = k;
      if (depth > this.retainLimit) return;
    }
    if ((this.retainedCount + 1) * w > this.retained.length) this.retained = grow(this.retained, this.retained.length * 2);
    this.retained.set(s.subarray(0, w), this.retainedCount * w);
    this.retainedDepth[this.retainedCount] = depth;
    this.retainedIds.set(hi, lo, this.retainedCount++);
  }

  /** Gives up: the count so far is a lower bound. */
  private abandon(reason: string): void {
    if (this.failed === "") this.failed = reason;
  }

  /**
   * After a search that made `transitions` transitions, with its final bits: counts the omitted
   * states. `collisions` is the expected number of states whose bits were all set when first
   * generated (Σ over insertions of φ/(1-φ), φ the chance then): those not found as roots were
   * missed by the tests, and each is one more omitted state, on top of the count.
   */
  count(transitions: number, collisions: number): OmissionCount & { why: string; unfound: number } {
    const limit = this.steps + this.floor + this.budget * transitions;
    const w = this.w;
    let found = this.rootCount;
    try {
      for (let r = 0; r < this.rootCount && this.failed === ""; r++) {
        this.countRoot(this.roots.subarray(r * w, (r + 1) * w));
        this.drain(limit);
      }
      for (let r = 0; r < this.retainedCount && this.failed === ""; r++) {
        if (this.consider(this.retained.subarray(r * w, (r + 1) * w), 1) >= 0) found++;
        this.drain(limit);
      }
    } catch (e) {
      this.fail(e);
    }
    return { states: this.counted, complete: this.failed === "" && this.cut === "", steps: this.steps, why: this.cut || this.failed, unfound: Math.max(0, Math.round(collisions - found)) };
  }

  private countRoot(s: Int32Array): void {
    fingerprint(s, this.w, this.seed);
    if (this.marks.get(FP[0]!, FP[1]!) >= 0) return;
    this.mark(FP[0]!, FP[1]!, PROVED);
    this.push(s);
  }

  /** Explores from the queued omitted states, counting what is omitted below them, until `limit` steps. */
  private drain(limit: number): void {
    const w = this.w;
    const cur = this.lvState[0]!;
    const en = this.lvEn[0]!;
    const out = this.lvOut[0]!;
    while (this.workTop > 0 && this.failed === "") {
      if (this.steps > limit) {
        this.failed = `stopped at its budget of ${this.budget} steps a search transition`;
        return;
      }
      this.workTop--;
      cur.set(this.work.subarray(this.workTop * w, (this.workTop + 1) * w));
      // Omitted, but a full search would not expand it either.
      if (this.exp.brokenInvariant(cur) >= 0) continue;
      const n = this.exp.enabled(cur, en);
      const last = this.exp.lastStillEnabled(cur, en, n);
      for (let i = 0; i < n; i++) {
        if (this.exp.successor(cur, en[i]!, out, last) !== SUCC_OK) continue;
        this.steps++;
        this.consider(out, 1);
      }
    }
  }

  /**
   * A successor `y` of an omitted state (or of an ambiguous one, at `level` > 1): counts and
   * queues it if proved omitted; otherwise, within DOUBT levels, judges it by what lies below.
   * Returns -1 if it is not counted, else the length of the chain of ambiguous states from it (0
   * when proved): a judgement made deeper is reused only if its chain still fits in DOUBT.
   */
  private consider(y: Int32Array, level: number): number {
    fingerprint(y, this.w, this.seed);
    const hi = FP[0]!;
    const lo = FP[1]!;
    const known = this.marks.get(hi, lo);
    if (known === REJECTED) return -1;
    if (known >= PROVED) {
      const chain = known - PROVED;
      return level + chain - 1 <= DOUBT ? chain : -1;
    }
    if (!this.bits.has(hi, lo) || (this.exp.brokenInvariant(y) < 0 && this.hasClearSuccessor(y))) {
      this.mark(hi, lo, PROVED);
      this.push(y);
      return 0;
    }
    if (level > DOUBT) return -1;
    this.mark(hi, lo, REJECTED);
    const chain = this.judge(y, level);
    if (chain < 0) return -1;
    this.marks.delete(hi, lo);
    this.mark(hi, lo, PROVED + chain);
    return chain;
  }

  /**
   * An ambiguous state is counted when it has successors and every one of them is counted. Returns
   * -1 if not, else its chain: one more than its successors' longest.
   */
  private judge(y: Int32Array, level: number): number {
    const cur = this.lvState[level]!;
    const en = this.lvEn[level]!;
    const out = this.lvOut[level]!;
    cur.set(y);
    if (this.exp.brokenInvariant(cur) >= 0) return -1;
    const n = this.exp.enabled(cur, en);
    const last = this.exp.lastStillEnabled(cur, en, n);
    let chain = -1;
    for (let i = 0; i < n; i++) {
      if (this.exp.successor(cur, en[i]!, out, last) !== SUCC_OK) continue;
      this.steps++;
      const below = this.consider(out, level + 1);
      if (below < 0) return -1;
      chain = Math.max(chain, below + 1);
    }
    return chain;
  }

  /** Whether some successor of `s` has a bit clear: proof that `s`, if it has left the stack, was never stored. */
  private hasClearSuccessor(s: Int32Array): boolean {
    const en = this.probeEn;
    const out = this.probeOut;
    const n = this.exp.enabled(s, en);
    const last = this.exp.lastStillEnabled(s, en, n);
    for (let i = 0; i < n; i++) {
      if (this.exp.successor(s, en[i]!, out, last) !== SUCC_OK) continue;
      this.steps++;
      fingerprint(out, this.w, this.seed);
      if (!this.bits.has(FP[0]!, FP[1]!)) return true;
    }
    return false;
  }

  private mark(hi: number, lo: number, m: number): void {
    // The table holds at most half its slots, 12 bytes each.
    if (this.marks.size * 24 + this.work.byteLength > this.maxBytes) this.abandon(`stopped at its memory cap of ${Math.round(this.maxBytes / 2 ** 20)} MiB`);
    this.marks.set(hi, lo, m);
    if (m >= PROVED) this.counted++;
  }

  private push(s: Int32Array): void {
    const w = this.w;
    if ((this.workTop + 1) * w > this.work.length) this.work = grow(this.work, this.work.length * 2);
    this.work.set(s.subarray(0, w), this.workTop++ * w);
  }

  private fail(e: unknown): void {
    this.abandon(`the model threw while it counted (${e instanceof Error ? e.message : String(e)})`);
  }
}

function grow(a: Int32Array, n: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(n);
  b.set(a);
  return b;
}

