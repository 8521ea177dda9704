/**
 * The model interface: everything the checker knows about a system under test.
 *
 * The checker is domain-free: it sees packed Int32Array states, integer choices,
 * and the contexts those choices belong to. Sockets, spl levels and callouts live in
 * model/, which implements this interface; Peterson's lock implements it too.
 */

/** Who a choice belongs to: scheduling, preemption counting and trace lanes key on this. */
export type ContextKind = "thread" | "interrupt" | "timer" | "environment";

export interface ContextInfo {
  readonly name: string;
  readonly kind: ContextKind;
}

/** Shared slots a choice may read and write; used by partial-order reduction. */
export interface Footprint {
  readonly reads: ArrayLike<number>;
  readonly writes: ArrayLike<number>;
}

/** A named predicate over a state. `check` returns null when it holds, else a message. */
export interface Invariant {
  readonly name: string;
  check(state: Int32Array): string | null;
  /** Slots the predicate reads; a step that writes none of them cannot break it (POR visibility). */
  readonly reads?: ArrayLike<number>;
  /**
   * Optional, for speed: true exactly when `check` returns null, without writing a message. Plain
   * BFS calls it on every new state and `check` only for a violation it reports (under
   * --collect-all most broken states repeat a property already reported). Verify mode
   * (`fingerprints: "verify"`) checks that the two agree.
   */
  holds?(state: Int32Array): boolean;
}

/** A model-specific verdict on a stuck or terminal state (a lost wakeup, a leak, ...). */
export interface Finding {
  readonly name: string;
  readonly message: string;
}

export interface Model {
  readonly name: string;
  /** Int32 words per packed state. */
  readonly stateSize: number;
  readonly contexts: readonly ContextInfo[];
  /**
   * Writes initial state number `which` (0 .. initialStates-1) into `out` (length stateSize,
   * zero-filled). A model with one initial state ignores `which` (callers may omit it for 0).
   */
  initial(out: Int32Array, which?: number): void;
  /**
   * Optional: how many initial states there are (default 1), like TLA+'s Init with several
   * solutions. Every one is stored, searched and counted; a counterexample names the one it starts
   * from (Violation.initial).
   */
  readonly initialStates?: number;
  /**
   * Writes the choices enabled in `state` into `out` and returns how many.
   * `out` has room for `maxChoices` entries.
   */
  enabled(state: Int32Array, out: Int32Array): number;
  /** Upper bound on the number of distinct choice ids (they range over 0..maxChoices-1). */
  readonly maxChoices: number;
  /** The context a choice belongs to. Must not depend on the state. */
  contextOf(choice: number): number;
  /**
   * Applies `choice` to `state` in place. Deterministic and pure apart from the array.
   * Throws ModelAssertion when the step itself is an error (a double free, an unlock by a non-owner).
   */
  step(state: Int32Array, choice: number): void;
  /** True when context `ctx` has run to completion in `state` (as opposed to being blocked). */
  isFinished(state: Int32Array, ctx: number): boolean;
  readonly invariants: readonly Invariant[];
  /** Optional: classify a state where nothing is enabled but some context has not finished. Default: deadlock. */
  stuck?(state: Int32Array): Finding;
  /** Optional: checks at the end of every complete execution (all contexts finished). */
  terminal?(state: Int32Array): Finding | null;
  /**
   * Optional: every slot `step(state, choice)` may write, over-approximated (a slot listed but left
   * unchanged costs one comparison), the interpreter's own words (pcs, stacks, registers, fault
   * words, the current thread) included. Called with the state before the step; must not allocate
   * per call (return a cached array). Plain BFS then updates each successor's fingerprint from
   * these slots alone (write-set-hash.ts); a slot written but not listed would merge distinct
   * states, so tests check every declaration against the full hash (verifyWriteSets). Without it
   * every successor is hashed whole.
   */
  writeSet?(state: Int32Array, choice: number): Int32Array;
  /** Optional: shared slots read and written by `choice` from `state`, over-approximated. */
  footprint?(state: Int32Array, choice: number): Footprint;
  /**
   * Optional: every slot any step of context `ctx` may read or write, in any state, over-approximated.
   * Partial-order reduction needs it (with `footprint`) to know what other contexts can still do
   * (condition C1 in reference/reduction.md §2); without it the "por" strategy expands fully.
   */
  contextFootprint?(ctx: number): Footprint;
  /**
   * Optional, finer than contextFootprint: every slot context `ctx` may read or write in any step
   * it can still take from `state` on, whatever the other contexts do (every branch of its code from
   * its current point; a handler that can fire again counts whole). POR uses it instead of
   * contextFootprint when present.
   */
  remainingFootprint?(state: Int32Array, ctx: number): Footprint;
  /**
   * Optional, finer still: every slot context `other` may read or write from `state` before
   * context `ctx` takes its next step, on every run in which only steps independent of that step
   * are taken. Scheduling and locks cut that short: nothing for a context that `ctx` preempts or
   * that waits for the CPU `ctx` holds, nothing behind an acquire of a lock `ctx` holds. Claim only
   * what the scheduler and the locks force. When present POR uses it for C1 instead of
   * remainingFootprint.
   */
  footprintBefore?(state: Int32Array, other: number, ctx: number): Footprint;
  /**
   * Optional: slots that decide who may run but that `footprint` leaves out, because the model
   * answers for them through `footprintBefore` instead (a uniprocessor scheduler's spl, current
   * thread and positions). Sleep sets need a symmetric independence, so they count these as read
   * by every step. Omit it when footprints hold everything enabledness reads.
   */
  schedulerSlots?(): readonly number[];
  /**
   * Optional: writes into `out` one representative of `state`'s symmetry class (reference/reduction.md §5):
   * the same `out` for every state that permuting interchangeable contexts turns into `state`.
   * Invariants and findings must not tell symmetric states apart. Used by the "symmetry" strategy.
   */
  canonicalize?(state: Int32Array, out: Int32Array): void;
  /**
   * Optional, with canonicalize and writeSet, for speed: a new encoder of symmetry classes
   * (SymmetryEncoder), one per search. Symmetric BFS then fingerprints each successor's code,
   * updated from the write sets of the steps that reached it, instead of its representative
   * built whole; `fingerprints: "full"` keeps canonicalize, and "verify" checks every code against it.
   */
  symmetryEncoder?(): SymmetryEncoder;
  /** Display: what `choice` does from `state`, e.g. "soclose:discard". */
  label(state: Int32Array, choice: number): string;
  /** Display: a name per slot, for traces that print only what changed. */
  slotNames?(): readonly string[];
  /** Display: a slot's value in words (a TCP state name, a set of so_state bits). */
  formatSlot?(slot: number, value: number): string;
  /** A string that changes whenever the model's behaviour changes; traces store its hash to detect drift. */
  signature?(): string;
  /** Display, optional: what a reader of a counterexample needs to see first (traces/ renders with it; the search never calls it). */
  traceView?(): TraceView;
}

