import type { Model } from "../model.js";
import type { SearchOptions } from "../options.js";
import type { Stats } from "../result.js";
import { BITSTATE_HASHES, BitstateSet } from "../stores/bitstate-set.js";
import { DfsSearch } from "./dfs.js";
import { OmissionCensus, type OmissionCount } from "./omission-census.js";

/**
 * The census's default step budget, during the search and again after it, as a multiple of the
 * search's own transitions: the tests during the search take up to 2.3 on the filter lock.
 */
export const OMISSION_BUDGET = 3;
/** From this share of bits set the count is reported as a lower bound (measured: 0.05–0.3x the truth there). */
const SATURATED = 0.9;
/** The estimate's error, measured against exhaustive counts (test/checker/strategies/bitstate-estimate.test.ts, bench/bitstate.ts). */
const ESTIMATE_ERROR = "0.62–1.04x the truth in 74 runs on 14 models, with up to 88% of the bits set";
/** Steps the census may always take, so that small searches get a complete count. */
const OMISSION_BUDGET_FLOOR = 50_000;

type Omissions = OmissionCount & { why: string; unfound: number; ms: number };

/**
 * Bitstate (supertrace) search [Holzmann, FMSD 1998]: the depth-first loop (dfs.ts) over a
 * visited set of 2^w bits, three set per state (bitstate-set.ts). A new state whose bits are
 * all set already is taken for seen and its subtree is skipped, so the search is never a proof:
 * bound "bitstate" is always reported, the verdict is "violation" or "inconclusive", and the
 * notes give the states it omitted, counted after a search that ran to its end by the census
 * (omission-census.ts), which follows the loop as its observer. The path is the DFS stack, so
 * counterexamples replay exactly but are not shortest.
 */
export class BitstateSearch extends DfsSearch {
  private readonly bits: BitstateSet;
  /** Counts the omitted states; null when it cannot (a depth bound leaves stored states unexpanded) or is switched off. */
  private readonly census: OmissionCensus | null;
  private omissions: Omissions | null = null;

  constructor(model: Model, opts: SearchOptions) {
    const bits = new BitstateSet(Math.min(32, Math.max(10, opts.bitstateLog2 ?? 27)));
    const budget = opts.omissionBudget ?? OMISSION_BUDGET;
    // The roots' states may take as many bytes as the bits, or 16 MiB; the count's table and queue as many again, or 64 MiB.
    const rootBytes = Math.max(bits.bytes, 1 << 24);
    // Under --memory-limit, no more than the limit leaves once the bits are in.
    const room = opts.maxMemoryBytes === undefined ? Infinity : Math.max(0, opts.maxMemoryBytes - process.memoryUsage.rss());
    const maxBytes = Math.min(room, Math.max(bits.bytes, 1 << 26));
    const census =
      opts.maxDepth === undefined && budget > 0 ? new OmissionCensus(model, opts.preemptionBound ?? -1, opts.hashSeed ?? 0, bits, rootBytes, maxBytes, budget, OMISSION_BUDGET_FLOOR) : null;
    super(model, opts, { visited: bits, name: "bitstate", observer: census });
    this.bits = bits;
    this.census = census;
    this.bounds.add("bitstate");
  }

  get log2Bits(): number {
    return this.bits.log2Bits;
  }

  /** A fingerprint collision is not what loses states here; a state whose bits were all set is. */
  protected override stats(): Stats {
    const s = super.stats();
    const p = Math.min(1, this.bits.expectedOmissions);
    const c = this.countOmissions();
    const omissions = c ? { omissions: { states: c.states, kind: this.isEstimate(c) ? ("estimate" as const) : ("lower bound" as const), steps: c.steps } } : {};
    return { ...s, collisionProbability: p, collisionProbabilityTLC: p, ...omissions };
  }

  private noted = false;

  override result() {
    if (!this.noted) {
      this.noted = true;
      const n = this.bits.size;
      const m = this.bits.capacity;
      const factor = n > 0 ? m / n : Infinity;
      this.notes.push(
        `bitstate: not a proof. ${n} states in 2^${this.bits.log2Bits} bits (${((100 * this.bits.ones) / m).toFixed(0)}% set), ${BITSTATE_HASHES} hashes; hash factor ${factor.toFixed(1)} (SPIN: best if > 100)`,
        this.omissionNote(this.countOmissions()),
      );
    }
    return super.result();
  }

  /** Runs the census once, after a search that ran to its end. */
  private countOmissions(): Omissions | null {
    if (this.omissions || !this.census || !this.census.finished) return this.omissions;
    const t0 = performance.now();
    const c = this.census.count(this.transitions, this.bits.expectedCollisions);
    // Collisions not found are added to an estimate only: a lower bound stays what was counted.
    this.omissions = { ...c, states: c.states + (this.isEstimate(c) ? c.unfound : 0), ms: performance.now() - t0 };
    return this.omissions;
  }

  /** A complete count with under SATURATED of the bits set; otherwise a lower bound. */
  private isEstimate(c: OmissionCount): boolean {
    return c.complete && this.bits.ones < SATURATED * this.bits.capacity;
  }

  private omissionNote(c: Omissions | null): string {
    if (!c) {
      const why = !this.census ? (this.opts.maxDepth !== undefined ? "a depth bound leaves stored states unexpanded" : "switched off") : "the search did not run to its end";
      return `omitted states: not counted (${why})`;
    }
    const cost = `${c.steps} steps, ${c.ms.toFixed(0)} ms after the search`;
    if (!c.complete) return `omitted states ≥ ${c.states} (a lower bound: the count ${c.why}; ${cost})`;
    // Nearly all bits set: most omitted states cannot be told from stored ones.
    if (this.bits.ones >= SATURATED * this.bits.capacity) return `omitted states ≥ ${c.states} (a lower bound: ${(100 * SATURATED).toFixed(0)}% of the bits or more are set, and most omitted states look stored; ${cost})`;
    // Measured against exhaustive counts in test/checker/strategies/bitstate-estimate.test.ts.
    return `omitted states ≈ ${c.states} (an estimate: ${c.states - c.unfound} counted, ${c.unfound} more collisions expected; measured ${ESTIMATE_ERROR}; ${cost})`;
  }
}
