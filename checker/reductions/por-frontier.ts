/**
 * The fingerprints stored during one BFS level: the states of the next level, all still queued.
 * The partial-order search's cycle proviso (level-expansion.ts, with POR on) asks it whether an ample successor that
 * was already visited will still be expanded after the current state (reduction.md §2, BFS form:
 * "new or still queued", Bošnački and Holzmann, SPIN 2005). The visited table cannot say, since it
 * keeps no fingerprint-to-id map (visited.ts), so this set holds one level only and is emptied in
 * O(1) at each level change by bumping a generation stamp. Open addressing, linear probing; it
 * doubles when half full, so a level costs amortised O(1) per state and nothing per lookup.
 */
export class LevelSet {
  private keys: Int32Array;
  private stamp: Int32Array;
  private mask: number;
  private gen = 1;
  private size = 0;

  constructor(capacity = 1 << 12) {
    let cap = 16;
    while (cap < capacity) cap <<= 1;
    this.keys = new Int32Array(cap * 2);
    this.stamp = new Int32Array(cap);
    this.mask = cap - 1;
  }

  /** Forgets every member (a new level starts). */
  clear(): void {
    this.gen++;
    this.size = 0;
  }

  add(hi: number, lo: number): void {
    if ((this.size + 1) * 2 > this.mask + 1) this.grow();
    this.place(hi, lo);
  }

  has(hi: number, lo: number): boolean {
    const keys = this.keys;
    const stamp = this.stamp;
    const mask = this.mask;
    // Fingerprints are already mixed (fingerprint.ts), so the low word indexes well.
    for (let i = lo & mask; stamp[i] === this.gen; i = (i + 1) & mask) if (keys[2 * i] === hi && keys[2 * i + 1] === lo) return true;
    return false;
  }

  private place(hi: number, lo: number): void {
    const keys = this.keys;
    const stamp = this.stamp;
    const mask = this.mask;
    let i = lo & mask;
    for (; stamp[i] === this.gen; i = (i + 1) & mask) if (keys[2 * i] === hi && keys[2 * i + 1] === lo) return;
    stamp[i] = this.gen;
    keys[2 * i] = hi;
    keys[2 * i + 1] = lo;
    this.size++;
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldStamp = this.stamp;
    const gen = this.gen;
    const cap = (this.mask + 1) * 2;
    this.keys = new Int32Array(cap * 2);
    this.stamp = new Int32Array(cap);
    this.mask = cap - 1;
    this.size = 0;
    for (let i = 0; i < oldStamp.length; i++) if (oldStamp[i] === gen) this.place(oldKeys[2 * i]!, oldKeys[2 * i + 1]!);
  }
}
