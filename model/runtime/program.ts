import type { Ctx } from "./context.js";
import { KernelError } from "./kernel-error.js";
import type { KObject } from "./objects.js";
import type { Lock } from "./sync.js";

/**
 * Routines as step programs (issue 3 §1). A routine is written once, as a list of labelled
 * atomic steps in the order of the C it models; the linker lowers it under a placement into
 * flat instructions that a context's program counter walks (a small interpreter, as Promela's).
 * Every instruction carries `routine:label` for traces and the shared slots it reads and writes.
 */

/** An exec returns the next pc, or NEXT to fall through. DONE (-1) ends the context. */
export const NEXT = -100;
export type Exec = (s: Int32Array, c: Ctx) => number | void;
export type Guard = (s: Int32Array, c: Ctx) => boolean;

/** What a blocked step waits for: for deadlock and lost-wakeup reports. */
export interface WaitInfo {
  /** e.g. "net_lock" or "so_rcv.sb_sleep". */
  readonly what: string;
  /** Context id + 1 holding what is waited for (locks), else 0. */
  holder?(s: Int32Array): number;
  /** The condition the sleeper waits for; if it holds while nothing can run, the wakeup was lost. */
  condition?(s: Int32Array): boolean;
  /** The condition in words, for reports. */
  readonly conditionText?: string;
}

export interface Footprint {
  readonly reads?: readonly number[];
  readonly writes?: readonly number[];
}

/** A jump target; `pc` is filled in when the routine is lowered. */
export class Label {
  pc = -1;
  op = -1;
  constructor(readonly name: string) {}
}

/** A callee; `entry` is filled in at link time. */
export class RoutineRef {
  entry = -1;
  constructor(readonly name: string) {}
}

export type OpKind = "step" | "call" | "ret" | "spl" | "splx" | "waitBegin" | "waitInterlock" | "waitEnd" | "rmw" | "lock" | "unlock";

export interface Op {
  readonly kind: OpKind;
  readonly label: string;
  readonly reads: readonly number[];
  readonly writes: readonly number[];
  readonly exec?: Exec;
  readonly guard?: Guard;
  readonly wait?: WaitInfo;
  readonly frees?: readonly KObject[];
  readonly site?: string;
  readonly level?: number;
  readonly callee?: RoutineRef;
  /** rmw: the tracked word and its set/clear masks. */
  readonly word?: TrackedWordRef;
  readonly set?: number;
  readonly clear?: number;
  /** Marks a service loop's idle wait; `pending` says whether work is there. */
  readonly idle?: boolean;
  readonly sleeps?: boolean;
  /** lock/unlock: the lock a routine takes by hand (mtx_lock), whatever the placement says. */
  readonly lock?: Lock;
  /** spl at level 0 opened by `site()`: a named region, not an spl call of the real code. */
  readonly region?: boolean;
}

/** A word whose read-modify-writes are tracked for lost updates (see tracked-word.ts). */
export interface TrackedWordRef {
  readonly slot: number;
  readonly ghostSet: number;
  readonly ghostClear: number;
  readonly name: string;
}

export interface Routine {
  readonly name: string;
  /** The source and routine it follows, e.g. "4.4BSD-Lite2 uipc_socket.c soclose". */
  readonly cite: string;
  readonly ops: readonly Op[];
  readonly labels: readonly Label[];
  readonly ref: RoutineRef;
}

/** Builds one routine's op list; see model/README-runtime.md for a worked example. */
export class RoutineBuilder {
  readonly ops: Op[] = [];
  private readonly labels = new Map<string, Label>();
  /** Regions opened by `site()` and not yet closed, innermost last. */
  private readonly open: string[] = [];

  constructor(
    readonly name: string,
    readonly cite: string,
    private readonly refOf: (name: string) => RoutineRef,
  ) {}

  /** A label by name; `here` marks the next op as its target. */
  at(name: string): Label {
    let l = this.labels.get(name);
    if (!l) {
      l = new Label(name);
      this.labels.set(name, l);
    }
    return l;
  }

  here(name: string): Label {
    const l = this.at(name);
    if (l.op >= 0) throw new Error(`${this.name}: label "${name}" placed twice`);
    l.op = this.ops.length;
    return l;
  }

  /** One atomic step. `fn` returns a label's pc to jump, RET() to return, or nothing to fall through. */
  /** `sleeps`: the step writes the running context's own sleep word (tsleep's registration). */
  step(label: string, fp: Footprint, fn: Exec, extra: { guard?: Guard; wait?: WaitInfo; frees?: readonly KObject[]; idle?: boolean; sleeps?: boolean } = {}): this {
    this.ops.push({ kind: "step", label, reads: fp.reads ?? [], writes: fp.writes ?? [], exec: fn, ...extra });
    return this;
  }

  /** A step that jumps to `target` when `cond` holds. */
  jumpIf(label: string, fp: Footprint, cond: (s: Int32Array, c: Ctx) => boolean, target: Label): this {
    return this.step(label, fp, (s, c) => (cond(s, c) ? target.pc : undefined));
  }

  goto(target: Label, label = `goto ${target.name}`): this {
    return this.step(label, {}, () => target.pc);
  }

  /** The context has run to completion. */
  done(label = "done"): this {
    return this.step(label, {}, () => -1);
  }

