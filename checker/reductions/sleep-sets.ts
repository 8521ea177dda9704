import { FingerprintIds } from "../stores/fingerprint-ids.js";
import { conflict, FootprintBits, invariantSlots, type Bits } from "./footprint-bits.js";
import type { Model } from "../model.js";

const CHUNK_BITS = 12;
const CHUNK = 1 << CHUNK_BITS;
const EXPANDED = 1;
/** The first expansion took every enabled choice (no ample set, or the proviso completed it). */
const FULL = 2;
/** Queued again to take the choices that woke up (`arrive`). */
const REQUEUED = 4;

/**
 * Sleep sets for the partial-order-reduced BFS [Godefroid, LNCS 1032, 1996, ch. 5; reduction.md §3].
 * A state's sleep set holds choices whose branch an earlier sibling already covers: after a step t
 * from s, the choices explored from s before t, and those asleep in s, stay asleep in t's successor
 * if they commute with t. An asleep choice is not taken. Alone, with a visited set, this saves
 * steps, not states (every state is still reached, by the branch that covers it); with ample sets
 * it can save states too, since a state an asleep ample step would reach may be left out.
 *
 * A choice is a stable transition here: it is asleep only while its context has not moved, and
 * commutation is checked in the state where both choices are enabled, from their footprints. That
 * relation must be symmetric and exact, so the scheduler's slots (Model.schedulerSlots), which the
 * kernel model leaves out of step footprints under a uniprocessor policy, count as read by every
 * step. There every step writes its own position, a scheduler slot, so nothing sleeps: the
 * reduction works under the `any` policy and on models whose footprints are complete.
 *
 * The pitfall of the stateful search: s stored with sleep set Z and reached again with Z′ ⊉ Z.
 * Pruning the second arrival loses the branches in Z∖Z′. Each state keeps its sleep set (one bit
 * per choice); an arrival at a state not yet expanded intersects it, and an arrival at a state
 * already expanded also queues the state again to take the choices that woke up [Godefroid,
 * Holzmann and Pirottin, CAV 1992].
 */
export class SleepSets {
  /** Mask words per state: one bit per choice id. */
  readonly words: number;
  readonly ids = new FingerprintIds();
  /**
   * Per chunk of CHUNK state ids: sleep sets, choices woken since the first expansion, flags. A
   * chunk exists once one of its states is stored with something asleep; only such states are in
   * `ids`, so only they are ever reached again by `arrive` (under a uniprocessor policy, none).
   */
  private readonly masks: (Uint32Array | undefined)[] = [];
  private readonly pending: (Uint32Array | undefined)[] = [];
  private readonly flags: (Uint8Array | undefined)[] = [];
  private chunks = 0;
  private readonly bits: FootprintBits;
  private readonly ctxOf: Int32Array;
  /** The slots invariants read; every slot when one of them does not say. */
  private readonly visibleSlots: Uint32Array;
  /** Re-expansions queued, for the result's notes. */
  requeued = 0;
  /** Footprint bits per choice in the state being expanded, valid while stamp[c] === gen (see `moved`). */
  private readonly stamp: Int32Array;
  private readonly cached: Bits[];
  /** Whether the cached footprint writes a slot an invariant reads. */
  private readonly cachedVisible: Uint8Array;
  private gen = 1;
  /** Two choices of one context are always dependent (the mutation tests switch it off). */
  private readonly sameContextDependent: boolean;

  /** `mutation` drops one part of the algorithm: only the mutation tests use it. */
  constructor(
    private readonly model: Model,
    private readonly mutation: { wake?: boolean; sleepVisibility?: boolean; sameContext?: boolean } = {},
  ) {
    this.sameContextDependent = mutation.sameContext !== false;
    this.words = Math.max(1, (model.maxChoices + 31) >>> 5);
    this.bits = new FootprintBits(model.stateSize, model.schedulerSlots?.() ?? []);
    this.visibleSlots = invariantSlots(model);
    this.ctxOf = Int32Array.from({ length: Math.max(1, model.maxChoices) }, (_, c) => model.contextOf(c));
    this.stamp = new Int32Array(this.ctxOf.length);
    this.cached = new Array<Bits>(this.ctxOf.length);
    this.cachedVisible = new Uint8Array(this.ctxOf.length);
  }

  /** A fresh mask, for a search's scratch. */
  mask(): Uint32Array {
    return new Uint32Array(this.words);
  }

  /**
   * Whether choices a and b, both enabled in `state`, commute and neither disables the other;
   * and they are not both visible. The search stops at a state that breaks an invariant, so a
   * run can only stand for another if the two pass through the same invariant values: then
   * the visible steps must keep their order, as Peled's C2 keeps it for ample sets. Without that,
   * a branch put to sleep can be "covered" only through a violating state that is never left.
   */
  independent(state: Int32Array, a: number, b: number, cached = false): boolean {
    // A context's own steps: footprints may leave its private slots out (its pc), so they cannot tell.
    if (this.ctxOf[a] === this.ctxOf[b] && this.sameContextDependent) return false;
    const keepOrder = this.mutation.sleepVisibility !== false;
    if (cached) {
      const fa = this.bitsHere(state, a);
      const fb = this.bitsHere(state, b);
      if (keepOrder && this.cachedVisible[a] === 1 && this.cachedVisible[b] === 1) return false;
      return !conflict(fa, fb);
    }
    const fa = this.bits.of(this.model.footprint!(state, a));
    const fb = this.bits.of(this.model.footprint!(state, b));
    if (keepOrder && this.visible(fa) && this.visible(fb)) return false;
    return !conflict(fa, fb);
  }

