/**
 * BFS frontier with packed states (issue 17 item 2): each word is stored in the bits its values
 * need (zigzag-encoded once it has held a negative value, as a pc at DONE does), so a kernel state of 133 Int32 words (532 bytes) queues in a few dozen
 * bytes. The widths are learned, not declared: they start from the first state pushed, and a
 * value that does not fit widens its word (at least 3 bits at a time) and repacks what is queued,
 * which happens a few dozen times early in a search, while the frontier is small. Nothing is ever
 * truncated: push checks every word against its width. Same interface as StateQueue, which stays
 * for narrow states (a packed word costs shifts that a native copy of a few words does not).
 * (Holding each word as an Int16, copied natively in and out, ran slower than this: V8's
 * converting TypedArray.set goes word by word, 635-784 ns a push and shift against 280-325 whole.)
 */
import { StateQueue } from "./state-queue.js";

const CHUNK_WORDS = 1 << 18;
/** Bits a widened word gains at least, so repacks stay few. */
const STEP = 3;
/** States pushed whole (every word 32 bits) while the widths are learned, then packed once. */
const LEARN = 16_384;
/** Header words per entry: the visited-table slot and two carried words. */
const HEAD = 3;

export class PackedStateQueue {
  private readonly bits: Uint8Array;
  private packFn: Pack = () => -1;
  private unpackFn: Unpack = () => {};
  /** 1 for a word that has held a negative value: stored zigzag-encoded, the others as they are. */
  private readonly signed: Uint8Array;
  private packed = 0;
  private stride = HEAD;
  private per = 0;
  private chunks: Int32Array[] = [];
  private head = 0;
  private tail = 0;
  length = 0;
  private readonly spares: Int32Array[] = [];
  private readonly tmp: Int32Array;
  private pushes = 0;
  /** Per word, the bits its values needed so far (the learning phase). */
  private readonly seen: Uint8Array;
  private readonly seenSigned: Uint8Array;
  /** Repacks so far (a word outgrew its width). */
  relayouts = 0;
  x0 = 0;
  x1 = 0;

  constructor(readonly width: number) {
    this.bits = new Uint8Array(width);
    this.signed = new Uint8Array(width);
    this.seen = new Uint8Array(width);
    this.seenSigned = new Uint8Array(width);
    this.bits.fill(32);
    this.tmp = new Int32Array(width);
    this.layout();
  }

  /** Bytes an entry takes: the packed state and its three header words. */
  get entryBytes(): number {
    return this.stride * 4;
  }

  get bytes(): number {
    return this.chunks.length * CHUNK_WORDS * 4;
  }

  private layout(): void {
    let total = 0;
    for (let i = 0; i < this.width; i++) total += this.bits[i]!;
    const code = codeFor(this.bits, this.signed);
    this.packFn = code.pack;
    this.unpackFn = code.unpack;
    this.packed = (total + 31) >>> 5;
    this.stride = HEAD + this.packed;
    this.per = Math.max(1, Math.floor(CHUNK_WORDS / this.stride));
  }

  push(state: Int32Array, slot: number, x0 = 0, x1 = 0): void {
    if (this.pushes <= LEARN) this.learn(state);
    let last = this.chunks[this.chunks.length - 1];
    if (last === undefined || this.tail === this.per) {
      last = this.spares.pop() ?? new Int32Array(CHUNK_WORDS + 1);
      this.chunks.push(last);
      this.tail = 0;
    }
    const o = this.tail * this.stride;
    const bad = this.packFn(state, last, o + HEAD);
    if (bad >= 0) {
      this.widen(state, bad);
      this.push(state, slot, x0, x1);
      return;
    }
    last[o] = slot;
    last[o + 1] = x0;
    last[o + 2] = x1;
    this.tail++;
    this.length++;
  }

