import type { Model } from "./model.js";

/**
 * Ample sets for partial-order reduction [Peled, CAV 1993; Clarke, Grumberg and Peled, Model
 * Checking, 1999, ch. 10], from the model's footprints (reference/reduction.md §1–2):
 * - the candidate ample set is every enabled choice of one context (steps of one context are
 *   always dependent, so it must take them all);
 * - C1: no other context may, in any future step (its `contextFootprint`, or its
 *   `remainingFootprint` from this state when the model has it), write a slot the candidate
 *   reads or touch a slot it writes. The reads of the context's currently disabled choices
 *   count too, so no other context can enable one of them first. With `footprintBefore` the
 *   future is cut short by the scheduler and by locks: each other context counts only what it
 *   can touch before the candidate's next step;
 * - C2: when the set is smaller than the enabled set, none of its steps writes a slot that an
 *   invariant reads (an invariant without `reads` makes every step visible);
 * - C0 holds by construction; C3 (the cycle proviso) is the search's job (bfs.ts, with POR on).
 * Models without `footprint` or `contextFootprint` get no reduction: `available` says why.
 */
export class AmpleSets {
  readonly available: boolean;
  readonly reason: string;
  private readonly width: number;
  private readonly nCtx: number;
  private readonly ctxOf: Int32Array;
  private readonly choicesOf: Int32Array[];
  /** How many contexts may read / write each slot, and whether context c does (c * width + slot). */
  private readonly readers: Int32Array;
  private readonly writers: Int32Array;
  private readonly ctxReads: Uint8Array;
  private readonly ctxWrites: Uint8Array;
  private visible: Uint8Array;
  /** The slots invariants read, whatever the mutation tests do to C2. */
  private readonly visibleSlot: Uint8Array;
  private readonly everyStepVisible: boolean;
  private readonly enabledMark: Uint8Array;
  /** With remainingFootprint: the same counts and marks, recomputed for each state. */
  private readonly dynamic: boolean;
  /** With footprintBefore: the counts are per candidate, of what the others can touch before its next step. */
  private readonly before: boolean;
  private readonly dynReaders: Int32Array;
  private readonly dynWriters: Int32Array;
  private readonly dynReads: Uint8Array;
  private readonly dynWrites: Uint8Array;
  private readonly enabledCount: Int32Array;

  /** `visibility: false` drops C2: only the mutation tests use it, to show a test fails without it. */
  constructor(
    readonly model: Model,
    private readonly visibility = true,
  ) {
    const w = model.stateSize;
    this.width = w;
    this.nCtx = model.contexts.length;
    const mc = Math.max(1, model.maxChoices);
    this.ctxOf = new Int32Array(mc);
    const lists: number[][] = Array.from({ length: this.nCtx }, () => []);
    for (let c = 0; c < model.maxChoices; c++) {
      const ctx = model.contextOf(c);
      this.ctxOf[c] = ctx;
      lists[ctx]?.push(c);
    }
    this.choicesOf = lists.map((l) => Int32Array.from(l));
    this.readers = new Int32Array(w);
    this.writers = new Int32Array(w);
    this.ctxReads = new Uint8Array(this.nCtx * w);
    this.ctxWrites = new Uint8Array(this.nCtx * w);
    this.visible = new Uint8Array(w);
    this.visibleSlot = new Uint8Array(w);
    this.everyStepVisible = model.invariants.some((i) => !i.reads);
    this.enabledMark = new Uint8Array(mc);
    this.enabledCount = new Int32Array(this.nCtx);
    this.before = !!model.footprintBefore;
    this.dynamic = !!model.remainingFootprint || this.before;
    this.dynReaders = new Int32Array(this.dynamic ? w : 0);
    this.dynWriters = new Int32Array(this.dynamic ? w : 0);
    this.dynReads = new Uint8Array(this.dynamic ? this.nCtx * w : 0);
    this.dynWrites = new Uint8Array(this.dynamic ? this.nCtx * w : 0);
    let reason = "";
    if (!model.footprint) reason = "the model declares no footprints";
    else if (!model.contextFootprint && !model.remainingFootprint && !model.footprintBefore) reason = "the model declares no per-context footprints (contextFootprint)";
    else if (visibility && model.invariants.some((i) => !i.reads)) reason = "an invariant does not declare the slots it reads, so every step is visible";
    this.available = reason === "";
    this.reason = reason;
    if (!this.available) return;
    for (let c = 0; c < this.nCtx && model.contextFootprint; c++) {
      const f = model.contextFootprint(c);
      for (let i = 0; i < f.reads.length; i++) this.mark(this.ctxReads, this.readers, c, f.reads[i]!);
      for (let i = 0; i < f.writes.length; i++) this.mark(this.ctxWrites, this.writers, c, f.writes[i]!);
    }
    for (const inv of model.invariants) for (let i = 0; i < (inv.reads?.length ?? 0); i++) this.visibleSlot[inv.reads![i]!] = 1;
    if (visibility) this.visible = this.visibleSlot;
  }