  /** The search expands another state: the footprints kept for `cached` questions are stale. */
  moved(): void {
    this.gen++;
  }

  private bitsHere(state: Int32Array, c: number): Bits {
    if (this.stamp[c] === this.gen) return this.cached[c]!;
    const b = this.bits.of(this.model.footprint!(state, c));
    this.stamp[c] = this.gen;
    this.cached[c] = b;
    this.cachedVisible[c] = this.visible(b) ? 1 : 0;
    return b;
  }

  private visible(f: Bits): boolean {
    for (let i = 0; i < f.w.length; i++) if ((f.w[i]! & this.visibleSlots[i]!) !== 0) return true;
    return false;
  }

  /**
   * Removes from `mask` every choice that does not commute with `t` in `state` (t is about to be
   * taken there). `cached`: `state` is the one being expanded, unchanged since the last `moved`.
   */
  keepIndependent(state: Int32Array, mask: Uint32Array, t: number, cached = false): void {
    if (this.mutation.wake === false) return;
    for (let w = 0; w < this.words; w++) {
      let m = mask[w]!;
      while (m !== 0) {
        const low = m & -m;
        const c = (w << 5) + 31 - Math.clz32(low);
        if (!this.independent(state, c, t, cached)) mask[w]! &= ~low;
        m ^= low;
      }
    }
  }

  /**
   * Stores the sleep set of a new state. Only a state with something asleep is entered in `ids`:
   * an arrival cannot wake anything in one with an empty sleep set, so it need not be found again.
   */
  store(id: number, hi: number, lo: number, mask: Uint32Array): void {
    let any = 0;
    for (let w = 0; w < this.words; w++) any |= mask[w]!;
    if (any === 0) return;
    const k = id >>> CHUNK_BITS;
    if (this.masks[k] === undefined) {
      this.masks[k] = new Uint32Array(CHUNK * this.words);
      this.pending[k] = new Uint32Array(CHUNK * this.words);
      this.flags[k] = new Uint8Array(CHUNK);
      this.chunks++;
    }
    this.masks[k]!.set(mask, (id & (CHUNK - 1)) * this.words);
    this.ids.set(hi, lo, id);
  }

  /**
   * A step reached stored state (hi, lo) with sleep set `mask`. Shrinks its sleep set to the
   * intersection; returns its id when it was already expanded and some of its asleep choices woke
   * up (the caller queues it again, once), else -1.
   */
  arrive(hi: number, lo: number, mask: Uint32Array): number {
    if (this.ids.size === 0) return -1;
    const id = this.ids.get(hi, lo);
    if (id < 0) return -1;
    const k = id >>> CHUNK_BITS;
    const at = (id & (CHUNK - 1)) * this.words;
    const stored = this.masks[k]!;
    const pend = this.pending[k]!;
    let woke = 0;
    for (let w = 0; w < this.words; w++) {
      const gone = stored[at + w]! & ~mask[w]!;
      if (gone === 0) continue;
      stored[at + w]! &= mask[w]!;
      pend[at + w]! |= gone;
      woke |= gone;
    }
    const f = this.flags[k]!;
    const i = id & (CHUNK - 1);
    if (woke === 0 || (f[i]! & EXPANDED) === 0 || (f[i]! & REQUEUED) !== 0) return -1;
    f[i]! |= REQUEUED;
    this.requeued++;
    return id;
  }

  /**
   * A state leaves the queue. Copies its sleep set into `sleep`; for a re-expansion (the state was
   * expanded before) copies the choices that woke up since into `woke`, clears them, and returns
   * 1, or 2 when the first expansion took every enabled choice. Returns 0 for a first expansion.
   */
  begin(id: number, sleep: Uint32Array, woke: Uint32Array): number {
    const k = id >>> CHUNK_BITS;
    const f = this.flags[k];
    if (f === undefined) {
      // Stored with nothing asleep, and never reached again through `ids`.
      sleep.fill(0);
      return 0;
    }
    const at = (id & (CHUNK - 1)) * this.words;
    const i = id & (CHUNK - 1);
    for (let w = 0; w < this.words; w++) sleep[w] = this.masks[k]![at + w]!;
    const pend = this.pending[k]!;
    if ((f[i]! & EXPANDED) === 0) {
      // Whatever woke before the first expansion is not asleep now, so that expansion takes it.
      pend.fill(0, at, at + this.words);
      f[i] = EXPANDED;
      return 0;
    }
    for (let w = 0; w < this.words; w++) {
      woke[w] = pend[at + w]!;
      pend[at + w] = 0;
    }
    f[i]! &= ~REQUEUED;
    return (f[i]! & FULL) !== 0 ? 2 : 1;
  }

  /** The first expansion of `id` took every enabled choice (so a re-expansion may too). */
  markFull(id: number): void {
    const f = this.flags[id >>> CHUNK_BITS];
    if (f !== undefined) f[id & (CHUNK - 1)]! |= FULL;
  }

  get bytes(): number {
    return this.ids.bytes + this.chunks * CHUNK * (8 * this.words + 1);
  }
}

export function hasChoice(mask: Uint32Array, c: number): boolean {
  return (mask[c >>> 5]! & (1 << (c & 31))) !== 0;
}

export function addChoice(mask: Uint32Array, c: number): void {
  mask[c >>> 5]! |= 1 << (c & 31);
}
