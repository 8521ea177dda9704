/**
 * The visited set shared by parallel workers: 64-bit fingerprints in an insert-only
 * open-addressing table over SharedArrayBuffers [Laarman, van de Pol and Weber, FMCAD 2010;
 * reference/reduction.md §8]. A slot (three Int32s: high word, low word, state id) is claimed by
 * compare-and-swap of its high word from 0 to BUSY; the winner writes the low word and the id,
 * then publishes the high word; a reader that meets BUSY waits for it. The winner owns the
 * state's expansion and writes its parent link and choice.
 *
 * A state's id, not its slot, names it: ids come from per-thread blocks of a shared counter, and
 * parent links live in an array indexed by id, written in id order. So growing the table moves
 * only (fingerprint, id) triples, in slot order: no parent link, frontier entry or trace changes,
 * and the grown table is built from two sequential streams instead of random remapping.
 * Typed arrays of Int32 only: BigInt keys would allocate on every probe.
 */
const BUSY = -1;
/** Ids a thread claims at a time: one shared atomic per block, not per state. */
export const ID_BLOCK = 1024;

export interface SharedTableBuffers {
  /** Per slot: high word, low word, id. */
  readonly keys: SharedArrayBuffer;
  /** Per id: parent id, choice from the parent. */
  readonly links: SharedArrayBuffer;
  /** The id counter, kept across grown tables. */
  readonly meta: SharedArrayBuffer;
}

/** A growth's copy is cut into this many parts, claimed one at a time by the copying threads. */
export const GROW_PARTS = 64;

export const TABLE_PRESENT = -1;
export const TABLE_FULL = -2;

export class SharedTable {
  readonly keys: Int32Array;
  readonly links: Int32Array;
  private readonly meta: Int32Array;
  readonly capacity: number;
  /** Ids this table's links can hold. */
  readonly idCapacity: number;
  private readonly mask: number;
  /** This thread's current block of ids: [nextId, blockEnd). */
  private nextId = 0;
  private blockEnd = 0;

  constructor(readonly buffers: SharedTableBuffers) {
    this.keys = new Int32Array(buffers.keys);
    this.links = new Int32Array(buffers.links);
    this.meta = new Int32Array(buffers.meta);
    this.capacity = (this.keys.length / 3) | 0;
    this.mask = this.capacity - 1;
    this.idCapacity = this.links.length >> 1;
  }

  /** `spareIds`: room for the ids left unused at the end of each thread's last block. */
  static create(slots: number, spareIds: number): SharedTable {
    let cap = 1 << 10;
    while (cap < slots) cap <<= 1;
    return new SharedTable(SharedTable.buffersFor(cap, spareIds, new SharedArrayBuffer(64)));
  }

  private static buffersFor(cap: number, spareIds: number, meta: SharedArrayBuffer): SharedTableBuffers {
    return { keys: new SharedArrayBuffer(cap * 12), links: new SharedArrayBuffer((cap + spareIds) * 8), meta };
  }

  get bytes(): number {
    return this.keys.byteLength + this.links.byteLength;
  }

  /** Keeps this thread's unused ids when it switches to a grown table. */
  takeIdsFrom(old: SharedTable): void {
    this.nextId = old.nextId;
    this.blockEnd = old.blockEnd;
  }

  /**
   * Inserts (hi, lo); returns the new state's id if this caller won its slot, TABLE_PRESENT if
   * the fingerprint was there already, TABLE_FULL if no free slot or id was left.
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
      const at = 3 * i;
      let h = keys[at]!;
      if (h === 0) {
        if (this.nextId === this.blockEnd && !this.claimBlock()) return TABLE_FULL;
        h = Atomics.compareExchange(keys, at, 0, BUSY);
        if (h === 0) {
          const id = this.nextId++;
          keys[at + 1] = lo;
          keys[at + 2] = id;
          this.links[2 * id] = parent;
          this.links[2 * id + 1] = choice;
          Atomics.store(keys, at, hi);
          return id;
        }
      }
      while (h === BUSY) h = Atomics.load(keys, at);
      if (h === hi && Atomics.load(keys, at + 1) === lo) return TABLE_PRESENT;
      i = (i + 1) & mask;
    }
    return TABLE_FULL;
  }

  private claimBlock(): boolean {
    const start = Atomics.add(this.meta, 0, ID_BLOCK);
    if (start + ID_BLOCK > this.idCapacity) return false;
    this.nextId = start;
    this.blockEnd = start + ID_BLOCK;
    return true;
  }

  /**
   * A table of at least `slots` slots holding every entry of this one, for the main thread while
   * no worker runs. Ids stay, so parent links are copied as they are.
   */
  grownTo(slots: number, spareIds: number): SharedTable {
    const next = this.emptyGrown(slots, spareIds);
    for (let part = 0; part < GROW_PARTS; part++) this.copyPart(next, part);
    return next;
  }

  /** An empty table of at least `slots` slots sharing this one's id counter; copyPart fills it. */
  emptyGrown(slots: number, spareIds: number): SharedTable {
    let cap = 1 << 10;
    while (cap < slots) cap <<= 1;
    const next = new SharedTable(SharedTable.buffersFor(cap, spareIds, this.buffers.meta));
    next.takeIdsFrom(this);
    return next;
  }

  /**
   * Copies part `part` of GROW_PARTS (a range of this table's slots and the same share of its
   * parent links) into `next`. Parts are disjoint, so workers copy them at once, one claimed at a
   * time, while no search step runs: a slot is claimed by compare-and-swap of its high word
   * straight to the key (no lookup runs during the copy, so nothing waits on BUSY); entries are
   * distinct, so none is compared. The level barrier after the copy publishes the rest.
   */
  copyPart(next: SharedTable, part: number): void {
    const from = this.keys;
    const to = next.keys;
    const mask = next.mask;
    const start = Math.floor((this.capacity * part) / GROW_PARTS);
    const end = Math.floor((this.capacity * (part + 1)) / GROW_PARTS);
    for (let s = start; s < end; s++) {
      const hi = from[3 * s]!;
      if (hi === 0) continue;
      let i = hi & mask;
      while (Atomics.compareExchange(to, 3 * i, 0, hi) !== 0) i = (i + 1) & mask;
      to[3 * i + 1] = from[3 * s + 1]!;
      to[3 * i + 2] = from[3 * s + 2]!;
    }
    const ids = Math.min(this.links.length, next.links.length) >> 1;
    const a = 2 * Math.floor((ids * part) / GROW_PARTS);
    const b = 2 * Math.floor((ids * (part + 1)) / GROW_PARTS);
    next.links.set(this.links.subarray(a, b), a);
  }

  parentOf(id: number): number {
    return this.links[2 * id]!;
  }

  choiceOf(id: number): number {
    return this.links[2 * id + 1]!;
  }
}
