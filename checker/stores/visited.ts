/**
 * The visited set: 64-bit fingerprints in a growing open-addressing table, with a parent link
 * and the choice taken from the parent per state, so any state's path can be rebuilt.
 *
 * Layout, for ≤ 16 bytes a state at any table size (issue 2 item 9):
 * - The table holds only fingerprints (8 bytes a slot), kept sorted by ordered linear probing
 *   (Robin Hood placement [Celis, Larson and Munro, FOCS 1985] with ties broken by key). A
 *   failed lookup stops early, so the table runs at load 0.74–0.93 rather than ≤ 0.75.
 * - The capacity is not a power of two: a slot's home is hi·(cap/2³²), which is monotone in hi
 *   and works for any capacity, so the table grows by 1.25× and never dips to half full.
 * - A state's id is its insertion number, which never changes, so growth moves no ids and
 *   queues need no remap. Parents (4 bytes) and choices (1 byte when maxChoices ≤ 256) are
 *   stored by id in fixed-size chunks, so that store never copies on growth.
 * The table does not map a fingerprint back to its id: no search needs an old state's id, and
 * not storing it is what keeps the budget. Path rebuild follows parents and replays the choices.
 */
export const NO_PARENT = -1;

const CHUNK_BITS = 12;
const CHUNK = 1 << CHUNK_BITS;
const GROWTH = 1.25;
const TWO32 = 4294967296;
/** Slots past the capacity that the last run may spill into, so runs never wrap around (doubled if a run spills). */
const OVERFLOW = 1024;
/**
 * Most entries of the cache of recent fingerprints (128 KiB, within a core's L2). Most successors
 * that are not new were reached a moment ago by a sibling path (a diamond: a then b, b then a);
 * measured on dragonfly-sofree-race, 16,384 entries answer 1.77 M of its 1.85 M repeat visits,
 * each of which would otherwise probe a table of megabytes. Below that the cache has a sixty-fourth
 * of the table's slots, so it adds under 0.2 bytes a state to the budget.
 */
const RECENT_MAX = 1 << 14;

type ChoiceArray = Uint8Array | Uint16Array | Int32Array;

export class VisitedTable {
  private keys: Int32Array;
  private cap: number;
  private scale: number;
  private limit: number;
  private readonly parentChunks: Int32Array[] = [];
  private readonly choiceChunks: ChoiceArray[] = [];
  private readonly makeChoices: (n: number) => ChoiceArray;
  private overflow = OVERFLOW;
  /**
   * Direct-mapped by the low bits of `lo`: fingerprints inserted or found present lately, so every
   * entry is in the table (nothing is ever removed from it) and a hit is an answer. (0, 0), never
   * a fingerprint, marks an empty entry.
   */
  private recent: Int32Array;
  /** recent's entries minus one (a power of two minus one). */
  private recentMask = 0;
  size = 0;

  constructor(
    initialCapacity = 1 << 16,
    private readonly maxLoad = 0.93,
    maxChoices = 256,
  ) {
    this.cap = Math.max(16, Math.ceil(initialCapacity));
    this.keys = new Int32Array((this.cap + OVERFLOW) * 2);
    this.scale = this.cap / TWO32;
    this.limit = Math.floor(this.cap * maxLoad);
    this.recent = this.recentFor(this.cap);
    this.makeChoices = maxChoices <= 256 ? (n) => new Uint8Array(n) : maxChoices <= 65536 ? (n) => new Uint16Array(n) : (n) => new Int32Array(n);
  }

  get capacity(): number {
    return this.cap;
  }

  /** Bytes held: the fingerprint table plus the parent and choice chunks. */
  get bytes(): number {
    let b = this.keys.byteLength + this.recent.byteLength;
    for (const c of this.parentChunks) b += c.byteLength;
    for (const c of this.choiceChunks) b += c.byteLength;
    return b;
  }

  /**
   * Inserts fingerprint (hi, lo), reached from state `parent` by `choice`. Returns the new
   * state's id (0, 1, 2, ... in insertion order), or -1 if the fingerprint was already present.
   * May grow the table first; ids already handed out stay valid.
   */
  insert(hi: number, lo: number, parent: number, choice = 0): number {
    const recent = this.recent;
    const e = (lo & this.recentMask) << 1;
    if (recent[e] === hi && recent[e + 1] === lo) return -1;
    recent[e] = hi;
    recent[e + 1] = lo;
    if (this.size >= this.limit) this.grow();
    if ((this.size & (CHUNK - 1)) === 0 && this.size >>> CHUNK_BITS >= this.parentChunks.length) {
      const p = new Int32Array(CHUNK);
      const c = this.makeChoices(CHUNK);
      this.parentChunks.push(p);
      this.choiceChunks.push(c);
    }
    let r = this.place(this.keys, this.scale, hi, lo);
    while (r < 0) {
      // A run reached the end: only a longer spill area helps keys that all sit at the top.
      this.overflow *= 2;
      this.grow();
      r = this.place(this.keys, this.scale, hi, lo);
    }
    if (r === 0) return -1;
    const id = this.size++;
    this.parentChunks[id >>> CHUNK_BITS]![id & (CHUNK - 1)] = parent;
    this.choiceChunks[id >>> CHUNK_BITS]![id & (CHUNK - 1)] = choice;
    return id;
  }

