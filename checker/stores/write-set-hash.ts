import { FP, fmix } from "./fingerprint.js";
import { ModelAssertion, type Model } from "../model.js";
import { Prng } from "../prng.js";

/**
 * Incremental fingerprints from a step's write set (issue 17 item 1).
 *
 * A state's fingerprint is a sum, lane by lane modulo 2^32, of one 64-bit term per word:
 * term(i, v) = (A(i, v), B(i, v)), each lane a MurmurHash3 finalizer of an input that is a
 * bijection of v for a fixed slot i. A successor's fingerprint is then its parent's, minus the
 * terms of the words the step changed, plus their new terms: only the words the model declares
 * (Model.writeSet) are compared, and only those that changed are mixed. Words past the model's
 * (the preemption bound's two) are always compared.
 *
 * Collision bound: two states that differ in exactly one word never collide (each lane is a
 * bijection of the value). Two that differ in k ≥ 2 words collide when two k-term sums agree in
 * both lanes; modelling the terms as independent uniform 64-bit values, as the full hash's
 * analysis models its output, that has probability 2^-64, so n states collide somewhere with
 * probability at most n²/2^65 (result.ts's collisionProbability), the same bound as the full
 * hash. The sum is kept raw between steps; only the key given to the visited table remaps
 * (0, 0), its empty marker, to (0, 1), as fingerprint() does.
 */

const K1 = 0x9e3779b9 | 0;
const K2 = 0x632be5ab | 0;
const M2 = 0x27d4eb2f | 0;

export class WriteSetHash {
  /** Raw sums of the last full() or update(): carry them with a queued state for its successors. */
  hi = 0;
  lo = 0;
  private readonly s1: number;
  private readonly s2: number;
  /** update()'s copy of the parent's declared words. */
  private old = new Int32Array(16);

  constructor(
    readonly width: number,
    readonly modelWidth: number,
    seed = 0,
  ) {
    this.s1 = fmix(0x3c6ef372 ^ seed);
    this.s2 = fmix(0x510e527f ^ Math.imul(seed, 0x27d4eb2f));
  }

  termHi(i: number, v: number): number {
    return fmix((v + Math.imul(i + 1, K1)) ^ this.s1);
  }

  termLo(i: number, v: number): number {
    return fmix((Math.imul(v ^ Math.imul(i + 1, K2), M2) + this.s2) | 0);
  }

  /** Sums every word of `s` into hi/lo and sets FP (the table's key). */
  full(s: Int32Array): void {
    let h = 0;
    let l = 0;
    const s1 = this.s1;
    const s2 = this.s2;
    for (let i = 0; i < this.width; i++) {
      const v = s[i]!;
      h = (h + fmix((v + Math.imul(i + 1, K1)) ^ s1)) | 0;
      l = (l + fmix((Math.imul(v ^ Math.imul(i + 1, K2), M2) + s2) | 0)) | 0;
    }
    this.set(h, l);
  }

  /**
   * The fingerprint of `child`, whose parent `parent` had raw sums (hi, lo), from the words in
   * `writes[0..writes.length)` and the words past the model's; every other word must be equal in
   * both. Sets hi/lo and FP.
   */
  update(parent: Int32Array, child: Int32Array, writes: Int32Array, hi: number, lo: number): void {
    const n = writes.length;
    if (this.old.length < n) this.old = new Int32Array(n);
    const old = this.old;
    for (let k = 0; k < n; k++) old[k] = parent[writes[k]!]!;
    this.updateSaved(old, child, writes, hi, lo);
    if (this.width === this.modelWidth) return;
    let h = this.hi;
    let l = this.lo;
    for (let i = this.modelWidth; i < this.width; i++) {
      const o = parent[i]!;
      const v = child[i]!;
      if (o === v) continue;
      h = (h - this.termHi(i, o) + this.termHi(i, v)) | 0;
      l = (l - this.termLo(i, o) + this.termLo(i, v)) | 0;
    }
    this.set(h, l);
  }

  /**
   * update() for a state stepped in place: word `writes[k]` of `state` held `saved[k]` in the
   * parent, whose raw sums were (hi, lo); every other word is unchanged. Only for states of the
   * model's words alone (no bound's words past them).
   */
  updateSaved(saved: Int32Array, state: Int32Array, writes: Int32Array, hi: number, lo: number): void {
    const s1 = this.s1;
    const s2 = this.s2;
    let h = hi;
    let l = lo;
    const n = writes.length;
    for (let k = 0; k < n; k++) {
      const i = writes[k]!;
      const o = saved[k]!;
      const v = state[i]!;
      if (o === v) continue;
      const a = Math.imul(i + 1, K1);
      const b = Math.imul(i + 1, K2);
      h = (h - fmix((o + a) ^ s1) + fmix((v + a) ^ s1)) | 0;
      l = (l - fmix((Math.imul(o ^ b, M2) + s2) | 0) + fmix((Math.imul(v ^ b, M2) + s2) | 0)) | 0;
    }
    this.set(h, l);
  }

  private set(h: number, l: number): void {
    this.hi = h;
    this.lo = l;
    FP[0] = h;
    FP[1] = h === 0 && l === 0 ? 1 : l;
  }
}

/**
 * Test mode's oracle: the words `child` differs from `parent` in that `writes` does not list.
 * Empty when the declaration covers the step.
 */
export function undeclaredWrites(parent: Int32Array, child: Int32Array, writes: ArrayLike<number>, modelWidth: number): number[] {
  const listed = new Set<number>();
  for (let k = 0; k < writes.length; k++) listed.add(writes[k]!);
  const out: number[] = [];
  for (let i = 0; i < modelWidth; i++) if (parent[i] !== child[i] && !listed.has(i)) out.push(i);
  return out;
}

/**
 * Test mode's random-walk oracle for Model.writeSet: `walks` walks of up to `depth` steps from the
 * initial state; at every step, the words the step changed must all be declared and the
 * incremental fingerprint must equal the full one. Returns the first failure, or null.
 */
export function verifyWriteSets(model: Model, walks: number, depth: number, seed = 1): string | null {
  if (!model.writeSet) return null;
  const w = model.stateSize;
  const rng = new Prng(seed);
  const cur = new Int32Array(w);
  const next = new Int32Array(w);
  const en = new Int32Array(Math.max(1, model.maxChoices));
  const h = new WriteSetHash(w, w);
  for (let k = 0; k < walks; k++) {
    cur.fill(0);
    model.initial(cur);
    h.full(cur);
    for (let d = 0; d < depth; d++) {
      const n = model.enabled(cur, en);
      if (n === 0) break;
      const c = en[rng.below(n)]!;
      const ws = model.writeSet(cur, c);
      next.set(cur);
      try {
        model.step(next, c);
      } catch (e) {
        if (e instanceof ModelAssertion) break;
        throw e;
      }
      const missed = undeclaredWrites(cur, next, ws, w);
      h.update(cur, next, ws, h.hi, h.lo);
      const hi = h.hi;
      const lo = h.lo;
      h.full(next);
      if (missed.length > 0 || hi !== h.hi || lo !== h.lo) {
        const names = model.slotNames?.();
        return `walk ${k} step ${d}, ${model.label(cur, c)}: written but not declared: ${missed.map((i) => names?.[i] ?? `slot ${i}`).join(", ")}`;
      }
      cur.set(next);
    }
  }
  return null;
}
