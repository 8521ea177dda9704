import type { SymmetryEncoder } from "../../checker/model.js";
import type { Canonicalizer } from "./canonicalize.js";
import { KeyTable, term } from "./key-table.js";

/** Code word 0: the code is the class code below, or (states with an unfaithful key) canonicalize's representative whole. */
const CODE_KEYS = 0;
const CODE_WHOLE = 1;

/**
 * Symmetry's incremental canonical form (issue 17 item 4): the kernel model's canonicalize is
 * O(instances × instance words) per successor, though a step touches one or two instances. This
 * encodes the representative canonicalize would build, without building it, from what changed.
 *
 * The representative of a state s puts the instances in the order of their sort keys (ties by
 * index) and renames every name by that permutation π: shared words renamed by π, and at place
 * p the words of the instance placed there, renamed. When no instance's words name another
 * instance (Canonicalizer.keyOf's "faithful"), the words at place p are the renaming of that
 * instance's key from instance 0 to p, a function of (key, p) alone. So the representative and
 *   code = [CODE_KEYS, shared words renamed by π, id of the key at place 0, ..., at place n-1]
 * determine each other (ids are interned keys, KeyTable: equal ids exactly for equal keys): two
 * states have the same code exactly when they have the same representative. Whether every key is
 * faithful is itself a property of the class (renaming keeps "names another instance"), and
 * states with an unfaithful key are coded [CODE_WHOLE, representative] from canonicalize, so the
 * two kinds of code never meet.
 *
 * Against a base (the state being expanded), whose words, key ids and order are kept, a
 * successor looks only at the words its steps' write sets name: an instance with one that differs
 * from the base's gets the base's key with those words renamed again (Canonicalizer.keyWord) and
 * its hash updated from them (KeyTable.term), then is moved to its place in the base's order; the
 * shared words and the ids are written out. That is O(write set + changed instances × instance
 * words, a copy + shared words + instances) instead of O(state words + instances × instance
 * words), and the code it hashes is shared words + instances long. A key is worked out whole when
 * the base's or the changed word is not faithful. The base is patched the same way against the
 * previous base (states expanded one after another are often siblings). The order is the same as
 * canonicalize's (one strict order: key, then index), so the classes, and the state counts, are
 * the same; `fingerprints: "verify"` checks every successor's representative against canonicalize's.
 */
export class IncrementalCanonicalizer implements SymmetryEncoder {
  readonly code: Int32Array;
  private readonly n: number;
  private readonly keys: KeyTable;
  /** Instance i's key being worked out is keyBuf[i * width, ...), with its hash keyHash[i]; whole1[i] = 1: from scratch (keyOf), 0: patched from the base's. */
  private readonly keyBuf: Int32Array;
  private readonly keyHash: Int32Array;
  private readonly whole1: Uint8Array;
  /** The base's per-instance key ids, faithfulness (1: faithful) and order (order[place] = instance). */
  private readonly baseId: Int32Array;
  private readonly baseOk: Uint8Array;
  private readonly baseOrder: Int32Array;
  /** The same for the state last coded. */
  private readonly id: Int32Array;
  private readonly ok: Uint8Array;
  private readonly order: Int32Array;
  private readonly perm: Int32Array;
  /** The base's words, and the slots steps since the base may have written (a word repeats when several steps write it). */
  private readonly baseState: Int32Array;
  private written = new Int32Array(64);
  private nWritten = 0;
  /** The instances whose words differ from the base's, while a code is worked out. */
  private readonly dirty: Uint8Array;
  private readonly dirtyList: Int32Array;
  private nDirty = 0;
  private readonly nShared: number;
  /** code[1 ...] as a view, for canonicalize's representative (made once). */
  private readonly codeWhole: Int32Array;

  constructor(
    private readonly canon: Canonicalizer,
    stateSize: number,
  ) {
    const n = (this.n = canon.n);
    this.nShared = canon.sharedSlots.length;
    this.code = new Int32Array(1 + Math.max(stateSize, this.nShared + n));
    this.codeWhole = this.code.subarray(1, 1 + stateSize);
    this.keys = new KeyTable(canon.nSlots);
    this.keyBuf = new Int32Array(n * canon.nSlots);
    this.keyHash = new Int32Array(n);
    this.whole1 = new Uint8Array(n);
    this.baseId = new Int32Array(n).fill(-1);
    this.baseOk = new Uint8Array(n);
    this.baseOrder = new Int32Array(n);
    this.id = new Int32Array(n);
    this.ok = new Uint8Array(n);
    this.order = new Int32Array(n);
    this.perm = new Int32Array(n);
    this.baseState = new Int32Array(stateSize);
    this.dirty = new Uint8Array(n);
    this.dirtyList = new Int32Array(n);
  }

  base(s: Int32Array): void {
    // Against the last base (states expanded one after another are often siblings): only
    // instances whose words differ get another key.
    const prev = this.baseState;
    const slots = this.canon.instSlots;
    const w = this.keys.width;
    for (let i = 0; i < this.n; i++) {
      if (this.baseId[i]! < 0) this.changed(s, i, 0, slots[i * w]!);
      else
        for (let k = 0, x = i * w; k < w; k++, x++) {
          const slot = slots[x]!;
          if (s[slot] !== prev[slot]) this.changed(s, i, k, slot);
        }
    }
    this.update(s);
    this.baseState.set(s);
    // Loops, not set(): a few words each, where set()'s call costs more than the copy.
    for (let i = 0; i < this.n; i++) {
      this.baseId[i] = this.id[i]!;
      this.baseOk[i] = this.ok[i]!;
      this.baseOrder[i] = this.order[i]!;
    }
    this.restart();
  }

  restart(): void {
    this.nWritten = 0;
  }

