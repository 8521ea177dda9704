/** Hash functions per state: a third sharply cuts omissions [Dillinger and Manolios, SPIN 2004]. */
export const BITSTATE_HASHES = 3;

/**
 * Bitstate's visited set [Holzmann, FMSD 1998]: 2^w bits, three per state, at positions from
 * double hashing (Kirsch and Mitzenmacher) of the state's 64-bit fingerprint (h1, h2). Bits are
 * only ever set, so a state whose bits are not all set at the end was never stored.
 */
export class StateBits {
  readonly words: Uint32Array;
  private readonly mask: number;
  /** Bits set so far. */
  ones = 0;

  constructor(readonly log2: number) {
    this.words = new Uint32Array(2 ** (log2 - 5));
    this.mask = 2 ** log2 - 1;
  }

  get size(): number {
    return this.mask + 1;
  }

  /** Sets the state's bits; true if at least one was clear (the state is new). */
  add(h1: number, h2: number): boolean {
    return this.probe(h1, h2, true);
  }

  /** True if all the state's bits are set. */
  has(h1: number, h2: number): boolean {
    return !this.probe(h1, h2, false);
  }

  /** True if some bit was clear; sets them when `set`. */
  private probe(h1: number, h2: number, set: boolean): boolean {
    const step = h2 | 1;
    let clear = false;
    for (let k = 0; k < BITSTATE_HASHES; k++) {
      const h = (h1 + Math.imul(k, step)) >>> 0;
      const idx = this.log2 === 32 ? h : h & this.mask;
      const word = idx >>> 5;
      const bit = 1 << (idx & 31);
      if ((this.words[word]! & bit) !== 0) continue;
      if (!set) return true;
      this.words[word] = this.words[word]! | bit;
      this.ones++;
      clear = true;
    }
    return clear;
  }
}