/**
 * A model's view of its own traces, domain-free: which slots are the model's bookkeeping (hidden by
 * default), which record where something happened, the call path of a context, and the steps that
 * make a violation. Every member is optional; a model without it is rendered slot by slot.
 */
export interface TraceView {
  /** Slots a reader of the system does not need by default: program counters, call stacks, registers, ghosts. */
  readonly bookkeeping?: readonly number[];
  /** Slots whose non-zero value records where something happened: renderings show the step that set it instead. */
  readonly stepGhosts?: readonly number[];
  /** The call path of context `ctx` at its next step from `state`, outermost first (["tcp_input", "tcp_close"]). */
  callPath?(state: Int32Array, ctx: number): readonly string[];
  /** The steps that make `finding` on this run, each with its role in it ("freed", "used"), in step order. */
  racingSteps?(run: RunStates, finding: Finding): readonly RacingStep[];
}

/** A run as renderings see it: the initial state, then per step its choice, context and the state after it. */
export interface RunStates {
  readonly initial: Int32Array;
  readonly choices: readonly number[];
  readonly contexts: readonly number[];
  /** states[i] is the state after step i + 1. */
  readonly states: readonly Int32Array[];
}

/** One step that makes a violation: 1-based step number, its role, and optionally what it did in words. */
export interface RacingStep {
  readonly step: number;
  readonly role: string;
  readonly note?: string;
}

/** Raised inside a step when the step itself violates a property. */
export class ModelAssertion extends Error {
  constructor(
    readonly property: string,
    message: string,
  ) {
    super(message);
    this.name = "ModelAssertion";
  }
}

export const CONTEXT_KINDS: readonly ContextKind[] = ["thread", "interrupt", "timer", "environment"];

/**
 * Symmetry classes told apart without building representatives (Model.symmetryEncoder): writes
 * into `code` a few words per state, equal for two states exactly when canonicalize gives them
 * the same representative, so fingerprinting the code is fingerprinting the representative. A
 * state's code is worked out from a base state's (the state being expanded) and the write sets
 * of the steps taken since: only what those steps touched is recomputed.
 */
export interface SymmetryEncoder {
  /** The last code: `near` and `whole` return its length. */
  readonly code: Int32Array;
  /** `state` becomes the base; nothing written since. */
  base(state: Int32Array): void;
  /** Back to the base: nothing written since (a new successor). */
  restart(): void;
  /** A step since the base may have written the slots `words` (its Model.writeSet). */
  wrote(words: ArrayLike<number>): void;
  /** The code of `state`, which differs from the base at most in the slots `wrote` named since the last `base` or `restart`. */
  near(state: Int32Array): number;
  /** The code of `state`, worked out whole (the base is kept). */
  whole(state: Int32Array): number;
  /** Test mode: the representative the last code stands for, into `out` (it must be canonicalize's). */
  representative(out: Int32Array): void;
}
