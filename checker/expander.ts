import { badEnabled, checkModelShape } from "./contract.js";
import { ModelAssertion, type Finding, type Model } from "./model.js";
import { ModelError } from "./model-error.js";

/** Outcome of computing one successor. */
export const SUCC_OK = 0;
export const SUCC_ASSERTION = 1;
export const SUCC_PRUNED = 2;

/**
 * Successor generation shared by every strategy and by path rebuild.
 *
 * A search state is the model's packed state, plus two words when a preemption bound is on
 * (preemptions used, last context), so the visited set keys on (state, preemptions, last context)
 * as preemption bounding requires. Buffers are allocated once; nothing here allocates per state.
 *
 * Every value a model hands the search passes through here, so this is where the contract is held
 * (contract.ts): enabled()'s count and choice ids are checked as they come, and a model method
 * that throws (anything but a ModelAssertion from a step) becomes a ModelError naming the method
 * and the choice. The checks cost a compare per enabled choice; try/catch costs nothing until it
 * catches.
 */
export class Expander {
  readonly modelWidth: number;
  /** Words per search state. */
  readonly width: number;
  readonly bounded: boolean;
  /** How many initial states the model has (Model.initialStates, default 1). */
  readonly initialCount: number;
  /** Set when `successor` returns SUCC_ASSERTION. */
  assertion: ModelAssertion | null = null;
  private readonly probe: Int32Array;
  private readonly maxChoices: number;
  /** The last successor's choice and the state it was taken from (a reference, not a copy), so an invariant that throws can say which step reached the state. */
  private lastChoice = -1;
  private lastFrom: Int32Array | null = null;

  constructor(
    readonly model: Model,
    readonly preemptionBound: number = -1,
  ) {
    checkModelShape(model);
    this.modelWidth = model.stateSize;
    this.maxChoices = model.maxChoices;
    this.initialCount = model.initialStates ?? 1;
    this.bounded = preemptionBound >= 0;
    this.width = this.modelWidth + (this.bounded ? 2 : 0);
    this.probe = new Int32Array(Math.max(1, model.maxChoices));
  }

  /** Initial state number `which` (a search state: preemption words cleared). */
  initial(out: Int32Array, which = 0): void {
    out.fill(0);
    this.lastChoice = -1;
    try {
      this.model.initial(out.subarray(0, this.modelWidth), which);
    } catch (e) {
      throw ModelError.threw("initial", e);
    }
    if (this.bounded) out[this.modelWidth + 1] = -1;
  }

  /**
   * The model's words of a search state. With a bound that is a subarray view, which would
   * allocate on every call, so the views of the last two arrays asked for (a search's current
   * and next state buffers) are kept and handed out again.
   */
  view(state: Int32Array): Int32Array {
    if (!this.bounded) return state;
    if (state === this.viewOf0) return this.view0!;
    if (state === this.viewOf1) return this.view1!;
    this.viewOf1 = this.viewOf0;
    this.view1 = this.view0;
    this.viewOf0 = state;
    this.view0 = state.subarray(0, this.modelWidth);
    return this.view0;
  }
  private viewOf0: Int32Array | null = null;
  private view0: Int32Array | null = null;
  private viewOf1: Int32Array | null = null;
  private view1: Int32Array | null = null;

  /** The model's enabled choices, checked: a count from 0 to maxChoices (NaN and -1 fail), every id below maxChoices. */
  enabled(state: Int32Array, out: Int32Array): number {
    let n: number;
    try {
      n = this.model.enabled(this.view(state), out);
    } catch (e) {
      throw ModelError.threw("enabled", e);
    }
    const max = this.maxChoices;
    // Unsigned compares: n >>> 0 differs from n for NaN, negatives, fractions and non-numbers; a negative id wraps above max.
    if (n >>> 0 !== n || n > max) throw badEnabled(n, out, max);
    for (let i = 0; i < n; i++) if (out[i]! >>> 0 >= max) throw badEnabled(n, out, max);
    return n;
  }

  /** Whether the last context to run can still run in `state` (switching away would be a preemption). */
  lastStillEnabled(state: Int32Array, enabled: Int32Array, n: number): boolean {
    if (!this.bounded) return false;
    const last = state[this.modelWidth + 1]!;
    if (last < 0) return false;
    for (let i = 0; i < n; i++) if (this.model.contextOf(enabled[i]!) === last) return true;
    return false;
  }

  /**
   * Writes the successor of `state` under `choice` into `out`.
   * `lastEnabled` is lastStillEnabled(state, ...), computed once per parent.
   */
  successor(state: Int32Array, choice: number, out: Int32Array, lastEnabled: boolean): number {
    const mw = this.modelWidth;
    let pre = 0;
    let ctx = 0;
    if (this.bounded) {
      ctx = this.model.contextOf(choice);
      pre = state[mw]!;
      if (lastEnabled && ctx !== state[mw + 1]!) {
        pre++;
        if (pre > this.preemptionBound) return SUCC_PRUNED;
      }
    }
    out.set(state);
    this.lastChoice = choice;
    this.lastFrom = state;
    this.lastState = null;
    try {
      this.model.step(this.view(out), choice);
    } catch (e) {
      if (e instanceof ModelAssertion) {
        this.assertion = e;
        return SUCC_ASSERTION;
      }
      throw ModelError.threw("step", e, choice, this.safeLabel(state, choice));
    }
    if (this.bounded) {
      out[mw] = pre;
      out[mw + 1] = ctx;
    }
    return SUCC_OK;
  }

