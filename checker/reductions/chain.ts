import { SUCC_OK, type Expander } from "../expander.js";
import type { AmpleSets } from "./por.js";
import type { SleepSets } from "./sleep-sets.js";

/** Longest chain of single-step ample sets followed without storing a state; a longer one may be a cycle. */
const CHAIN_LIMIT = 1000;

/**
 * Chaining for the partial-order-reduced searches (level-expansion.ts, dfs.ts): a state whose ample set is one
 * invisible step is not stored; the search takes the step at once and goes on from its successor,
 * as SPIN merges statements and DiVinE compresses τ-paths, so only states that branch, or that a
 * visible step reaches, are stored. The skipped states need no checks of their own: each has a
 * step enabled (no deadlock, no end of run), and no invisible step changes what an invariant reads,
 * so the state stored at the end of the chain answers for them (a chain starts only from a state
 * that breaks no invariant). Every cycle still passes through a stored state (a chain that runs
 * CHAIN_LIMIT steps stops and stores), so the search's cycle proviso still breaks it: a step
 * ignored around the cycle is enabled at that stored state too. A table entry keeps only the
 * chain's first choice; `replay` rebuilds the rest by the rule that made it.
 */
export class Chains {
  /** States passed through without being stored, and those of them where the ample set left one of several steps. */
  passed = 0;
  passedReduced = 0;
  private readonly en: Int32Array;
  private readonly one: Int32Array;
  private readonly tmp: Int32Array;

  /**
   * `stored(s)`, when given, says whether `s` is in the visited set. A stored state ends every
   * chain that reaches it (it is stored because the rule stopped there, or it will be expanded
   * whatever happens here), so `follow` asks before computing an ample set of several choices:
   * where nothing chains, most successors are stored already and that is the costly part.
   */
  constructor(
    private readonly exp: Expander,
    private readonly ample: AmpleSets,
    private readonly sleepSets: SleepSets | null = null,
    private readonly stored: ((s: Int32Array) => boolean) | null = null,
    /** Told of each step `follow` takes, from the state before it (symmetry's class codes follow the write sets). */
    private readonly stepped: ((s: Int32Array, choice: number) => void) | null = null,
  ) {
    const mc = Math.max(1, exp.model.maxChoices);
    this.en = new Int32Array(mc);
    this.one = new Int32Array(mc);
    this.tmp = new Int32Array(exp.width);
  }

  /**
   * Takes, in place, each step of `s` that is alone in its ample set and invisible, up to
   * CHAIN_LIMIT of them; appends their choices to `taken` when given. Returns how many it took.
   * A step that raises an assertion is left for the stored state's own expansion to report.
   * `sleep`, the sleep set carried along, keeps what commutes with each step. The chain takes a
   * step even when it is asleep (wasted, not wrong), so that `replay` rebuilds chains as they ran.
   */
  follow(s: Int32Array, taken: number[] | null, sleep: Uint32Array | null = null): number {
    const exp = this.exp;
    const en = this.en;
    const one = this.one;
    let k = 0;
    while (k < CHAIN_LIMIT) {
      const n = exp.enabled(s, en);
      if (n === 0 || (n > 1 && k === 0 && this.stored?.(s)) || this.ample.choose(s, en, n, one) !== 1) break;
      const c = one[0]!;
      if (this.ample.isVisible(s, c) || exp.successor(s, c, this.tmp, false) !== SUCC_OK) break;
      if (sleep) this.sleepSets!.keepIndependent(s, sleep, c);
      this.stepped?.(s, c);
      s.set(this.tmp);
      taken?.push(c);
      if (n > 1) this.passedReduced++;
      k++;
    }
    this.passed += k;
    return k;
  }

  /** The whole run from the initial state, given the choices the table kept (each chain's first). */
  replay(first: readonly number[], which = 0): number[] {
    const exp = this.exp;
    const s = new Int32Array(exp.width);
    const t = new Int32Array(exp.width);
    exp.initial(s, which);
    const out: number[] = [];
    const saved = this.passed;
    const savedReduced = this.passedReduced;
    for (const c of first) {
      exp.successor(s, c, t, false);
      s.set(t);
      out.push(c);
      if (exp.brokenInvariant(s) < 0) this.follow(s, out);
    }
    this.passed = saved;
    this.passedReduced = savedReduced;
    return out;
  }

  /** The result's note on what chaining passed through. */
  note(): string {
    return `${this.passed} more states passed through without being stored, each with one invisible step to take (${this.passedReduced} of them because the ample set left one of several)`;
  }
}
