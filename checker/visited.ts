/**
 * The visited set: 64-bit fingerprints in a growing open-addressing table (linear probing),
 * with a parent link per entry so any state's path can be rebuilt.
 *
 * A state's id is its slot. That keeps the store at 12 bytes a slot (8 fingerprint + 4 parent)
 * with no separate id index; the price is that ids move when the table grows, so growth
 * hands the caller a remap (old slot -> new slot) for any ids it holds in queues or stacks.
 * The transition taken from the parent is not stored: path rebuild re-enumerates the parent's
 * successors and matches fingerprints, which costs only at counterexample time.
 */
export const NO_PARENT = -1;

export class VisitedTable {
  private keys: Int32Array;
  private parents: Int32Array;
  private mask: number;
  private limit: number;
  size = 0;
  /** Called after growth with remap[oldSlot] = newSlot (-1 for empty old slots). */
  onResize: ((remap: Int32Array) => void) | null = null;

  constructor(
    initialCapacity = 1 << 16,
    private readonly maxLoad = 0.75,
  ) {
    let cap = 1 << 4;
    while (cap < initialCapacity) cap <<= 1;
    this.keys = new Int32Array(cap * 2);
    this.parents = new Int32Array(cap);
    this.mask = cap - 1;
    this.limit = Math.floor(cap * maxLoad);
  }

  get capacity(): number {
    return this.mask + 1;
  }

  get bytes(): number {
    return this.keys.byteLength + this.parents.byteLength;
  }

  /**
   * Inserts fingerprint (hi, lo) with `parent`. Returns its slot if it was new,
   * or -(slot + 1) if it was already present. May grow the table (and call onResize) first.
   */
  insert(hi: number, lo: number, parent: number): number {
    if (this.size >= this.limit) parent = this.grow(parent);
    const keys = this.keys;
    const mask = this.mask;
    let i = hi & mask;
    for (;;) {
      const k0 = keys[2 * i]!;
      const k1 = keys[2 * i + 1]!;
      if (k0 === 0 && k1 === 0) {
        keys[2 * i] = hi;
        keys[2 * i + 1] = lo;
        this.parents[i] = parent;
        this.size++;
        return i;
      }
      if (k0 === hi && k1 === lo) return -(i + 1);
      i = (i + 1) & mask;
    }
  }

  /** Slot of (hi, lo), or -1. */
  find(hi: number, lo: number): number {
    const keys = this.keys;
    const mask = this.mask;
    let i = hi & mask;
    for (;;) {
      const k0 = keys[2 * i]!;
      const k1 = keys[2 * i + 1]!;
      if (k0 === 0 && k1 === 0) return -1;
      if (k0 === hi && k1 === lo) return i;
      i = (i + 1) & mask;
    }
  }

  parentOf(slot: number): number {
    return this.parents[slot]!;
  }

  hiOf(slot: number): number {
    return this.keys[2 * slot]!;
  }

  loOf(slot: number): number {
    return this.keys[2 * slot + 1]!;
  }

  /** Doubles the table; returns `pendingParent` translated to the new numbering. */
  private grow(pendingParent: number): number {
    const oldKeys = this.keys;
    const oldParents = this.parents;
    const oldCap = this.mask + 1;
    const cap = oldCap * 2;
    const keys = new Int32Array(cap * 2);
    const mask = cap - 1;
    const remap = new Int32Array(oldCap).fill(-1);
    for (let s = 0; s < oldCap; s++) {
      const hi = oldKeys[2 * s]!;
      const lo = oldKeys[2 * s + 1]!;
      if (hi === 0 && lo === 0) continue;
      let i = hi & mask;
      while (keys[2 * i] !== 0 || keys[2 * i + 1] !== 0) i = (i + 1) & mask;
      keys[2 * i] = hi;
      keys[2 * i + 1] = lo;
      remap[s] = i;
    }
    const parents = new Int32Array(cap);
    for (let s = 0; s < oldCap; s++) {
      const ns = remap[s]!;
      if (ns < 0) continue;
      const p = oldParents[s]!;
      parents[ns] = p === NO_PARENT ? NO_PARENT : remap[p]!;
    }
    this.keys = keys;
    this.parents = parents;
    this.mask = mask;
    this.limit = Math.floor(cap * this.maxLoad);
    if (this.onResize) this.onResize(remap);
    return pendingParent === NO_PARENT ? NO_PARENT : remap[pendingParent]!;
  }
}
