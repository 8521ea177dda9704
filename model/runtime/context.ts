import type { ContextKind } from "../../checker/index.js";
import { formatSpl } from "./spl.js";
import type { Layout } from "./layout.js";

/** Call depth a context may reach; kernel call chains here are at most soclose→…→sbwakeup (7). */
export const STACK_DEPTH = 10;
/** Nested spl raises a context may hold at once (soclose → sofree → sorflush nests three). */
export const SPL_DEPTH = 4;
export const DONE = -1;

/**
 * A context's private slots. Instructions are shared by every context that runs them; each
 * closure receives the running context's record, so the same soclose code runs in U or in I.
 */
export interface Ctx {
  readonly id: number;
  readonly name: string;
  readonly kind: ContextKind;
  /**
   * Runs callout handlers (softclock over a callwheel): a use after free here is a callout after
   * free. A timer that is not a callout (4.4's tcpcb counters, a timer thread) reports use after free.
   */
  readonly runsCallouts: boolean;
  /** Kyu priority: lower number = more urgent. Threads only. */
  readonly priority: number;
  /** Interrupt level (interrupt and timer contexts; environment events carry their own). */
  readonly level: number;
  readonly pc: number;
  readonly sp: number;
  readonly stack: number;
  readonly splSp: number;
  readonly splStack: number;
  /** Sleep channel id + 1 while asleep in tsleep, else 0. */
  readonly sleep: number;
  /** spl saved by tsleep across the sleep; for interrupts, the level interrupted. */
  readonly savedSpl: number;
  /** Interrupt contexts: 1 while the handler runs. */
  readonly active: number;
  /** Scratch registers: a segment being processed, a loaded word, a return value. */
  readonly r0: number;
  readonly r1: number;
  readonly r2: number;
  /** First of one slot per lock: the recursion count released around a wait. */
  readonly lockSave: number;
  /** Lifecycle faults: object id + 1 and instruction + 1 of the first of each kind. */
  readonly fDoubleFree: number;
  readonly fDoubleFreeAt: number;
  readonly fDoubleDestroy: number;
  readonly fDoubleDestroyAt: number;
  readonly fUse: number;
  readonly fUseAt: number;
  /**
   * Set when the context comes to rest (done or idle) with a fault recorded: the only word the
   * fault invariants' truth depends on, so only the steps that can bring a context to rest are
   * visible to them (reduction.md §1).
   */
  readonly fReady: number;
  /** Entry pc (set at link) and the pc where a service loop idles (-1: runs once, then DONE). */
  entry: number;
  idle: number;
}

export function allocContext(
  layout: Layout,
  id: number,
  name: string,
  kind: ContextKind,
  priority: number,
  level: number,
  nLocks: number,
  runsCallouts = false,
): Ctx {
  const p = (f: string, init = 0, fmt?: (v: number) => string) => layout.slot(`${name}.${f}`, init, fmt);
  return {
    id,
    name,
    kind,
    runsCallouts,
    priority,
    level,
    pc: p("pc", DONE),
    sp: p("sp"),
    stack: layout.array(`${name}.stack`, STACK_DEPTH),
    splSp: p("splsp"),
    splStack: layout.array(`${name}.splsave`, SPL_DEPTH),
    sleep: p("sleep"),
    savedSpl: p("savedspl", 0, formatSpl),
    active: p("active"),
    r0: p("r0"),
    r1: p("r1"),
    r2: p("r2"),
    lockSave: nLocks > 0 ? layout.array(`${name}.locksave`, nLocks) : -1,
    fDoubleFree: p("fault.doubleFree"),
    fDoubleFreeAt: p("fault.doubleFreeAt"),
    fDoubleDestroy: p("fault.doubleDestroy"),
    fDoubleDestroyAt: p("fault.doubleDestroyAt"),
    fUse: p("fault.use"),
    fUseAt: p("fault.useAt"),
    fReady: p("fault.reported"),
    entry: DONE,
    idle: DONE,
  };
}

/** Slots private to `c` that any of its steps may read or write (pc, stacks, registers). */
export function privateSlots(c: Ctx, nLocks: number): number[] {
  const out = [c.pc, c.sp, c.splSp, c.sleep, c.savedSpl, c.active, c.r0, c.r1, c.r2];
  for (let i = 0; i < STACK_DEPTH; i++) out.push(c.stack + i);
  for (let i = 0; i < SPL_DEPTH; i++) out.push(c.splStack + i);
  for (let i = 0; i < nLocks; i++) out.push(c.lockSave + i);
  return out;
}

/** Fault words a step touching objects may write. */
export function useFaultSlots(c: Ctx): number[] {
  return [c.fUse, c.fUseAt];
}

/** Fault words a step freeing an object may write. */
export function freeFaultSlots(c: Ctx): number[] {
  return [c.fDoubleFree, c.fDoubleFreeAt, c.fDoubleDestroy, c.fDoubleDestroyAt, c.fUse, c.fUseAt];
}
