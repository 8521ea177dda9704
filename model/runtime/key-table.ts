/**
 * Interned fixed-width keys: each distinct run of `width` Int32 words gets a small id, the same
 * every time it is seen again, compared word for word (never by hash alone), so that ids stand
 * for keys exactly. Symmetry's encoder (symmetry-encoder.ts) names each instance's sort key by
 * its id; a search meets a few hundred to a few thousand distinct keys. Open addressing over a
 * power-of-two table; the key pool and the table double when full, so `intern` allocates only
 * then.
 */
export class KeyTable {
  /** Key `id` is pool[id * width, (id + 1) * width). */
  pool: Int32Array;
  /** id + 1 per slot (0: empty). */
  private slots: Int32Array;
  private mask: number;
  /** How many distinct keys. */
  count = 0;

  constructor(readonly width: number) {
    this.pool = new Int32Array(Math.max(1, width) * 64);
    this.slots = new Int32Array(128);
    this.mask = 127;
  }

  /** The id of the key in buf[at, at + width), added if new. */
  intern(buf: Int32Array, at: number): number {
    const w = this.width;
    let i = this.hash(buf, at) & this.mask;
    for (;;) {
      const e = this.slots[i]!;
      if (e === 0) break;
      if (this.equals(e - 1, buf, at)) return e - 1;
      i = (i + 1) & this.mask;
    }
    const id = this.count++;
    if ((id + 1) * w > this.pool.length) {
      const bigger = new Int32Array(this.pool.length * 2);
      bigger.set(this.pool);
      this.pool = bigger;
    }
    this.pool.set(buf.subarray(at, at + w), id * w);
    this.slots[i] = id + 1;
    if (this.count * 2 > this.slots.length) this.grow();
    return id;
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

  private hash(buf: Int32Array, at: number): number {
    let h = 0x811c9dc5 | 0;
    for (let k = 0; k < this.width; k++) h = Math.imul(h ^ buf[at + k]!, 0x01000193);
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    return h ^ (h >>> 12);
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Int32Array(old.length * 2);
    this.mask = this.slots.length - 1;
    for (let id = 0; id < this.count; id++) {
      let i = this.hash(this.pool, id * this.width) & this.mask;
      while (this.slots[i] !== 0) i = (i + 1) & this.mask;
      this.slots[i] = id + 1;
    }
  }
}
