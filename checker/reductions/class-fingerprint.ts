import type { Model, SymmetryEncoder } from "../model.js";
import { ModelError } from "../model-error.js";
import type { SearchOptions } from "../options.js";
import { FP, fingerprint } from "../stores/fingerprint.js";

const ENCODER_METHODS = ["base", "restart", "wrote", "near", "whole", "representative"] as const;

/**
 * Symmetry's fingerprints from the model's class codes (Model.symmetryEncoder) rather than from
 * representatives built whole: a state's fingerprint is the fingerprint of its code, which the
 * model works out from the expanded state's and the write sets of the steps taken since. Equal
 * codes stand exactly for equal representatives, so the classes, and the collision bound of the
 * fingerprint, are those of hashing the representative.
 *
 * Test mode (`fingerprints: "verify"`) checks each successor: the representative its code stands
 * for must be canonicalize's, word for word, and its code the code of that representative worked
 * out whole. A write set that leaves out a word the step changed leaves a key stale and fails it.
 */
export class ClassFingerprint {
  private readonly canon: Int32Array;
  private readonly rep: Int32Array;
  private readonly verify: boolean;

  private constructor(
    private readonly model: Model,
    private readonly enc: SymmetryEncoder,
    private readonly seed: number,
    fingerprints: SearchOptions["fingerprints"],
  ) {
    this.verify = fingerprints === "verify";
    this.canon = new Int32Array(this.verify ? model.stateSize : 0);
    this.rep = new Int32Array(this.verify ? model.stateSize : 0);
  }

  /** Class fingerprints for a symmetric search of `model`, or null: it has no encoder or no write sets, or `fingerprints` is "full". */
  static of(model: Model, fingerprints: SearchOptions["fingerprints"], seed: number): ClassFingerprint | null {
    if (!model.symmetryEncoder || !model.writeSet || !model.canonicalize || fingerprints === "full") return null;
    let enc: SymmetryEncoder;
    try {
      enc = model.symmetryEncoder();
    } catch (e) {
      throw ModelError.threw("symmetryEncoder", e);
    }
    // What it returns is used on every successor: a malformed one is the model's error, named now.
    const missing = ENCODER_METHODS.filter((m) => typeof (enc as unknown as Record<string, unknown> | null)?.[m] !== "function");
    if (missing.length > 0 || !(enc.code instanceof Int32Array))
      throw new ModelError("symmetryEncoder", `returned an encoder without ${missing.length > 0 ? missing.join(", ") : "an Int32Array code"} (a SymmetryEncoder)`, false);
    return new ClassFingerprint(model, enc, seed, fingerprints);
  }

  /** `state` is the state being expanded (or a root): its successors are coded from it. */
  base(state: Int32Array): void {
    this.enc.base(state);
  }

  /** A new successor of the base: no step taken yet. */
  restart(): void {
    this.enc.restart();
  }

  /** Step `choice` is taken from `state` (the base, or a state reached from it by the steps noted since restart). */
  step(state: Int32Array, choice: number): void {
    this.enc.wrote(this.model.writeSet!(state, choice));
  }

  /**
   * FP: the fingerprint of the class of `state`: reached from the base by the steps noted since
   * restart when `fromBase`, else any state (a chain replayed to rebuild a trace), coded whole.
   */
  hash(state: Int32Array, fromBase: boolean): void {
    const enc = this.enc;
    fingerprint(enc.code, fromBase ? enc.near(state) : enc.whole(state), this.seed);
    if (this.verify) this.check(state);
  }

  private check(state: Int32Array): void {
    const hi = FP[0]!;
    const lo = FP[1]!;
    this.model.canonicalize!(state, this.canon);
    this.enc.representative(this.rep);
    const word = this.rep.findIndex((v, i) => v !== this.canon[i]);
    fingerprint(this.enc.code, this.enc.whole(this.canon), this.seed);
    if (word >= 0 || FP[0] !== hi || FP[1] !== lo) {
      const where = word >= 0 ? `${this.model.slotNames?.()[word] ?? `slot ${word}`} is ${this.rep[word]} where canonicalize() gives ${this.canon[word]}` : "its code differs from the representative's";
      throw new ModelError("writeSet", `left out a written word, or symmetryEncoder() disagrees with canonicalize(): in a successor's incremental representative ${where}`, false);
    }
    FP[0] = hi;
    FP[1] = lo;
  }
}
