import type { Model } from "./model.js";

/**
 * Which invariants a step can change (issue 17): an invariant that declares its reads
 * (Invariant.reads) and held in the parent still holds in a successor that changed none of
 * them, so a search that knows which words a step changed (the write set, stepped in place)
 * evaluates only the invariants that read one. An invariant without reads, or past the 31st,
 * is always evaluated. `fingerprints: "verify"` evaluates every invariant too and throws when a
 * skipped one is broken (a reads list that leaves a word out).
 */
export class InvariantReaders {
  /** Per model word, a bit per invariant (among the first 31) that reads it. */
  private readonly readers: Int32Array;
  /** Bits of the invariants that declare no reads. */
  private readonly always: number;

  constructor(model: Model) {
    this.readers = new Int32Array(model.stateSize);
    let always = 0;
    model.invariants.forEach((inv, i) => {
      if (i >= 31) return;
      if (inv.reads === undefined) {
        always |= 1 << i;
        return;
      }
      for (let k = 0; k < inv.reads.length; k++) {
        const w = inv.reads[k]!;
        if (w >= 0 && w < this.readers.length) this.readers[w]! |= 1 << i;
      }
    });
    this.always = always;
  }

  /** The invariants (a mask for Expander.brokenInvariantAmong) that read a word `writes[k]` whose value in `state` is not `saved[k]`. */
  changed(state: Int32Array, writes: Int32Array, saved: Int32Array): number {
    let m = this.always;
    const r = this.readers;
    for (let k = 0; k < writes.length; k++) {
      const i = writes[k]!;
      if (state[i] !== saved[k]) m |= r[i]!;
    }
    return m;
  }
}
