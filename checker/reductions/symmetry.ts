import type { Model } from "../model.js";
import type { SearchOptions } from "../options.js";
import { BfsSearch } from "../strategies/bfs.js";

/**
 * Symmetry reduction [Ip and Dill, FMSD 1996; Emerson and Sistla, FMSD 1996]: BFS that stores
 * one state per symmetry class, the model's `canonicalize` picking the representative. The queue
 * keeps the concrete state each class was first reached in, so parent links and choices are a
 * concrete run and counterexamples replay unchanged. Not combined with a preemption bound
 * (reduction.md §5–6).
 */
export function symmetrySearch(model: Model, opts: SearchOptions): BfsSearch {
  return new BfsSearch(model, opts, {}, { por: false, symmetry: true });
}

/**
 * Both reductions at once [Emerson, Jha and Peled, TACAS 1997]: ample sets are chosen in the
 * concrete state the class was first reached in, and successors are stored by class. That is
 * sound when the symmetry maps footprints, invariants and the scheduler's claims onto each other
 * (a permutation of interchangeable contexts does), and the BFS proviso then reads "new or still
 * queued" of classes, which is the proviso on the quotient graph. Sleep sets stay off: they name
 * concrete choices, which are other contexts in another member of the class.
 */
export function porSymmetrySearch(model: Model, opts: SearchOptions): BfsSearch {
  return new BfsSearch(model, opts, {}, { por: true, symmetry: true });
}

/**
 * Canonical form for `count` interchangeable blocks of `stride` words from `offset` (one block
 * per context: its pc, its socket's words, ...): copies `state` to `out` with the blocks sorted
 * lexicographically. Sound only when no slot holds a block's index (an owner, a waiter): such
 * slots would need renaming too. Insertion sort in place: no allocation, and counts are small.
 */
export function sortBlocks(state: Int32Array, out: Int32Array, offset: number, stride: number, count: number): void {
  for (let i = 0; i < state.length; i++) out[i] = state[i]!;
  for (let i = 1; i < count; i++) {
    for (let j = i; j > 0 && blockLess(out, offset + j * stride, offset + (j - 1) * stride, stride); j--) swapBlocks(out, offset + j * stride, offset + (j - 1) * stride, stride);
  }
}

function blockLess(a: Int32Array, x: number, y: number, stride: number): boolean {
  for (let k = 0; k < stride; k++) {
    const d = a[x + k]! - a[y + k]!;
    if (d !== 0) return d < 0;
  }
  return false;
}

function swapBlocks(a: Int32Array, x: number, y: number, stride: number): void {
  for (let k = 0; k < stride; k++) {
    const t = a[x + k]!;
    a[x + k] = a[y + k]!;
    a[y + k] = t;
  }
}
