import { FootprintBits, hasBit, invariantSlots, newBits, orInto, type Bits } from "./footprint-bits.js";
import type { Model } from "../model.js";

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
 * - C0 holds by construction; C3 (the cycle proviso) is the search's job (level-expansion.ts, with POR on).
 * Models without `footprint` or `contextFootprint` get no reduction: `available` says why.
 *
 * The others' footprints are unions of slot sets, so they are kept as bit sets: each footprint
 * object a model hands out is turned into bits once (models memoise theirs) and C1 is a few word
 * ORs per candidate and one bit test per slot the candidate touches.
 */
export class AmpleSets {
  readonly available: boolean;
  readonly reason: string;
  private readonly words: number;
  private readonly nCtx: number;
  private readonly ctxOf: Int32Array;
  private readonly choicesOf: Int32Array[];
  /** Where C1's "future" of the other contexts comes from. */
  private readonly mode: "before" | "remaining" | "whole";
  /** Whole mode: per context, the union of every other context's whole footprint. */
  private readonly othersWhole: Bits[] = [];
  /** Remaining mode: each context's remaining footprint in the current state. */
  private readonly remaining: Bits[];
  /** The union of what the other contexts may read / write, for the candidate being tested. */
  private readonly others: Bits;
  private readonly visible: Uint32Array;
  /** The slots invariants read, whatever the mutation tests do to C2. */
  private readonly visibleSlot: Uint32Array;
  private readonly everyStepVisible: boolean;
  private readonly enabledMark: Uint8Array;
  private readonly enabledCount: Int32Array;
  private readonly fpBits: FootprintBits;

  /**
   * `visibility: false` drops C2, `disabledReads: false` drops C1's check of the candidate's
   * disabled choices: only the mutation tests use them, to show a test fails without them.
   */
  constructor(
    readonly model: Model,
    visibility = true,
    private readonly disabledReads = true,
  ) {
    const words = (model.stateSize + 31) >>> 5;
    this.words = words;
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
    this.others = newBits(words);
    this.remaining = [];
    this.visible = new Uint32Array(words);
    this.visibleSlot = invariantSlots(model);
    this.everyStepVisible = model.invariants.some((i) => !i.reads);
    this.enabledMark = new Uint8Array(mc);
    this.enabledCount = new Int32Array(this.nCtx);
    this.fpBits = new FootprintBits(model.stateSize);
    this.mode = model.footprintBefore ? "before" : model.remainingFootprint ? "remaining" : "whole";
    let reason = "";
    if (!model.footprint) reason = "the model declares no footprints";
    else if (!model.contextFootprint && !model.remainingFootprint && !model.footprintBefore) reason = "the model declares no per-context footprints (contextFootprint)";
    else if (visibility && model.invariants.some((i) => !i.reads)) reason = "an invariant does not declare the slots it reads, so every step is visible";
    this.available = reason === "";
    this.reason = reason;
    if (!this.available) return;
    if (this.mode === "whole") {
      const whole = Array.from({ length: this.nCtx }, (_, c) => this.fpBits.of(model.contextFootprint!(c)));
      for (let c = 0; c < this.nCtx; c++) {
        const b = newBits(words);
        for (let o = 0; o < this.nCtx; o++) if (o !== c) orInto(b, whole[o]!, words);
        this.othersWhole.push(b);
      }
    }
    if (visibility) this.visible = this.visibleSlot;
  }

  /** Loads into `others` what every context but c may touch: ever, from `state` on, or before c's next step. */
  private loadOthers(state: Int32Array, c: number): Bits {
    const o = this.others;
    const words = this.words;
    if (this.mode === "whole") return this.othersWhole[c]!;
    o.r.fill(0);
    o.w.fill(0);
    for (let x = 0; x < this.nCtx; x++) {
      if (x === c) continue;
      orInto(o, this.mode === "before" ? this.fpBits.of(this.model.footprintBefore!(state, x, c)) : this.remaining[x]!, words);
    }
    return o;
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
      if (this.mode === "remaining") for (let x = 0; x < this.nCtx; x++) this.remaining[x] = this.fpBits.of(this.model.remainingFootprint!(state, x));
      let best = -1;
      for (let c = 0; c < this.nCtx; c++) {
        const k = counts[c]!;
        if (k === 0 || k === n) continue;
        if (best >= 0 && k >= counts[best]!) continue;
        if (this.qualifies(state, c)) {
          best = c;
          if (k === 1) break; // no candidate is smaller
        }
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

  /**
   * Writes the choices of `enabled[0..n)` that are not in `ample[0..m)` into `out` from `at` on,
   * and returns how many: what a reduced expansion left out, for the cycle provisos.
   */
  rest(enabled: Int32Array, n: number, ample: Int32Array, m: number, out: Int32Array, at = 0): number {
    const mark = this.enabledMark;
    for (let i = 0; i < m; i++) mark[ample[i]!] = 1;
    let k = 0;
    for (let i = 0; i < n; i++) if (!mark[enabled[i]!]) out[at + k++] = enabled[i]!;
    for (let i = 0; i < m; i++) mark[ample[i]!] = 0;
    return k;
  }

  /** Whether `choice` may write a slot an invariant reads (C2's "visible"). */
  isVisible(state: Int32Array, choice: number): boolean {
    if (this.everyStepVisible) return true;
    const w = this.model.footprint!.call(this.model, state, choice).writes;
    for (let j = 0; j < w.length; j++) if (hasBit(this.visibleSlot, w[j]!)) return true;
    return false;
  }

  /** C1 and C2 for "all enabled choices of context c"; enabledMark holds the enabled set. */
  private qualifies(state: Int32Array, c: number): boolean {
    const fpOf = this.model.footprint!;
    const choices = this.choicesOf[c]!;
    const o = this.loadOthers(state, c);
    for (let i = 0; i < choices.length; i++) {
      const t = choices[i]!;
      const on = this.enabledMark[t] === 1;
      if (!on && !this.disabledReads) continue;
      const f = fpOf.call(this.model, state, t);
      const r = f.reads;
      for (let j = 0; j < r.length; j++) if (hasBit(o.w, r[j]!)) return false;
      if (!on) continue;
      const w = f.writes;
      for (let j = 0; j < w.length; j++) {
        const x = w[j]!;
        if (hasBit(this.visible, x) || hasBit(o.r, x) || hasBit(o.w, x)) return false;
      }
    }
    return true;
  }
}