  /** Copies the oldest state into `out` and returns its slot; x0/x1 get its carried words. */
  shift(out: Int32Array): number {
    const first = this.chunks[0]!;
    const o = this.head * this.stride;
    this.unpackFn(first, o + HEAD, out);
    const slot = first[o]!;
    this.x0 = first[o + 1]!;
    this.x1 = first[o + 2]!;
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
   * The first LEARN states go in whole while each word's range is noted; then every word gets
   * the bits its values needed plus STEP, and what is queued is repacked once. A word that
   * outgrows that later widens alone (widen).
   */
  private learn(state: Int32Array): void {
    const seen = this.seen;
    for (let i = 0; i < this.width; i++) {
      const v = state[i]!;
      if (v < 0) this.seenSigned[i] = 1;
      const b = 32 - Math.clz32(v < 0 ? ~v : v);
      if (b > seen[i]!) seen[i] = b;
    }
    if (this.pushes++ < LEARN) return;
    const signed = this.seenSigned;
    const bits = Uint8Array.from(seen, (b, i) => Math.min(32, b + signed[i]! + STEP));
    this.relayout(bits, signed);
  }

  /** Word `i` of `state` outgrew its width: widen it and repack every queued state. */
  private widen(state: Int32Array, i: number): void {
    const bits = Uint8Array.from(this.bits);
    const signed = Uint8Array.from(this.signed);
    // Widen every word of `state` that does not fit, not only the first.
    for (let j = i; j < this.width; j++) {
      const v = state[j]!;
      const b = bits[j]!;
      if (v < 0 && signed[j] === 0) {
        // Zigzag needs one bit more than the values already held.
        signed[j] = 1;
        bits[j] = Math.min(32, Math.max(need(v, 1), b + STEP));
      } else if (need(v, signed[j]!) > b) bits[j] = Math.min(32, Math.max(need(v, signed[j]!), b + STEP));
    }
    this.relayout(bits, signed);
  }

  /** Repacks every queued state under new widths and signedness. */
  private relayout(bits: Uint8Array, signed: Uint8Array): void {
    this.relayouts++;
    const oldChunks = this.chunks;
    const oldHead = this.head;
    const oldTail = this.tail;
    const oldStride = this.stride;
    const oldPer = this.per;
    const oldUnpack = this.unpackFn;
    this.bits.set(bits);
    this.signed.set(signed);
    this.layout();
    this.chunks = [];
    this.head = 0;
    this.tail = 0;
    this.length = 0;
    const tmp = this.tmp;
    for (let c = 0; c < oldChunks.length; c++) {
      const ch = oldChunks[c]!;
      const from = c === 0 ? oldHead : 0;
      const to = c === oldChunks.length - 1 ? oldTail : oldPer;
      for (let e = from; e < to; e++) {
        const o = e * oldStride;
        oldUnpack(ch, o + HEAD, tmp);
        this.pushFresh(tmp, ch[o]!, ch[o + 1]!, ch[o + 2]!);
      }
      this.spares.push(ch);
    }
  }

  /** push() into the new layout during a repack (the old chunks are not reused meanwhile). */
  private pushFresh(state: Int32Array, slot: number, x0: number, x1: number): void {
    let last = this.chunks[this.chunks.length - 1];
    if (last === undefined || this.tail === this.per) {
      last = new Int32Array(CHUNK_WORDS + 1);
      this.chunks.push(last);
      this.tail = 0;
    }
    const o = this.tail * this.stride;
    this.packFn(state, last, o + HEAD);
    last[o] = slot;
    last[o + 1] = x0;
    last[o + 2] = x1;
    this.tail++;
    this.length++;
  }
}

type Pack = (s: Int32Array, buf: Int32Array, o: number) => number;
type Unpack = (buf: Int32Array, o: number, out: Int32Array) => void;

/**
 * Straight-line packing code for one layout (each word's shift and mask are constants): a loop
 * reading the widths cost 5x as much per state. New code runs interpreted until V8 optimizes it,
 * so layouts change rarely (learn, STEP) and their code is cached by layout for later searches.
 * `pack` writes `s` at `buf[o..]` and returns -1, or the first word that does not fit its width.
 */
function genPack(bits: Uint8Array, signed: Uint8Array): Pack {
  const lines = ["let z = 0, acc = 0;"];
  let used = 0;
  let k = 0;
  for (let i = 0; i < bits.length; i++) {
    const b = bits[i]!;
    if (b === 0) {
      lines.push(`if (s[${i}] !== 0) return ${i};`);
      continue;
    }
    lines.push(signed[i] ? `z = s[${i}]; z = (z << 1) ^ (z >> 31);` : `z = s[${i}];`);
    if (b < 32) lines.push(`if ((z >>> ${b}) !== 0) return ${i};`);
    lines.push(used === 0 ? "acc = z;" : `acc |= z << ${used};`);
    used += b;
    if (used >= 32) {
      lines.push(`buf[o + ${k++}] = acc;`);
      used -= 32;
      lines.push(used > 0 ? `acc = z >>> ${b - used};` : "acc = 0;");
    }
  }
  if (used > 0) lines.push(`buf[o + ${k}] = acc;`);
  lines.push("return -1;");
  return new Function("s", "buf", "o", lines.join("\n")) as Pack;
}

function genUnpack(bits: Uint8Array, signed: Uint8Array): Unpack {
  const lines = ["let z = 0, w = 0, n = 0;"];
  let pos = 32;
  let k = -1;
  for (let i = 0; i < bits.length; i++) {
    const b = bits[i]!;
    if (b === 0) {
      lines.push(`out[${i}] = 0;`);
      continue;
    }
    const mask = b === 32 ? "" : ` & ${(b === 31 ? 0x7fffffff : (1 << b) - 1) >>> 0}`;
    if (pos === 32) {
      lines.push(`w = buf[o + ${++k}];`);
      pos = 0;
    }
    if (pos + b <= 32) {
      lines.push(`z = (w >>> ${pos})${mask};`);
      pos += b;
    } else {
      const low = 32 - pos;
      lines.push(`n = buf[o + ${++k}]; z = ((w >>> ${pos}) | (n << ${low}))${mask}; w = n;`);
      pos = b - low;
    }
    lines.push(signed[i] ? `out[${i}] = (z >>> 1) ^ -(z & 1);` : `out[${i}] = z;`);
  }
  return new Function("buf", "o", "out", lines.join("\n")) as Unpack;
}

const CODE = new Map<string, { pack: Pack; unpack: Unpack }>();

function codeFor(bits: Uint8Array, signed: Uint8Array): { pack: Pack; unpack: Unpack } {
  const key = `${bits.join(",")}|${signed.join("")}`;
  let c = CODE.get(key);
  if (c === undefined) {
    if (CODE.size >= 256) CODE.clear();
    c = { pack: genPack(bits, signed), unpack: genUnpack(bits, signed) };
    CODE.set(key, c);
  }
  return c;
}

/** Bits `v` needs: as it is, or zigzag-encoded in a signed word. */
function need(v: number, signed: number): number {
  return 32 - Math.clz32(signed ? (v << 1) ^ (v >> 31) : v);
}

/**
 * The default BFS queue for wide states: whole words (a native copy, the fastest) until the
 * frontier holds `packAfter` bytes, then packed (a packed state costs about 0.1-0.3 µs more to
 * push and shift): small searches keep their speed and large frontiers take a fifth of the
 * memory. States queued whole are shifted first, so the order stays FIFO.
 */
export class AutoQueue {
  private readonly whole: StateQueue;
  private packed: PackedStateQueue | null = null;
  length = 0;
  x0 = 0;
  x1 = 0;

  constructor(
    readonly width: number,
    private readonly packAfter: number,
  ) {
    this.whole = new StateQueue(width, 2);
  }

  /** Bytes a queued state takes now (packed once packing has started). */
  get entryBytes(): number {
    return this.packed ? this.packed.entryBytes : this.whole.entryBytes;
  }

  get bytes(): number {
    return this.whole.bytes + (this.packed?.bytes ?? 0);
  }

  push(state: Int32Array, slot: number, x0 = 0, x1 = 0): void {
    this.length++;
    if (this.packed === null && this.whole.bytes < this.packAfter) this.whole.push(state, slot, x0, x1);
    else (this.packed ??= new PackedStateQueue(this.width)).push(state, slot, x0, x1);
  }

  shift(out: Int32Array): number {
    this.length--;
    const q = this.whole.length > 0 ? this.whole : this.packed!;
    const slot = q.shift(out);
    this.x0 = q.x0;
    this.x1 = q.x1;
    return slot;
  }
}
