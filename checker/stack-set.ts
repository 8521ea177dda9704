/**
 * The fingerprints of the states on a DFS stack, for the partial-order reduction's stack proviso
 * (reduction.md §2, Holzmann and Peled, FORTE 1994): a state whose ample set leads back onto the
 * stack closes a cycle and must be expanded in full. The visited table cannot say which states
 * are on the stack, and a scan of the stack costs its depth per step. Open addressing with linear
 * probing and backward-shift deletion (no tombstones), so pops keep lookups short; it doubles at
 * half full. Fingerprints are never (0, 0), which marks a free slot.
 */
export class StackSet {
  private keys: Int32Array;
  private mask: number;
  private size = 0;

  constructor(capacity = 1 << 8) {
    let cap = 16;
    while (cap < capacity) cap <<= 1;
    this.keys = new Int32Array(cap * 2);
    this.mask = cap - 1;
  }

  has(hi: number, lo: number): boolean {
    return this.find(hi, lo) >= 0;
  }

  /** Adds (hi, lo); a state is on a DFS path at most once, so it is never present already. */
  add(hi: number, lo: number): void {
    if ((this.size + 1) * 2 > this.mask + 1) this.grow();
    const keys = this.keys;
    let i = lo & this.mask;
    while (keys[2 * i] !== 0 || keys[2 * i + 1] !== 0) i = (i + 1) & this.mask;
    keys[2 * i] = hi;
    keys[2 * i + 1] = lo;
    this.size++;
  }

  /** Removes (hi, lo) if present, moving later members of its probe run back into the gap. */
  delete(hi: number, lo: number): void {
    let gap = this.find(hi, lo);
    if (gap < 0) return;
    const keys = this.keys;
    const mask = this.mask;
    this.size--;
    for (let j = (gap + 1) & mask; keys[2 * j] !== 0 || keys[2 * j + 1] !== 0; j = (j + 1) & mask) {
      const home = keys[2 * j + 1]! & mask;
      // j's key may fill the gap unless its home lies cyclically in (gap, j].
      const stays = gap <= j ? gap < home && home <= j : gap < home || home <= j;
      if (stays) continue;
      keys[2 * gap] = keys[2 * j]!;
      keys[2 * gap + 1] = keys[2 * j + 1]!;
      gap = j;
    }
    keys[2 * gap] = 0;
    keys[2 * gap + 1] = 0;
  }

  private find(hi: number, lo: number): number {
    const keys = this.keys;
    const mask = this.mask;
    for (let i = lo & mask; keys[2 * i] !== 0 || keys[2 * i + 1] !== 0; i = (i + 1) & mask) if (keys[2 * i] === hi && keys[2 * i + 1] === lo) return i;
    return -1;
  }

  private grow(): void {
    const old = this.keys;
    const cap = (this.mask + 1) * 2;
    this.keys = new Int32Array(cap * 2);
    this.mask = cap - 1;
    this.size = 0;
    for (let i = 0; i < old.length; i += 2) if (old[i] !== 0 || old[i + 1] !== 0) this.add(old[i]!, old[i + 1]!);
  }
}
