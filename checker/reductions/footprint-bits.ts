import type { Footprint, Model } from "../model.js";

/**
 * Footprints as bit sets over the state's slots, for the reductions that union and intersect
 * them in every state (por.ts, sleep-sets.ts). Models memoise their footprint objects, so each
 * object is turned into bits once; `extraReads` are added to every footprint's reads (sleep sets
 * add the scheduler's slots, which the kernel model leaves out of step footprints).
 */
export interface Bits {
  readonly r: Uint32Array;
  readonly w: Uint32Array;
}

export class FootprintBits {
  readonly words: number;
  private readonly extra: Uint32Array;
  private readonly cache = new WeakMap<Footprint, Bits>();

  constructor(stateSize: number, extraReads: ArrayLike<number> = []) {
    this.words = (stateSize + 31) >>> 5;
    this.extra = new Uint32Array(this.words);
    for (let i = 0; i < extraReads.length; i++) setBit(this.extra, extraReads[i]!);
  }

  of(f: Footprint): Bits {
    let b = this.cache.get(f);
    if (b === undefined) {
      b = newBits(this.words);
      b.r.set(this.extra);
      for (let i = 0; i < f.reads.length; i++) setBit(b.r, f.reads[i]!);
      for (let i = 0; i < f.writes.length; i++) setBit(b.w, f.writes[i]!);
      this.cache.set(f, b);
    }
    return b;
  }
}

/**
 * Whether two steps of different contexts may not commute: one writes what the other reads or
 * writes (reduction.md §1: independent iff W1∩(R2∪W2)=∅ and W2∩R1=∅).
 */
export function conflict(a: Bits, b: Bits): boolean {
  for (let i = 0; i < a.r.length; i++) if ((a.w[i]! & (b.r[i]! | b.w[i]!)) !== 0 || (b.w[i]! & a.r[i]!) !== 0) return true;
  return false;
}

/** The slots the model's invariants read, as bits; every slot when an invariant does not say which. */
export function invariantSlots(model: Model): Uint32Array {
  const b = new Uint32Array((model.stateSize + 31) >>> 5);
  if (model.invariants.some((i) => !i.reads)) return b.fill(~0);
  for (const inv of model.invariants) for (let i = 0; i < inv.reads!.length; i++) setBit(b, inv.reads![i]!);
  return b;
}

export function newBits(words: number): Bits {
  return { r: new Uint32Array(words), w: new Uint32Array(words) };
}

export function orInto(a: Bits, b: Bits, words: number): void {
  for (let i = 0; i < words; i++) {
    a.r[i]! |= b.r[i]!;
    a.w[i]! |= b.w[i]!;
  }
}

export function setBit(b: Uint32Array, slot: number): void {
  b[slot >>> 5]! |= 1 << (slot & 31);
}

export function hasBit(b: Uint32Array, slot: number): boolean {
  return (b[slot >>> 5]! & (1 << (slot & 31))) !== 0;
}
