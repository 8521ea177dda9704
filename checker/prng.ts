/** A small seeded PRNG (mulberry32): random walks must be reproducible from their seed. */
export class Prng {
  private s: number;
  constructor(seed: number) {
    this.s = seed | 0;
  }
  /** Uniform 32-bit unsigned integer. */
  nextU32(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }
  /** Uniform integer in [0, n). */
  below(n: number): number {
    return this.nextU32() % n;
  }
}
