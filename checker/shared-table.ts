/**
 * The visited set shared by parallel workers: 64-bit fingerprints in an insert-only
 * open-addressing table over SharedArrayBuffers [Laarman, van de Pol and Weber, FMCAD 2010;
 * reference/reduction.md §8]. A slot is claimed by compare-and-swap of its high word from 0 to
 * BUSY; the winner writes the low word, then publishes the high word; a reader that meets BUSY
 * waits for it. The winner owns the state's expansion and writes its parent link and choice.
 * Slots never move (no growth while workers run), so a slot is the state's id.
 * Typed arrays of Int32 only: BigInt keys would allocate on every probe.
 */
const BUSY = -1;

export interface SharedTableBuffers {
  readonly keys: SharedArrayBuffer;
  readonly links: SharedArrayBuffer;
}

export const TABLE_PRESENT = -1;
export const TABLE_FULL = -2;

export class SharedTable {
  readonly keys: Int32Array;
  /** Per slot: parent slot, choice from the parent. */
  readonly links: Int32Array;
  readonly capacity: number;
  private readonly mask: number;
  /** Inserts beyond this many per worker's share would push the load past 0.9: the table reports full. */
  readonly limit: number;

  constructor(readonly buffers: SharedTableBuffers) {
    this.keys = new Int32Array(buffers.keys);
    this.links = new Int32Array(buffers.links);
    this.capacity = this.keys.length >> 1;
    this.mask = this.capacity - 1;
    this.limit = Math.floor(this.capacity * 0.9);
  }

  static create(slots: number): SharedTable {
    let cap = 1 << 10;
    while (cap < slots) cap <<= 1;
    return new SharedTable({ keys: new SharedArrayBuffer(cap * 8), links: new SharedArrayBuffer(cap * 8) });
  }

  get bytes(): number {
    return this.keys.byteLength + this.links.byteLength;
  }

  /**
   * Inserts (hi, lo); returns the slot if this caller won it, TABLE_PRESENT if the fingerprint
   * was there already, TABLE_FULL if no free slot was found within the probe budget.
   */
  insert(hi: number, lo: number, parent: number, choice: number): number {
    // 0 marks an empty slot and BUSY a claimed one, so neither may be a stored high word.
    if (hi === 0 || hi === BUSY) hi = 2;
    const keys = this.keys;
    const mask = this.mask;
    let i = hi & mask;
    for (let probes = 0; probes <= mask; probes++) {
      // A plain read is enough to see a slot is taken; claiming it and reading a low word that
      // may have just been published go through Atomics.
      let h = keys[2 * i]!;
      if (h === 0) {
        h = Atomics.compareExchange(keys, 2 * i, 0, BUSY);
        if (h === 0) {
          Atomics.store(keys, 2 * i + 1, lo);
          this.links[2 * i] = parent;
          this.links[2 * i + 1] = choice;
          Atomics.store(keys, 2 * i, hi);
          return i;
        }
      }
      while (h === BUSY) h = Atomics.load(keys, 2 * i);
      if (h === hi && Atomics.load(keys, 2 * i + 1) === lo) return TABLE_PRESENT;
      i = (i + 1) & mask;
    }
    return TABLE_FULL;
  }

  /**
   * A table of at least `slots` slots holding every entry of this one, for the main thread while
   * no worker runs. Slots move, so `remap[old] = new` is returned for the frontier's slots;
   * parent links are translated here.
   */
  grownTo(slots: number): { table: SharedTable; remap: Int32Array } {
    const next = SharedTable.create(slots);
    const remap = new Int32Array(this.capacity).fill(-1);
    const keys = this.keys;
    for (let s = 0; s < this.capacity; s++) {
      const hi = keys[2 * s]!;
      if (hi === 0) continue;
      remap[s] = next.insert(hi, keys[2 * s + 1]!, -1, -1);
    }
    for (let s = 0; s < this.capacity; s++) {
      const ns = remap[s]!;
      if (ns < 0) continue;
      const p = this.links[2 * s]!;
      next.links[2 * ns] = p < 0 ? p : remap[p]!;
      next.links[2 * ns + 1] = this.links[2 * s + 1]!;
    }
    return { table: next, remap };
  }

  parentOf(slot: number): number {
    return this.links[2 * slot]!;
  }

  choiceOf(slot: number): number {
    return this.links[2 * slot + 1]!;
  }
}