  /**
   * A service loop's idle wait: enabled while `pending` holds (work is there); a context parked
   * here with nothing pending counts as finished, not deadlocked.
   */
  idleWait(label: string, fp: Footprint, pending: (s: Int32Array, c: Ctx) => boolean, fn: Exec, what: string): this {
    return this.step(label, fp, fn, { guard: pending, idle: true, wait: { what } });
  }

  call(routine: string, label = routine): this {
    this.ops.push({ kind: "call", label, reads: [], writes: [], callee: this.refOf(routine) });
    return this;
  }

  ret(label = "return"): this {
    this.ops.push({ kind: "ret", label, reads: [], writes: [] });
    return this;
  }

  /** An spl raise at a named site; the placement decides what it becomes (raise, nothing, a lock). */
  spl(site: string, level: number, label = `spl@${site}`): this {
    this.ops.push({ kind: "spl", label, reads: [], writes: [], site, level });
    return this;
  }

  /** The matching splx (or unlock) of the raise at `site`. */
  splx(site: string, label = `splx@${site}`): this {
    this.ops.push({ kind: "splx", label, reads: [], writes: [], site });
    return this;
  }

  /**
   * Opens a named region: a site that is not an spl call of the real code, so a placement can
   * protect exactly these statements (`{"sites": {"my_region": {"lock": "inp_mtx"}}}`). Unprotected
   * by default, as an entry point is. Close it with `endSite()` in the same routine.
   */
  site(name: string): this {
    if (this.open.includes(name)) throw new KernelError(`${this.name}: region "${name}" opened twice`);
    this.open.push(name);
    this.ops.push({ kind: "spl", label: `region ${name}`, reads: [], writes: [], site: name, level: 0, region: true });
    return this;
  }

  /** Closes the innermost region opened by `site()` (regions nest; they cannot overlap). */
  endSite(name?: string): this {
    const top = this.open.pop();
    if (top === undefined) throw new KernelError(`${this.name}: endSite() with no open region`);
    if (name !== undefined && name !== top) throw new KernelError(`${this.name}: endSite("${name}") closes region "${top}", opened last; regions nest and cannot overlap`);
    this.ops.push({ kind: "splx", label: `end ${top}`, reads: [], writes: [], site: top, region: true });
    return this;
  }

  /** mtx_lock(lock) written in the routine itself (a lock that lives in an object, say). */
  lock(lock: Lock, label = `mtx_lock(${lock.name})`): this {
    this.ops.push({ kind: "lock", label, reads: [], writes: [], lock });
    return this;
  }

  /** mtx_unlock(lock): the owner lets go; anyone else unlocking is an unlock-not-owner assertion. */
  unlock(lock: Lock, label = `mtx_unlock(${lock.name})`): this {
    this.ops.push({ kind: "unlock", label, reads: [], writes: [], lock });
    return this;
  }

  /** Before a sleep at wait site `site`: the placement may release held locks here. */
  waitBegin(site: string): this {
    this.ops.push({ kind: "waitBegin", label: `unlock@${site}`, reads: [], writes: [], site });
    return this;
  }

  /** Between registering a sleep and blocking: where an "interlock" wait policy releases locks. */
  waitInterlock(site: string): this {
    this.ops.push({ kind: "waitInterlock", label: `interlock@${site}`, reads: [], writes: [], site });
    return this;
  }

  /** After the sleep: re-take what waitBegin or waitInterlock released. */
  waitEnd(site: string): this {
    this.ops.push({ kind: "waitEnd", label: `relock@${site}`, reads: [], writes: [], site });
    return this;
  }

  /** `word = (word & ~clear) | set`: one step or a load and a store, as the placement says. */
  rmw(label: string, word: TrackedWordRef, set: number, clear: number): this {
    this.ops.push({ kind: "rmw", label, reads: [word.slot], writes: [word.slot, word.ghostSet, word.ghostClear], word, set, clear });
    return this;
  }

  build(): Routine {
    if (this.open.length > 0)
      throw new KernelError(`${this.name}: region "${this.open[this.open.length - 1]}" is never closed (endSite() must come in the same routine)`);
    if (this.ops.length === 0 || this.ops[this.ops.length - 1]!.kind !== "ret") this.ret();
    for (const l of this.labels.values()) if (l.op < 0) throw new KernelError(`${this.name}: label "${l.name}" used but never placed`);
    return { name: this.name, cite: this.cite, ops: this.ops, labels: [...this.labels.values()], ref: this.refOf(this.name) };
  }
}

/** Instructions are lowered ops: the flat program. */
export interface Instr {
  readonly index: number;
  readonly routine: string;
  readonly label: string;
  /** The step: returns the next pc, or NEXT or nothing to fall through. */
  readonly exec: (s: Int32Array, c: Ctx) => number | void;
  readonly guard: Guard | null;
  readonly reads: readonly number[];
  readonly writes: readonly number[];
  /** Objects whose fields this step reads or writes (checked for use after free). */
  readonly touches: Int32Array;
  readonly wait: WaitInfo | null;
  readonly idle: boolean;
  /** Reads or writes the running context's sleep word (tsleep), which wakeup writes from outside. */
  readonly sleeps: boolean;
  /** Text hashed into the model's signature. */
  readonly source: string;
}
