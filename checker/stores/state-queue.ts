/**
 * BFS frontier: a FIFO of packed states, each followed by its visited-table slot,
 * stored in fixed-size chunks so growth never copies the whole frontier.
 */
/** Words per chunk (1 MiB): a chunk of a fixed number of states would be 22 MiB for a kernel-sized state, and fresh memory is paid in page faults. */
const CHUNK_WORDS = 1 << 18;
/** From this many words a state, shift copies natively out of a view (viewsOf). */
const WIDE = 64;

export class StateQueue {
  private readonly stride: number;
  /** States per chunk. */
  private readonly per: number;
  private readonly chunks: Int32Array[] = [];
  private head = 0; // index of the first live entry within chunks[0]
  private tail = 0; // entries used in the last chunk
  length = 0;
  /**
   * Chunks shift() emptied, reused by push(): their pages are already mapped, so the frontier
   * does not page-fault fresh memory for every state it ever holds. Never more than the peak.
   */
  private readonly spares: Int32Array[] = [];
  /** Wide states only: per chunk, a subarray view of each state slot (viewsOf). */
  private readonly views = new WeakMap<Int32Array, Int32Array[]>();
  private headViewsOf: Int32Array | null = null;
  private headViews: Int32Array[] = [];

  /** The `extra` words pushed with the last state shift() returned (a carried fingerprint). */
  x0 = 0;
  x1 = 0;

  /** `extra` (0 or 2): words carried with each state beside its slot. */
  constructor(
    readonly width: number,
    readonly extra = 0,
  ) {
    this.stride = width + 1 + extra;
    this.per = Math.max(16, Math.floor(CHUNK_WORDS / this.stride));
  }

  push(state: Int32Array, slot: number, x0 = 0, x1 = 0): void {
    const w = this.width;
    let last = this.chunks[this.chunks.length - 1];
    if (last === undefined || this.tail === this.per) {
      last = this.spares.pop() ?? new Int32Array(this.per * this.stride);
      this.chunks.push(last);
      this.tail = 0;
    }
    const o = this.tail * this.stride;
    // One native copy (state is exactly `width` words, so no subarray view is needed).
    if (state.length === w) last.set(state, o);
    else for (let j = 0; j < w; j++) last[o + j] = state[j]!;
    last[o + w] = slot;
    if (this.extra > 0) {
      last[o + w + 1] = x0;
      last[o + w + 2] = x1;
    }
    this.tail++;
    this.length++;
  }

  /** Copies the oldest state into `out` and returns its slot. */
  shift(out: Int32Array): number {
    const w = this.width;
    const first = this.chunks[0]!;
    const o = this.head * this.stride;
    if (w >= WIDE && out.length === w) {
      // The head chunk's views are looked up once per chunk, not per state (a WeakMap get costs more than the copy).
      if (this.headViewsOf !== first) {
        this.headViews = this.viewsOf(first);
        this.headViewsOf = first;
      }
      out.set(this.headViews[this.head]!);
    }
    else for (let j = 0; j < w; j++) out[j] = first[o + j]!;
    const slot = first[o + w]!;
    if (this.extra > 0) {
      this.x0 = first[o + w + 1]!;
      this.x1 = first[o + w + 2]!;
    }
    this.head++;
    this.length--;
    if (this.head === this.per || (this.chunks.length === 1 && this.head === this.tail)) {
      this.spares.push(this.chunks.shift()!);
      this.head = 0;
      if (this.chunks.length === 0) this.tail = 0;
    }
    return slot;
  }

  /**
   * One view per state slot of `chunk`, made once per chunk: a native copy out of a view beats a
   * word loop on wide states, and the views are not made per state, so shift allocates nothing.
   */
  private viewsOf(chunk: Int32Array): Int32Array[] {
    let v = this.views.get(chunk);
    if (v === undefined) {
      v = [];
      for (let k = 0; k < this.per; k++) v.push(chunk.subarray(k * this.stride, k * this.stride + this.width));
      this.views.set(chunk, v);
    }
    return v;
  }

  /** Bytes an entry takes: the state, its slot and the carried words. */
  get entryBytes(): number {
    return this.stride * 4;
  }

  get bytes(): number {
    return this.chunks.length * this.per * this.stride * 4;
  }
}