  wrote(words: ArrayLike<number>): void {
    const n = words.length;
    if (this.nWritten + n > this.written.length) {
      const bigger = new Int32Array(2 * (this.nWritten + n));
      bigger.set(this.written.subarray(0, this.nWritten));
      this.written = bigger;
    }
    for (let k = 0; k < n; k++) this.written[this.nWritten++] = words[k]!;
  }

  near(s: Int32Array): number {
    // Only words that differ from the base's change a key (write sets over-approximate: waking a
    // channel lists every context's sleep word).
    const base = this.baseState;
    for (let j = 0; j < this.nWritten; j++) {
      const slot = this.written[j]!;
      const i = this.canon.instanceOf(slot);
      if (i >= 0 && s[slot] !== base[slot]) this.changed(s, i, this.canon.placeOf(slot), slot);
    }
    this.update(s);
    return this.encode(s);
  }

  /**
   * Word k of instance i (slot `slot`) differs from the base's: the instance's key is the base's
   * with that word patched, and its hash patched with it; worked out from scratch instead when
   * there is no base key, or it or the word is not faithful (keyOf).
   */
  private changed(s: Int32Array, i: number, k: number, slot: number): void {
    const w = this.keys.width;
    if (this.dirty[i] === 0) {
      this.dirty[i] = 1;
      this.dirtyList[this.nDirty++] = i;
      const b = this.baseId[i]!;
      this.whole1[i] = b < 0 || this.baseOk[i] === 0 ? 1 : 0;
      if (this.whole1[i] === 1) return;
      const pool = this.keys.pool;
      for (let x = 0, from = b * w, to = i * w; x < w; x++) this.keyBuf[to + x] = pool[from + x]!;
      this.keyHash[i] = this.keys.hashes[b]!;
    } else if (this.whole1[i] === 1) return;
    const canon = this.canon;
    canon.crossed = false;
    const v = canon.keyWord(k, s[slot]!, i);
    if (canon.crossed) {
      this.whole1[i] = 1;
      return;
    }
    const at = i * w + k;
    const old = this.keyBuf[at]!;
    if (v === old) return;
    this.keyBuf[at] = v;
    this.keyHash[i] = this.keyHash[i]! + term(k, v) - term(k, old);
  }

  /** id, ok and order of `s`: the base's, but for the marked instances, whose keys are worked out again. */
  private update(s: Int32Array): void {
    for (let i = 0; i < this.n; i++) {
      this.id[i] = this.baseId[i]!;
      this.ok[i] = this.baseOk[i]!;
    }
    const w = this.keys.width;
    for (let j = 0; j < this.nDirty; j++) {
      const i = this.dirtyList[j]!;
      if (this.whole1[i] === 1) this.key(s, i);
      else {
        this.ok[i] = 1;
        this.id[i] = this.keys.intern(this.keyBuf, i * w, this.keyHash[i]!);
      }
    }
    // The base's order without the instances whose key changed is still in order: put them back in.
    const order = this.order;
    let m = 0;
    for (let p = 0; p < this.n; p++) {
      const i = this.baseOrder[p]!;
      if (this.id[i] === this.baseId[i]) order[m++] = i;
    }
    for (let j = 0; j < this.nDirty; j++) {
      const i = this.dirtyList[j]!;
      this.dirty[i] = 0;
      if (this.id[i] !== this.baseId[i]) this.insert(i, m++);
    }
    this.nDirty = 0;
  }

  whole(s: Int32Array): number {
    this.keyAll(s);
    return this.encode(s);
  }

  representative(out: Int32Array): void {
    if (this.code[0] === CODE_WHOLE) {
      out.set(this.codeWhole);
      return;
    }
    const shared = this.canon.sharedSlots;
    for (let j = 0; j < shared.length; j++) out[shared[j]!] = this.code[1 + j]!;
    const w = this.keys.width;
    for (let p = 0; p < this.n; p++) this.canon.placeBlock(this.keys.pool, this.id[this.order[p]!]! * w, p, out);
  }

  /** Instance i's key id and faithfulness, from `s`. */
  private key(s: Int32Array, i: number): void {
    const at = i * this.keys.width;
    this.ok[i] = this.canon.keyOf(s, i, this.keyBuf, at) ? 1 : 0;
    this.id[i] = this.keys.intern(this.keyBuf, at);
  }

  /** Every instance's key, and their order (as canonicalize sorts them). */
  private keyAll(s: Int32Array): void {
    for (let i = 0; i < this.n; i++) {
      this.key(s, i);
      this.insert(i, i);
    }
  }

  /** Inserts instance i into order[0, m), which is in order, by insertion sort's step. */
  private insert(i: number, m: number): void {
    const order = this.order;
    let j = m;
    while (j > 0 && this.less(i, order[j - 1]!)) {
      order[j] = order[j - 1]!;
      j--;
    }
    order[j] = i;
  }

  /** canonicalize's order: by key, then by index. */
  private less(a: number, b: number): boolean {
    const d = this.keys.compare(this.id[a]!, this.id[b]!);
    return d !== 0 ? d < 0 : a < b;
  }

  private encode(s: Int32Array): number {
    const n = this.n;
    for (let i = 0; i < n; i++)
      if (this.ok[i] === 0) {
        this.code[0] = CODE_WHOLE;
        this.canon.canonicalize(s, this.codeWhole);
        return 1 + this.codeWhole.length;
      }
    const order = this.order;
    for (let p = 0; p < n; p++) this.perm[order[p]!] = p;
    this.code[0] = CODE_KEYS;
    this.canon.sharedInto(s, this.perm, this.code, 1);
    const at = 1 + this.nShared;
    for (let p = 0; p < n; p++) this.code[at + p] = this.id[order[p]!]!;
    return at + n;
  }
}
