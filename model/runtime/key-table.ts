/**
 * Interned fixed-width keys: each distinct run of `width` Int32 words gets a small id, the same
 * every time it is seen again, compared word for word (never by hash alone), so that ids stand
 * for keys exactly. Symmetry's encoder (symmetry-encoder.ts) names each instance's sort key by
 * its id; a search meets a few hundred to a few thousand distinct keys. A key's hash is a sum of
 * one term per word (`term`), so a caller that changes a few words of a known key updates its
 * hash from those words alone. Open addressing over a power-of-two table; the key pool and the
 * table double when full, so `intern` allocates only then.
 */
export class KeyTable {
  /** Key `id` is pool[id * width, (id + 1) * width), and its hash hashes[id]. */
  pool: Int32Array;
  hashes: Int32Array;
  /** id + 1 per slot (0: empty). */
  private slots: Int32Array;
  private mask: number;
  /** How many distinct keys. */
  count = 0;

  constructor(readonly width: number) {
    this.pool = new Int32Array(Math.max(1, width) * 64);
    this.hashes = new Int32Array(64);
    this.slots = new Int32Array(128);
    this.mask = 127;
  }

  /** The id of the key in buf[at, at + width), added if new; `h` is its hash (hashOf) when the caller kept it. */
  intern(buf: Int32Array, at: number, h = this.hashOf(buf, at)): number {
    const w = this.width;
    let i = slotOf(h) & this.mask;
    for (;;) {
      const e = this.slots[i]!;
      if (e === 0) break;
      if (this.hashes[e - 1] === h && this.equals(e - 1, buf, at)) return e - 1;
      i = (i + 1) & this.mask;
    }
    const id = this.count++;
    if ((id + 1) * w > this.pool.length) {
      const bigger = new Int32Array(this.pool.length * 2);
      bigger.set(this.pool);
      this.pool = bigger;
    }
    if (id >= this.hashes.length) {
      const hashes = new Int32Array(this.hashes.length * 2);
      hashes.set(this.hashes);
      this.hashes = hashes;
    }
    for (let k = 0; k < w; k++) this.pool[id * w + k] = buf[at + k]!;
    this.hashes[id] = h;
    this.slots[i] = id + 1;
    if (this.count * 2 > this.slots.length) this.grow();
    return id;
  }

  /** The hash of the key in buf[at, at + width): the sum of its words' terms. */
  hashOf(buf: Int32Array, at: number): number {
    let h = 0;
    for (let k = 0; k < this.width; k++) h = (h + term(k, buf[at + k]!)) | 0;
    return h;
  }

  /** Negative, zero or positive as key `a` is lexicographically below, equal to or above key `b`, word by word as signed numbers. */
  compare(a: number, b: number): number {
    if (a === b) return 0;
    const w = this.width;
    const pool = this.pool;
    for (let k = 0, x = a * w, y = b * w; k < w; k++, x++, y++) {
      const d = pool[x]! - pool[y]!;
      if (d !== 0) return d;
    }
    return 0;
  }

  private equals(id: number, buf: Int32Array, at: number): boolean {
    const w = this.width;
    const pool = this.pool;
    for (let k = 0, x = id * w; k < w; k++, x++) if (pool[x] !== buf[at + k]) return false;
    return true;
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Int32Array(old.length * 2);
    this.mask = this.slots.length - 1;
    for (let id = 0; id < this.count; id++) {
      let i = slotOf(this.hashes[id]!) & this.mask;
      while (this.slots[i] !== 0) i = (i + 1) & this.mask;
      this.slots[i] = id + 1;
    }
  }
}

/** Word k's share of a key's hash when it holds v (KeyTable.hashOf): a mix of both. */
export function term(k: number, v: number): number {
  let h = Math.imul(v + Math.imul(k + 1, 0x61c88647), 0x85ebca6b);
  h ^= h >>> 15;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 13);
}

/** A sum of terms, mixed again before it picks a table slot. */
function slotOf(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  return h ^ (h >>> 15);
}
