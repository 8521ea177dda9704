/**
 * Fingerprint → number, for the searches that must find a state again: sleep sets shrink a stored
 * state's sleep set when it is reached again (sleep-sets.ts, by state id), and DFS with POR asks
 * whether a state is on its stack (dfs.ts, by depth; popped states are deleted). The visited table
 * keeps no ids (visited.ts, for its 16 bytes a state), so this map is paid only where it is needed.
 * Open addressing with linear probing at load ≤ 1/2 and backward-shift deletion (no tombstones, so
 * pops keep lookups short); fingerprints are never (0, 0), which marks a free slot, and are
 * already mixed, so the low word indexes well.
 */
export class FingerprintIds {
  private keys: Int32Array;
  private ids: Int32Array;
  private mask: number;
  size = 0;

  /** `growth` (a power of two): how much the table grows when half full; a map that only grows rehashes less at 4. */
  constructor(
    capacity = 1 << 12,
    private readonly growth = 2,
  ) {
    let cap = 16;
    while (cap < capacity) cap <<= 1;
    this.keys = new Int32Array(cap * 2);
    this.ids = new Int32Array(cap);
    this.mask = cap - 1;
  }

  /** The id stored for (hi, lo), or -1. */
  get(hi: number, lo: number): number {
    const keys = this.keys;
    const mask = this.mask;
    for (let i = lo & mask; ; i = (i + 1) & mask) {
      const k0 = keys[2 * i]!;
      const k1 = keys[2 * i + 1]!;
      if (k0 === hi && k1 === lo) return this.ids[i]!;
      if (k0 === 0 && k1 === 0) return -1;
    }
  }

  /** Maps (hi, lo), which is not in the map, to id. */
  set(hi: number, lo: number, id: number): void {
    if ((this.size + 1) * 2 > this.mask + 1) this.grow();
    this.place(hi, lo, id);
    this.size++;
  }

  /** Removes (hi, lo) if present, moving later members of its probe run back into the gap. */
  delete(hi: number, lo: number): void {
    const keys = this.keys;
    const mask = this.mask;
    let gap = lo & mask;
    for (; keys[2 * gap] !== hi || keys[2 * gap + 1] !== lo; gap = (gap + 1) & mask) if (keys[2 * gap] === 0 && keys[2 * gap + 1] === 0) return;
    this.size--;
    for (let j = (gap + 1) & mask; keys[2 * j] !== 0 || keys[2 * j + 1] !== 0; j = (j + 1) & mask) {
      const home = keys[2 * j + 1]! & mask;
      // j's key may fill the gap unless its home lies cyclically in (gap, j].
      const stays = gap <= j ? gap < home && home <= j : gap < home || home <= j;
      if (stays) continue;
      keys[2 * gap] = keys[2 * j]!;
      keys[2 * gap + 1] = keys[2 * j + 1]!;
      this.ids[gap] = this.ids[j]!;
      gap = j;
    }
    keys[2 * gap] = 0;
    keys[2 * gap + 1] = 0;
  }

  get bytes(): number {
    return this.keys.byteLength + this.ids.byteLength;
  }

  private place(hi: number, lo: number, id: number): void {
    const keys = this.keys;
    const mask = this.mask;
    let i = lo & mask;
    while (keys[2 * i] !== 0 || keys[2 * i + 1] !== 0) i = (i + 1) & mask;
    keys[2 * i] = hi;
    keys[2 * i + 1] = lo;
    this.ids[i] = id;
  }

  private grow(): void {
    const keys = this.keys;
    const ids = this.ids;
    const cap = (this.mask + 1) * this.growth;
    this.keys = new Int32Array(cap * 2);
    this.ids = new Int32Array(cap);
    this.mask = cap - 1;
    for (let i = 0; i < ids.length; i++) if (keys[2 * i] !== 0 || keys[2 * i + 1] !== 0) this.place(keys[2 * i]!, keys[2 * i + 1]!, ids[i]!);
  }
}