  /** Whether (hi, lo) is present. */
  has(hi: number, lo: number): boolean {
    const keys = this.keys;
    const uh = hi >>> 0;
    const ul = lo >>> 0;
    const end = keys.length >> 1;
    for (let i = Math.floor(uh * this.scale); i < end; i++) {
      const k0 = keys[2 * i]!;
      const k1 = keys[2 * i + 1]!;
      if (k0 === 0 && k1 === 0) return false;
      if (k0 === hi && k1 === lo) return true;
      // Runs are sorted: a bigger key here means (hi, lo) would sit before it.
      if (k0 >>> 0 > uh || (k0 === hi && k1 >>> 0 > ul)) return false;
    }
    return false;
  }

  parentOf(id: number): number {
    return this.parentChunks[id >>> CHUNK_BITS]![id & (CHUNK - 1)]!;
  }

  /** The choice taken from parentOf(id) to reach id (0 for the initial state). */
  choiceOf(id: number): number {
    return this.choiceChunks[id >>> CHUNK_BITS]![id & (CHUNK - 1)]!;
  }

  /**
   * Ordered linear probing [Amble and Knuth, The Computer Journal 17(2), 1974]: a key's home
   * is monotone in the key, so keeping each run sorted keeps the whole table sorted. That is
   * Robin Hood placement with ties broken by key: a lookup stops at the first bigger key, and
   * an insert shifts the rest of its run one slot right (see carry). Runs never wrap:
   * they may spill into OVERFLOW slots past the capacity. Returns 1 if placed, 0 if present,
   * -1 if the run would spill past the overflow (the caller grows and retries).
   */
  private place(keys: Int32Array, scale: number, hi: number, lo: number): number {
    const uh = hi >>> 0;
    const ul = lo >>> 0;
    const end = keys.length >> 1;
    let i = Math.floor(uh * scale);
    for (;;) {
      if (i >= end) return -1;
      const k0 = keys[2 * i]!;
      const k1 = keys[2 * i + 1]!;
      if (k0 === 0 && k1 === 0) break;
      if (k0 === hi && k1 === lo) return 0;
      if (k0 >>> 0 > uh || (k0 === hi && k1 >>> 0 > ul)) return carry(keys, i, end, hi, lo);
      i++;
    }
    keys[2 * i] = hi;
    keys[2 * i + 1] = lo;
    return 1;
  }

  /** An empty cache of recent fingerprints for a table of `cap` slots: a power of two, at most cap/64 entries (16 minimum). */
  private recentFor(cap: number): Int32Array {
    let n = 16;
    while (n * 2 <= Math.min(RECENT_MAX, cap / 64)) n *= 2;
    this.recentMask = n - 1;
    return new Int32Array(n * 2);
  }

  /**
   * Grows by GROWTH (more if the last run spills). The table is sorted, so the copy is one
   * sequential pass: each key goes to its new home or just after the previous key. The new
   * table is allocated before anything changes, so a failed allocation leaves this one intact.
   */
  private grow(): void {
    for (let cap = Math.ceil(this.cap * GROWTH); ; cap = Math.ceil(cap * GROWTH)) {
      const keys = new Int32Array((cap + this.overflow) * 2);
      const scale = cap / TWO32;
      if (!spread(this.keys, keys, scale)) {
        this.overflow *= 2;
        continue;
      }
      this.keys = keys;
      this.cap = cap;
      this.scale = scale;
      this.limit = Math.floor(cap * this.maxLoad);
      if (this.recent.length < RECENT_MAX * 2) this.recent = this.recentFor(cap);
      return;
    }
  }
}

/**
 * Puts (hi, lo) at slot i and shifts the rest of its run one slot right, in one pass: each slot
 * takes the key carried from the one before until an empty slot takes the last. One pass, rather
 * than a scan for the run's end and a copyWithin, reads each slot once; a run averages ~30 slots
 * at these loads (dragonfly-sofree-race: 742 k shifts, 31 slots on average). Returns 1, or -1
 * (changing nothing) if the run reaches `end`.
 */
function carry(keys: Int32Array, i: number, end: number, hi: number, lo: number): number {
  let c0 = hi;
  let c1 = lo;
  for (let j = 2 * i; j < 2 * end; j += 2) {
    const k0 = keys[j]!;
    const k1 = keys[j + 1]!;
    keys[j] = c0;
    keys[j + 1] = c1;
    if (k0 === 0 && k1 === 0) return 1;
    c0 = k0;
    c1 = k1;
  }
  // The run reached the end: shift it back.
  keys.copyWithin(2 * i, 2 * i + 2, 2 * end);
  keys[2 * end - 2] = c0;
  keys[2 * end - 1] = c1;
  return -1;
}

/**
 * Copies the sorted table `from` into the larger `to` of scale `scale` (cap/2³²), in one
 * sequential pass: each key to its new home or just after the previous key. Returns false if
 * the last run would spill past the end of `to`. Branch-free where the branch is a coin toss
 * (whether a key sits at its home), and a function of its own, since it runs a dozen times in a
 * search and would otherwise be compiled with no type feedback for its loop.
 */
function spread(from: Int32Array, to: Int32Array, scale: number): boolean {
  const end = to.length >> 1;
  let next = 0;
  for (let w = 0; w < from.length; w += 2) {
    const hi = from[w]!;
    const lo = from[w + 1]!;
    if ((hi | lo) === 0) continue;
    const home = Math.floor((hi >>> 0) * scale) | 0;
    const d = home - next;
    const at = home - (d & (d >> 31));
    if (at >= end) return false;
    to[2 * at] = hi;
    to[2 * at + 1] = lo;
    next = at + 1;
  }
  return true;
}