  private mark(own: Uint8Array, count: Int32Array, c: number, slot: number): void {
    if (own[c * this.width + slot]) return;
    own[c * this.width + slot] = 1;
    count[slot]!++;
  }

  /** Whether a context other than `c` may still read / write `slot` (ever, from this state, or before c's next step). */
  private othersRead(c: number, slot: number): boolean {
    if (this.dynamic) return this.dynReaders[slot]! - this.dynReads[c * this.width + slot]! > 0;
    return this.readers[slot]! - this.ctxReads[c * this.width + slot]! > 0;
  }
  private othersWrite(c: number, slot: number): boolean {
    if (this.dynamic) return this.dynWriters[slot]! - this.dynWrites[c * this.width + slot]! > 0;
    return this.writers[slot]! - this.ctxWrites[c * this.width + slot]! > 0;
  }

  /** Counts who may touch each slot before context c's next step (Model.footprintBefore); c itself counts nothing. */
  private loadBefore(state: Int32Array, c: number): void {
    this.dynReaders.fill(0);
    this.dynWriters.fill(0);
    this.dynReads.fill(0);
    this.dynWrites.fill(0);
    for (let o = 0; o < this.nCtx; o++) {
      if (o === c) continue;
      const f = this.model.footprintBefore!(state, o, c);
      for (let i = 0; i < f.reads.length; i++) this.mark(this.dynReads, this.dynReaders, o, f.reads[i]!);
      for (let i = 0; i < f.writes.length; i++) this.mark(this.dynWrites, this.dynWriters, o, f.writes[i]!);
    }
  }

  /** Recounts who may still touch each slot from `state`. */
  private loadRemaining(state: Int32Array): void {
    this.dynReaders.fill(0);
    this.dynWriters.fill(0);
    this.dynReads.fill(0);
    this.dynWrites.fill(0);
    for (let c = 0; c < this.nCtx; c++) {
      const f = this.model.remainingFootprint!(state, c);
      for (let i = 0; i < f.reads.length; i++) this.mark(this.dynReads, this.dynReaders, c, f.reads[i]!);
      for (let i = 0; i < f.writes.length; i++) this.mark(this.dynWrites, this.dynWriters, c, f.writes[i]!);
    }
  }

  /**
   * Writes an ample subset of the `n` enabled choices into `out` and returns its size;
   * returns n (with `out` a copy of `enabled`) when no context qualifies.
   */
  choose(state: Int32Array, enabled: Int32Array, n: number, out: Int32Array): number {
    if (this.available && n > 1) {
      const counts = this.enabledCount;
      counts.fill(0);
      for (let i = 0; i < n; i++) {
        this.enabledMark[enabled[i]!] = 1;
        counts[this.ctxOf[enabled[i]!]!]!++;
      }
      let best = -1;
      if (this.dynamic && !this.before) this.loadRemaining(state);
      for (let c = 0; c < this.nCtx; c++) {
        const k = counts[c]!;
        if (k === 0 || k === n) continue;
        if (best >= 0 && k >= counts[best]!) continue;
        if (this.qualifies(state, c)) best = c;
      }
      for (let i = 0; i < n; i++) this.enabledMark[enabled[i]!] = 0;
      if (best >= 0) {
        let m = 0;
        for (let i = 0; i < n; i++) if (this.ctxOf[enabled[i]!] === best) out[m++] = enabled[i]!;
        return m;
      }
    }
    for (let i = 0; i < n; i++) out[i] = enabled[i]!;
    return n;
  }

  /** Whether `choice` may write a slot an invariant reads (C2's "visible"). */
  isVisible(state: Int32Array, choice: number): boolean {
    if (this.everyStepVisible) return true;
    const w = this.model.footprint!.call(this.model, state, choice).writes;
    for (let j = 0; j < w.length; j++) if (this.visibleSlot[w[j]!]) return true;
    return false;
  }

  /** C1 and C2 for "all enabled choices of context c"; enabledMark holds the enabled set. */
  private qualifies(state: Int32Array, c: number): boolean {
    const fpOf = this.model.footprint!;
    const choices = this.choicesOf[c]!;
    if (this.before) this.loadBefore(state, c);
    for (let i = 0; i < choices.length; i++) {
      const t = choices[i]!;
      const f = fpOf.call(this.model, state, t);
      const r = f.reads;
      for (let j = 0; j < r.length; j++) if (this.othersWrite(c, r[j]!)) return false;
      if (!this.enabledMark[t]) continue;
      const w = f.writes;
      for (let j = 0; j < w.length; j++) {
        const x = w[j]!;
        if (this.visible[x] || this.othersRead(c, x) || this.othersWrite(c, x)) return false;
      }
    }
    return true;
  }
}
