import type { VisitedStore } from "./visited-store.js";

/** Hash functions per state: a third sharply cuts omissions [Dillinger and Manolios, SPIN 2004]. */
export const BITSTATE_HASHES = 3;

/**
 * Bitstate (supertrace) visited set [Holzmann, FMSD 1998]: 2^log2Bits bits, three set per state
 * (double hashing of the 64-bit fingerprint, Kirsch and Mitzenmacher). A new state whose bits
 * are all set already is taken for seen, so a search over it is never a proof; it keeps, as it
 * goes, the expected number of states so omitted (reduction.md §7) and of collisions, for the
 * omission count (omission-census.ts). Bits are only ever set, so a state whose bits are not all
 * set at the end was never stored. No parent links: the path to a state is the depth-first stack.
 */
export class BitstateSet implements VisitedStore {
  private readonly bits: Uint32Array;
  private readonly mask: number;
  /** States stored. */
  size = 0;
  /** Bits set so far. */
  ones = 0;
  /** Σ over insertions of P(the new state's bits were all set already): expected omissions. */
  expectedOmissions = 0;
  /** Σ over insertions of φ/(1-φ), φ = P(a new state's bits are all set) then: the expected number of collisions. */
  expectedCollisions = 0;

  constructor(readonly log2Bits: number) {
    this.bits = new Uint32Array(2 ** (log2Bits - 5));
    this.mask = 2 ** log2Bits - 1;
  }

  get bytes(): number {
    return this.bits.byteLength;
  }

  /** Bits in all. */
  get capacity(): number {
    return this.mask + 1;
  }

  /** Sets the state's bits; returns its number (in insertion order) if at least one was clear, else -1. */
  insert(hi: number, lo: number, _parent: number, _choice: number): number {
    const h2 = lo | 1;
    let added = 0;
    for (let k = 0; k < BITSTATE_HASHES; k++) {
      const idx = this.bitOf(hi, h2, k);
      const word = idx >>> 5;
      const bit = 1 << (idx & 31);
      if ((this.bits[word]! & bit) === 0) {
        this.bits[word] = this.bits[word]! | bit;
        added++;
      }
    }
    if (added === 0) return -1;
    const m = this.mask + 1;
    // Each state generated for the first time is stored (1-φ) or collides (φ). Cubes by hand: `**` is a call (BITSTATE_HASHES is 3).
    const share = this.ones / m;
    const phi = share * share * share;
    this.expectedCollisions += phi / (1 - phi);
    this.ones += added;
    // Before this insertion `size` states had set their bits.
    const fill = 1 - Math.exp((-BITSTATE_HASHES * this.size) / m);
    this.expectedOmissions += fill ** BITSTATE_HASHES;
    return this.size++;
  }

  /** Whether all the state's bits are set. */
  has(hi: number, lo: number): boolean {
    const h2 = lo | 1;
    for (let k = 0; k < BITSTATE_HASHES; k++) {
      const idx = this.bitOf(hi, h2, k);
      if ((this.bits[idx >>> 5]! & (1 << (idx & 31))) === 0) return false;
    }
    return true;
  }

  /** The k-th bit of a state: hi + k·h2, h2 odd so the three differ. */
  private bitOf(hi: number, h2: number, k: number): number {
    const h = (hi + Math.imul(k, h2)) >>> 0;
    return this.log2Bits === 32 ? h : h & this.mask;
  }
}