  /**
   * Steps `state` in place under `choice`, first saving the words `writes` names (the model's
   * writeSet for this step, which covers every word the step may write) into `saved`; `undo`
   * puts them back. A successor then costs the words it writes rather than a copy of the whole
   * state. Unbounded searches only (a bound's two words are written around the step).
   */
  stepInPlace(state: Int32Array, choice: number, writes: Int32Array, saved: Int32Array): number {
    const n = writes.length;
    for (let k = 0; k < n; k++) saved[k] = state[writes[k]!]!;
    this.lastChoice = choice;
    this.lastFrom = null;
    this.lastWrites = writes;
    this.lastSaved = saved;
    this.lastState = state;
    try {
      this.model.step(state, choice);
    } catch (e) {
      if (e instanceof ModelAssertion) {
        this.assertion = e;
        return SUCC_ASSERTION;
      }
      this.undo(state, writes, saved);
      throw ModelError.threw("step", e, choice, this.safeLabel(state, choice));
    }
    return SUCC_OK;
  }

  /** Puts back the words stepInPlace saved: `state` is its parent again. */
  undo(state: Int32Array, writes: Int32Array, saved: Int32Array): void {
    for (let k = writes.length - 1; k >= 0; k--) state[writes[k]!] = saved[k]!;
  }

  /** The last stepInPlace's words, so an invariant that throws can name the step from its parent. */
  private lastWrites: Int32Array | null = null;
  private lastSaved: Int32Array | null = null;
  private lastState: Int32Array | null = null;

  /** Index of the first broken invariant, or -1; its message goes to `invariantMessage`. */
  invariantMessage = "";
  brokenInvariant(state: Int32Array): number {
    return this.brokenInvariantAmong(state, -1);
  }

  /**
   * brokenInvariant over the invariants whose bit is set in `mask` (InvariantReaders), and every
   * one past the 31st: the others are known to hold.
   */
  brokenInvariantAmong(state: Int32Array, mask: number, lazy = false): number {
    const invs = this.model.invariants;
    const s = this.view(state);
    let i = 0;
    try {
      for (; i < invs.length; i++) {
        if (i < 31 && ((mask >>> i) & 1) === 0) continue;
        const inv = invs[i]!;
        if (lazy && inv.holds !== undefined) {
          if (inv.holds(s)) continue;
          this.unwritten = i;
          return i;
        }
        const m = inv.check(s);
        if (m !== null) {
          this.invariantMessage = m;
          this.unwritten = -1;
          return i;
        }
      }
    } catch (e) {
      // Reached by the last successor, unless this is the initial state.
      const c = this.lastChoice;
      throw ModelError.threw(`invariants[${JSON.stringify(invs[i]!.name)}].check`, e, c, c >= 0 ? this.lastStepLabel(state, c) : "");
    }
    return -1;
  }

  /**
   * The message of invariant `index`, broken in `state` (the last brokenInvariantAmong's answer):
   * with `lazy` it was found by holds() and its check() is called now, once the search knows it
   * will report it. A check() that finds nothing where holds() said broken breaks the contract.
   */
  messageOf(index: number, state: Int32Array): string {
    if (this.unwritten !== index) return this.invariantMessage;
    this.unwritten = -1;
    const inv = this.model.invariants[index]!;
    let m: string | null;
    try {
      m = inv.check(this.view(state));
    } catch (e) {
      const c = this.lastChoice;
      throw ModelError.threw(`invariants[${JSON.stringify(inv.name)}].check`, e, c, c >= 0 ? this.lastStepLabel(state, c) : "");
    }
    if (m === null) throw new ModelError(`invariants[${JSON.stringify(inv.name)}].holds`, "returned false where check() returns null", false);
    return (this.invariantMessage = m);
  }
  /** The invariant brokenInvariantAmong found broken by holds(), whose message is not written yet (-1: none). */
  private unwritten = -1;

  /** The label of the last step, taken from its parent (put back first when it was stepped in place). */
  private lastStepLabel(state: Int32Array, c: number): string {
    if (this.lastFrom) return this.safeLabel(this.lastFrom, c);
    if (this.lastState !== state || !this.lastWrites || !this.lastSaved) return "";
    this.undo(state, this.lastWrites, this.lastSaved);
    return this.safeLabel(state, c);
  }

  /** A choice's label for an error message; a label() that throws too gives "". */
  private safeLabel(state: Int32Array, choice: number): string {
    try {
      return String(this.model.label(this.view(state), choice));
    } catch {
      return "";
    }
  }

  allFinished(state: Int32Array): boolean {
    const s = this.view(state);
    const n = this.model.contexts.length;
    try {
      for (let c = 0; c < n; c++) if (!this.model.isFinished(s, c)) return false;
    } catch (e) {
      throw ModelError.threw("isFinished", e);
    }
    return true;
  }

  /** For a state with nothing enabled: a deadlock (or the model's own classification), a terminal finding, or null. */
  dead(state: Int32Array): { kind: "stuck" | "terminal"; finding: Finding } | null {
    const s = this.view(state);
    if (!this.allFinished(state)) {
      let f: Finding;
      try {
        f = this.model.stuck ? this.model.stuck(s) : defaultDeadlock(this.model, s);
      } catch (e) {
        throw ModelError.threw("stuck", e);
      }
      return { kind: "stuck", finding: f };
    }
    let t: Finding | null;
    try {
      t = this.model.terminal ? this.model.terminal(s) : null;
    } catch (e) {
      throw ModelError.threw("terminal", e);
    }
    return t ? { kind: "terminal", finding: t } : null;
  }

  get probeBuffer(): Int32Array {
    return this.probe;
  }
}

export function defaultDeadlock(model: Model, s: Int32Array): Finding {
  const waiting: string[] = [];
  model.contexts.forEach((c, i) => {
    if (!model.isFinished(s, i)) waiting.push(c.name);
  });
  return { name: "deadlock", message: `nothing can run; not finished: ${waiting.join(", ")}` };
}
