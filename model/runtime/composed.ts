import type { Guard, Exec, Routine } from "./program.js";
import type { Ctx } from "./context.js";
import type { Layout } from "./layout.js";
import type { KObject, ObjectTable } from "./objects.js";
import type { Placement } from "./placement.js";
import type { Channel, Lock, Semaphore } from "./sync.js";
import type { TrackedWord } from "./tracked-word.js";

/**
 * The scheduling policy (issue 3 §2):
 * - "any": any runnable context may step next (a multiprocessor; spl cannot be real here);
 * - "priority": Kyu's priority-preemptive uniprocessor: only the most urgent ready thread runs
 *   (a switch only when it blocks, a more urgent thread is woken, or an interrupt fires);
 * - "bsd-up": the classic BSD uniprocessor: one process runs until it sleeps; interrupts preempt
 *   it when above the current spl; spl is the only exclusion; tsleep saves and restores spl.
 * Interrupt handlers run to completion and nest only above the current level in every policy.
 */
export type Policy = "any" | "priority" | "bsd-up";

/** An environment choice "this arrives now": a segment from the peer, a clock tick. */
export interface EnvEvent {
  readonly name: string;
  readonly level: number;
  readonly reads: readonly number[];
  readonly writes: readonly number[];
  readonly guard: Guard;
  readonly exec: Exec;
}

/** A scenario-specific invariant over named slots (the built-in ones come with the runtime). */
export interface ExtraInvariant {
  readonly name: string;
  readonly reads: readonly number[];
  check(s: Int32Array): string | null;
}

/**
 * A kernel once composed, as the parts below the composer read it: the model, its faults, its
 * symmetry and `describe` see this, never the builder, so the runtime's imports run one way
 * (kernel.ts composes and builds; everything here only reads).
 */
export interface ComposedKernel {
  readonly name: string;
  readonly policy: Policy;
  readonly placement: Placement;
  readonly layout: Layout;
  readonly objects: ObjectTable;
  readonly cpuSpl: number;
  readonly cur: number;
  readonly locks: readonly Lock[];
  readonly semaphores: readonly Semaphore[];
  readonly channels: readonly Channel[];
  readonly words: readonly TrackedWord[];
  readonly contexts: readonly Ctx[];
  readonly events: readonly EnvEvent[];
  readonly invariants: readonly ExtraInvariant[];
  /** A context id + 1 (a lock's owner word) as the context's name; 0 is "none". */
  ownerName(v: number): string;
  /** Every routine, contexts' main programs included. */
  allRoutines(): Routine[];
  /** The field names of `obj`. */
  fieldsOf(obj: KObject): string[];
}
