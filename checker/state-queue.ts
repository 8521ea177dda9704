/**
 * BFS frontier: a FIFO of packed states, each followed by its visited-table slot,
 * stored in fixed-size chunks so growth never copies the whole frontier.
 */
const CHUNK_STATES = 1 << 14;

export class StateQueue {
  private readonly stride: number;
  private readonly chunks: Int32Array[] = [];
  private head = 0; // index of the first live entry within chunks[0]
  private tail = 0; // entries used in the last chunk
  length = 0;
  private spare: Int32Array | null = null;

  constructor(readonly width: number) {
    this.stride = width + 1;
  }

  push(state: Int32Array, slot: number): void {
    let last = this.chunks[this.chunks.length - 1];
    if (!last || this.tail === CHUNK_STATES) {
      // Reuse the chunk shift() emptied last: its pages are already mapped and in cache.
      last = this.spare ?? new Int32Array(CHUNK_STATES * this.stride);
      this.spare = null;
      this.chunks.push(last);
      this.tail = 0;
    }
    const o = this.tail * this.stride;
    // A loop, not set(subarray): a subarray view would allocate on every push.
    for (let j = 0; j < this.width; j++) last[o + j] = state[j]!;
    last[o + this.width] = slot;
    this.tail++;
    this.length++;
  }

  /** Copies the oldest state into `out` and returns its slot. */
  shift(out: Int32Array): number {
    const first = this.chunks[0]!;
    const o = this.head * this.stride;
    for (let j = 0; j < this.width; j++) out[j] = first[o + j]!;
    const slot = first[o + this.width]!;
    this.head++;
    this.length--;
    if (this.head === CHUNK_STATES || (this.chunks.length === 1 && this.head === this.tail)) {
      this.spare = this.chunks.shift()!;
      this.head = 0;
      if (this.chunks.length === 0) this.tail = 0;
    }
    return slot;
  }

  get bytes(): number {
    return this.chunks.length * CHUNK_STATES * this.stride * 4;
  }
}
