import { ModelAssertion, type ContextInfo, type Finding, type Footprint, type Invariant, type Model, type SymmetryEncoder, type TraceView } from "../../checker/index.js";
import { DONE, freeFaultSlots, privateSlots, SPL_DEPTH, STACK_DEPTH, useFaultSlots, type Ctx } from "./context.js";
import type { ComposedKernel, EnvEvent, Policy } from "./composed.js";
import { Faults, touchObject } from "./faults.js";
import type { KObject } from "./objects.js";
import type { Instr, Routine } from "./program.js";
import { NEXT } from "./program.js";
import { lostBits } from "./tracked-word.js";
import { Canonicalizer, checkGroup, type SymmetryGroup } from "./canonicalize.js";
import { IncrementalCanonicalizer } from "./symmetry-encoder.js";
import { EMPTY, RemainingFootprints } from "./remaining-footprint.js";
import { kernelTraceView } from "./trace-view.js";

export type { EnvEvent, ExtraInvariant } from "./composed.js";

/**
 * The composed kernel as a checker Model. Choice ids: one per context (step its next
 * instruction), then one per environment event. Nothing here allocates per step.
 */
export class KernelModel implements Model {
  readonly name: string;
  readonly stateSize: number;
  readonly contexts: readonly ContextInfo[];
  readonly maxChoices: number;
  readonly invariants: readonly Invariant[];
  readonly policy: Policy;
  readonly ctxs: readonly Ctx[];
  readonly events: readonly EnvEvent[];
  readonly faults: Faults;
  private init: Int32Array;
  private readonly threads: readonly Ctx[];
  private readonly irqs: readonly Ctx[];
  private readonly cpu: number;
  private readonly cur: number;
  private readonly nCtx: number;
  private readonly eventsKeepSpl: boolean;
  private readonly locksKeepOwners: boolean;
  /** Per instruction, the index of the lock it acquires, or -1. */
  private readonly acquireOf: Int32Array;
  private readonly objs: readonly KObject[];
  private readonly fpCache = new Map<number, Footprint>();
  private sig: string | null = null;
  private readonly ctxFpCache: Footprint[] = [];
  private readonly allRoutines: readonly Routine[];
  private remaining: RemainingFootprints | null = null;
  /**
   * Hot-path copies, so a step or an enabledness test loads one array element instead of an
   * object and its field: each instruction's guard, each event's level and guard, and per
   * context whether its step sets curthread and whether it is an interrupt handler.
   */
  private readonly guardAt: readonly (Instr["guard"])[];
  private readonly eventLevel: Int32Array;
  private readonly eventGuard: readonly EnvEvent["guard"][];
  private readonly setsCur: Uint8Array;
  private readonly isIrq: Uint8Array;

  constructor(
    readonly kernel: ComposedKernel,
    readonly instrs: readonly Instr[],
    readonly routines: readonly Routine[],
  ) {
    this.name = kernel.name;
    this.policy = kernel.policy;
    this.stateSize = kernel.layout.size;
    this.init = Int32Array.from(kernel.layout.init);
    this.ctxs = kernel.contexts;
    this.events = kernel.events;
    this.nCtx = this.ctxs.length;
    this.threads = this.ctxs.filter((c) => c.kind === "thread");
    this.irqs = this.ctxs.filter((c) => c.kind === "interrupt" || c.kind === "timer");
    this.cpu = kernel.cpuSpl;
    this.cur = kernel.cur;
    const infos: ContextInfo[] = this.ctxs.map((c) => ({ name: c.name, kind: c.kind }));
    if (this.events.length > 0) infos.push({ name: "env", kind: "environment" });
    this.contexts = infos;
    this.maxChoices = this.nCtx + this.events.length;
    this.faults = new Faults(kernel, instrs);
    this.guardAt = instrs.map((i) => i.guard);
    this.eventLevel = Int32Array.from(this.events, (e) => e.level);
    this.eventGuard = this.events.map((e) => e.guard);
    this.setsCur = Uint8Array.from(this.ctxs, (c) => (c.kind === "thread" && this.policy !== "any" ? 1 : 0));
    this.isIrq = Uint8Array.from(this.ctxs, (c) => (c.kind !== "thread" ? 1 : 0));
    this.allRoutines = kernel.allRoutines();
    this.objs = kernel.objects.list;
    const invs: Invariant[] = [...this.faults.invariants()];
    for (const w of kernel.words) {
      const fmt = (v: number) => kernel.layout.format(w.slot, v);
      invs.push({
        name: "lost-update",
        reads: [w.slot, w.ghostSet, w.ghostClear],
        holds: (s) => lostBits(s, w) === 0,
        check: (s) => {
          const lost = lostBits(s, w);
          if (lost === 0) return null;
          const wasSet = lost & s[w.ghostSet]!;
          const wasCleared = lost & s[w.ghostClear]!;
          const parts: string[] = [];
          if (wasSet) parts.push(`${fmt(wasSet)} set and then lost`);
          if (wasCleared) parts.push(`${fmt(wasCleared)} cleared and then restored`);
          return `${w.name} is ${fmt(s[w.slot]!)}: ${parts.join("; ")} by a store from a stale load`;
        },
      });
    }
    for (const x of kernel.invariants) invs.push(x);
    this.invariants = invs;
    this.eventsKeepSpl = this.events.every((e) => !e.writes.includes(this.cpu));
    // Lock operations (linker.ts) change an owner only from free or by the owner itself; anything
    // else writing an owner word would void runsAfter's "only the holder lets go".
    const owners = new Set(kernel.locks.map((l) => l.owner));
    const lockOp = /^(acquire|release|waitBegin|waitEnd) /;
    this.acquireOf = Int32Array.from(instrs, (i) => kernel.locks.findIndex((l) => i.source.startsWith(`acquire ${l.name} `)));
    this.locksKeepOwners =
      instrs.every((i) => lockOp.test(i.source) || !i.writes.some((x) => owners.has(x))) && this.events.every((e) => !e.writes.some((x) => owners.has(x)));
  }

  /**
   * What enabledness reads beyond a step's own footprint under a uniprocessor policy: the spl, the
   * current thread, every context's position, blocking state and guards (reduction.md §1). POR
   * leaves them out of footprints and asks runsAfter instead; the footprint oracle holds them fixed.
   */
  schedulerSlots(): readonly number[] {
    if (this.policy === "any") return [];
    const sched = new Set<number>([this.cpu, this.cur]);
    for (const c of this.ctxs) {
      sched.add(c.pc);
      sched.add(c.active);
      sched.add(c.sleep);
      for (let i = 0; i < this.kernel.locks.length; i++) sched.add(c.lockSave + i);
    }
    for (const ins of this.instrs) if (ins.guard) for (const r of ins.reads) sched.add(r);
    for (const e of this.events) for (const r of e.reads) sched.add(r);
    return [...sched];
  }

  initial(out: Int32Array): void {
    out.set(this.init);
  }

  /**
   * Starts every search from `state` instead (a state this model reached by its own steps: a
   * timer already dequeued, a call already under way). Call it before searching.
   */
  startFrom(state: Int32Array): void {
    this.init = Int32Array.from(state);
  }

  /**
   * Whether context `ctx` could take its next step if the scheduler chose it: not finished and
   * its step's guard holds. Under a uniprocessor policy a runnable context that is not enabled
   * has been preempted (the race table looks at what others do in such a window).
   */
  runnable(s: Int32Array, ctx: number): boolean {
    return this.ready(s, this.ctxs[ctx]!);
  }

  private ready(s: Int32Array, c: Ctx): boolean {
    const pc = s[c.pc]!;
    if (pc < 0) return false;
    const g = this.guardAt[pc]!;
    return g === null || g(s, c);
  }

  enabled(s: Int32Array, out: Int32Array): number {
    let n = 0;
    const cpu = s[this.cpu]!;
    if (this.policy === "any") {
      for (let i = 0; i < this.nCtx; i++) if (this.ready(s, this.ctxs[i]!)) out[n++] = i;
    } else {
      let top: Ctx | null = null;
      for (let i = 0; i < this.irqs.length; i++) {
        const c = this.irqs[i]!;
        if (s[c.active] === 1 && (top === null || c.level > top.level)) top = c;
      }
      if (top !== null) {
        if (this.ready(s, top)) out[n++] = top.id;
      } else n = this.pickThreads(s, out, n);
      for (let i = 0; i < this.irqs.length; i++) {
        const c = this.irqs[i]!;
        // Idle sources whose delivery guard (pending, above the current spl) holds.
        if (s[c.active] === 0 && this.ready(s, c)) out[n++] = c.id;
      }
    }
    const levels = this.eventLevel;
    const guards = this.eventGuard;
    const c0 = this.ctxs[0]!;
    for (let e = 0; e < levels.length; e++) {
      const level = levels[e]!;
      if ((level === 0 || level > cpu) && guards[e]!(s, c0)) out[n++] = this.nCtx + e;
    }
    return n;
  }

  private pickThreads(s: Int32Array, out: Int32Array, n: number): number {
    const curId = s[this.cur]! - 1;
    const cur = curId >= 0 ? this.ctxs[curId]! : null;
    if (this.policy === "bsd-up") {
      // A process keeps the CPU until it sleeps or exits; only then may another be switched in.
      if (cur !== null && cur.kind === "thread" && this.ready(s, cur)) {
        out[n++] = cur.id;
        return n;
      }
      for (let i = 0; i < this.threads.length; i++) if (this.ready(s, this.threads[i]!)) out[n++] = this.threads[i]!.id;
      return n;
    }
    // Kyu: the most urgent ready thread runs; among equals, the running one keeps the CPU.
    let best = Infinity;
    for (let i = 0; i < this.threads.length; i++) {
      const c = this.threads[i]!;
      if (c.priority < best && this.ready(s, c)) best = c.priority;
    }
    if (best === Infinity) return n;
    if (cur !== null && cur.priority === best && this.ready(s, cur)) {
      out[n++] = cur.id;
      return n;
    }
    for (let i = 0; i < this.threads.length; i++) {
      const c = this.threads[i]!;
      if (c.priority === best && this.ready(s, c)) out[n++] = c.id;
    }
    return n;
  }

  contextOf(choice: number): number {
    return choice < this.nCtx ? choice : this.nCtx;
  }

  step(s: Int32Array, choice: number): void {
    if (choice >= this.nCtx) {
      const ev = this.events[choice - this.nCtx]!;
      ev.exec(s, this.ctxs[0]!);
      return;
    }
    const c = this.ctxs[choice]!;
    const pc = s[c.pc]!;
    const ins = this.instrs[pc];
    if (!ins) throw new ModelAssertion("program", `${c.name} stepped with no instruction (pc ${pc})`);
    if (this.setsCur[choice] === 1) s[this.cur] = c.id + 1;
    const t = ins.touches;
    const irq = this.isIrq[choice] === 1;
    for (let i = 0; i < t.length; i++) touchObject(s, c, this.objs[t[i]!]!);
    const next = ins.exec(s, c);
    const to = next === undefined || next === NEXT ? pc + 1 : next;
    s[c.pc] = to;
    // runsAfter (POR) relies on it: a handler that went below its own level could be re-entered.
    if (irq && s[c.active] === 1 && s[this.cpu]! < c.level)
      throw new ModelAssertion("program", `${c.name} lowered the spl to ${this.kernel.layout.format(this.cpu, s[this.cpu]!)}, below its own level, at ${ins.routine}:${ins.label}`);
    if ((to === DONE || to === c.idle) && (s[c.fDoubleFree] !== 0 || s[c.fDoubleDestroy] !== 0 || s[c.fUse] !== 0)) s[c.fReady] = 1;
  }

  /** Model.writeSet, per (context, pc), per (context, pc, sp) for calls and returns, and per event, built on first use. */
  private wsTable: (Int32Array | null)[] | null = null;
  private wsStack: (Int32Array | null)[] | null = null;
  /** Per instruction: 1 for a call or a return (its write set depends on the stack pointer). */
  private stackOp: Uint8Array | null = null;
  private wsEvents: Int32Array[] | null = null;

  /**
   * Every word step(s, choice) may write (Model.writeSet): the instruction's declared writes and
   * what the interpreter writes around them (pc, registers, the fault words, curthread). The
   * linker's own instructions are exact: a call or ret moves the stack pointer and one stack
   * entry, an spl or splx the spl stack and level, a wait the saved lock counts. A routine's step
   * (a closure) may write its declared words and its context's registers, sleep word, saved spl
   * and active flag; the call and spl stacks belong to the linker's instructions (nothing else
   * in the runtime or the kernel library moves them). Freeing or allocating an object adds its
   * free words and the fault words; touching one the use-after-free words; waking a channel
   * every context's sleep word. Tests check every declaration against the full hash.
   */
  writeSet(s: Int32Array, choice: number): Int32Array {
    if (choice >= this.nCtx) {
      if (this.wsEvents === null) this.wsEvents = this.events.map((e) => this.withSleeps(new Set(e.writes)));
      return this.wsEvents[choice - this.nCtx]!;
    }
    const c = this.ctxs[choice]!;
    const pc = s[c.pc]!;
    const k = choice * (this.instrs.length + 1) + pc + 1;
    if (this.wsTable === null) {
      this.wsTable = new Array<Int32Array | null>(this.nCtx * (this.instrs.length + 1)).fill(null);
      this.wsStack = new Array<Int32Array | null>(this.nCtx * (this.instrs.length + 1) * (STACK_DEPTH + 1)).fill(null);
      this.stackOp = Uint8Array.from(this.instrs, (i) => (isStackOp(i.source) ? 1 : 0));
    }
    if (pc >= 0 && this.stackOp![pc] === 1) {
      const sp = s[c.sp]!;
      if (sp >= 0 && sp <= STACK_DEPTH) {
        const j = k * (STACK_DEPTH + 1) + sp;
        return this.wsStack![j] ?? (this.wsStack![j] = this.buildWriteSet(choice, pc, sp));
      }
    }
    return this.wsTable[k] ?? (this.wsTable[k] = this.buildWriteSet(choice, pc, -1));
  }

  /** `sp` ≥ 0: a call or return from that stack pointer writes one stack entry; -1: any. */
  private buildWriteSet(choice: number, pc: number, sp: number): Int32Array {
    const c = this.ctxs[choice]!;
    const ins = this.instrs[pc];
    const w = new Set<number>([c.pc, c.r0, c.r1, c.r2, c.fReady]);
    if (c.kind === "thread" && this.policy !== "any") w.add(this.cur);
    if (!ins) return Int32Array.from(w);
    for (const x of ins.writes) w.add(x);
    const src = ins.source;
    const nLocks = this.kernel.locks.length;
    // A routine's step carries its closure's source, which has "=>" or "{"; the linker's never do.
    const linked = !src.includes("=>") && !src.includes("{");
    if (isStackOp(src)) {
      w.add(c.sp);
      const at = src === "ret" ? sp - 1 : sp;
      if (sp >= 0 && at >= 0 && at < STACK_DEPTH) w.add(c.stack + at);
      else for (let i = 0; i < STACK_DEPTH; i++) w.add(c.stack + i);
    } else if (linked && /^splx? /.test(src)) {
      w.add(c.splSp).add(this.cpu);
      for (let i = 0; i < SPL_DEPTH; i++) w.add(c.splStack + i);
    } else if (linked && /^wait(Begin|End) /.test(src)) {
      for (let i = 0; i < nLocks; i++) w.add(c.lockSave + i);
    } else if (!(linked && /^(acquire|release|rmw|load|store) /.test(src))) {
      w.add(c.sleep).add(c.savedSpl).add(c.active);
    }
    if (ins.touches.length > 0) for (const x of useFaultSlots(c)) w.add(x);
    for (const o of this.objs)
      if (ins.writes.includes(o.alive)) {
        w.add(o.freedBy).add(o.freedAt);
        for (const x of freeFaultSlots(c)) w.add(x);
      }
    return this.withSleeps(w);
  }

  /** Wakeup writes every context's sleep word: a step that writes one may write them all. */
  private withSleeps(w: Set<number>): Int32Array {
    if (this.ctxs.some((x) => w.has(x.sleep))) for (const x of this.ctxs) w.add(x.sleep);
    return Int32Array.from(w);
  }

  isFinished(s: Int32Array, ctx: number): boolean {
    const c = this.ctxs[ctx];
    if (!c) return true; // the environment never waits for anything
    const pc = s[c.pc]!;
    if (pc === DONE) return true;
    return pc === c.idle && !this.ready(s, c) && s[c.active] === 0;
  }

  /** True when `c` is between entry calls: done, or parked at its idle point. */
  atRest(s: Int32Array, c: Ctx): boolean {
    const pc = s[c.pc]!;
    return pc === DONE || pc === c.idle;
  }

  stuck(s: Int32Array): Finding {
    const f = this.faults.report(s);
    if (f) return f;
    const lines: string[] = [];
    let lost: string | null = null;
    for (const c of this.ctxs) {
      if (this.isFinished(s, c.id)) continue;
      const pc = s[c.pc]!;
      const ins = this.instrs[pc]!;
      const w = ins.wait;
      const where = `${ins.routine}:${ins.label}`;
      if (!w) {
        lines.push(`${c.name} at ${where} cannot run`);
        continue;
      }
      const holder = w.holder ? w.holder(s) : 0;
      if (holder > 0) lines.push(`${c.name} at ${where} waits for ${w.what}, held by ${this.kernel.ownerName(holder)}`);
      else lines.push(`${c.name} at ${where} sleeps on ${w.what}${w.conditionText ? ` until ${w.conditionText}` : ""}`);
      if (w.condition && w.condition(s) && lost === null)
        lost = `${c.name} sleeps on ${w.what} at ${where} although ${w.conditionText ?? "its condition"} already holds, and nothing is left to wake it`;
    }
    if (lost) return { name: "lost-wakeup", message: lost };
    return { name: "deadlock", message: lines.join("; ") };
  }

  terminal(s: Int32Array): Finding | null {
    const f = this.faults.report(s);
    if (f) return f;
    return this.faults.leak(s);
  }

  footprint(_s: Int32Array, choice: number): Footprint {
    // A step can bring its context to rest with a fault to report only once one is recorded, and
    // only the context itself records its faults: the footprint differs by that one bit of state.
    const cc = choice < this.nCtx ? this.ctxs[choice]! : null;
    const faulted = cc !== null && (_s[cc.fDoubleFree] !== 0 || _s[cc.fDoubleDestroy] !== 0 || _s[cc.fUse] !== 0) ? 1 : 0;
    const up = this.policy !== "any";
    // Under a uniprocessor policy a thread step switches the CPU to its thread unless it already has it.
    const switching = cc !== null && up && cc.kind === "thread" && _s[this.cur] !== cc.id + 1 ? 1 : 0;
    const key = cc === null ? -1 - (choice - this.nCtx) : ((choice * (this.instrs.length + 1) + _s[cc.pc]! + 1) * 2 + faulted) * 2 + switching;
    const hit = this.fpCache.get(key);
    if (hit) return hit;
    const reads = new Set<number>();
    const writes = new Set<number>();
    if (choice >= this.nCtx) {
      const ev = this.events[choice - this.nCtx]!;
      ev.reads.forEach((x) => reads.add(x));
      ev.writes.forEach((x) => writes.add(x));
      // Only an event above spl0 is gated by the spl (enabled(): level 0 always arrives).
      if (ev.level !== 0) reads.add(this.cpu);
    } else {
      const c = this.ctxs[choice]!;
      const ins = this.instrs[_s[c.pc]!];
      const own = privateSlots(c, this.kernel.locks.length);
      own.forEach((x) => {
        // Another context writes a sleeper's sleep word (wakeup); only a blocking step reads it.
        if (x !== c.sleep || ins?.sleeps) {
          reads.add(x);
          writes.add(x);
        }
      });
      if (ins) {
        ins.reads.forEach((x) => reads.add(x));
        ins.writes.forEach((x) => writes.add(x));
        for (const o of ins.touches) reads.add(this.kernel.objects.get(o).alive);
        if (ins.touches.length > 0) useFaultSlots(c).forEach((x) => writes.add(x));
        for (const o of this.kernel.objects.list)
          if (ins.writes.includes(o.alive)) {
            reads.add(o.alive);
            writes.add(o.freedBy).add(o.freedAt);
            freeFaultSlots(c).forEach((x) => writes.add(x));
          }
        // Only the context's own program (done, goto idle, iret) brings it to rest, never by a
        // call, and step() sets the reported word only when a fault is recorded. Without one the
        // step is invisible to the fault invariants, so it can stand alone in an ample set.
        if (ins.routine === this.instrs[c.entry]!.routine && !ins.source.startsWith("call ")) {
          if (faulted) writes.add(c.fReady);
          reads.add(c.fDoubleFree).add(c.fDoubleDestroy).add(c.fUse);
        }
      }
      if (switching) writes.add(this.cur);
      // An interrupt's delivery takes the CPU from whatever runs. Every thread's remaining footprint
      // writes curthread, so a delivery never goes alone ahead of the running context's next step,
      // which can go ahead of the delivery when nothing touches what it touches (runsAfter).
      if (up && c.kind !== "thread" && _s[c.pc] === c.idle) writes.add(this.cur);
      // A step may block a sleeper's wakeup (wakeup writes every context's sleep word).
      if (ins?.writes.some((w) => this.ctxs.some((x) => x.sleep === w))) this.ctxs.forEach((x) => writes.add(x.sleep));
    }
    const fp = { reads: Int32Array.from(reads), writes: Int32Array.from(writes) };
    this.fpCache.set(key, fp);
    return fp;
  }

  /**
   * Every slot context `ctx` may read or write in any future step: the footprints of every
   * instruction of every routine its program can call (the call graph from its main routine),
   * its private slots and, under a uniprocessor policy, the scheduler's. The environment's is
   * the union of its events'.
   */
  contextFootprint(ctx: number): Footprint {
    const hit = this.ctxFpCache[ctx];
    if (hit) return hit;
    const reads = new Set<number>();
    const writes = new Set<number>();
    if (ctx >= this.nCtx) {
      for (const e of this.events) {
        e.reads.forEach((x) => reads.add(x));
        e.writes.forEach((x) => writes.add(x));
        if (e.level !== 0) reads.add(this.cpu);
      }
    } else {
      const c = this.ctxs[ctx]!;
      const byName = new Map(this.allRoutines.map((r) => [r.name, r] as const));
      const main = this.instrs[c.entry]!.routine;
      const todo = [main];
      const reach = new Set<string>([main]);
      while (todo.length) {
        const r = byName.get(todo.pop()!);
        for (const op of r?.ops ?? [])
          if (op.callee && !reach.has(op.callee.name)) {
            reach.add(op.callee.name);
            todo.push(op.callee.name);
          }
      }
      const pcSlot = c.pc;
      const probe = new Int32Array(this.stateSize);
      probe[c.fUse] = 1; // faulted: the widest footprint of each instruction
      for (const ins of this.instrs) {
        if (!reach.has(ins.routine)) continue;
        probe[pcSlot] = ins.index;
        const f = this.footprint(probe, ctx);
        for (let i = 0; i < f.reads.length; i++) reads.add(f.reads[i]!);
        for (let i = 0; i < f.writes.length; i++) writes.add(f.writes[i]!);
      }
    }
    const fp = { reads: Int32Array.from(reads), writes: Int32Array.from(writes) };
    this.ctxFpCache[ctx] = fp;
    return fp;
  }

  /**
   * What context `ctx` may still touch from `s` (remaining-footprint.ts): its current routine from
   * its pc, each caller's continuation, and whatever those can call. Finer than contextFootprint
   * once a context is past the code that shares a slot with another. The environment's is whole.
   */
  remainingFootprint(s: Int32Array, ctx: number): Footprint {
    return this.remainingOf(s, ctx, 0);
  }

  /**
   * What `other` may touch before `ctx`'s next step (Model.footprintBefore): nothing when it
   * runsAfter ctx; else its remaining footprint short of an acquire of any lock ctx holds, since
   * only ctx can let such a lock go (locksKeepOwners).
   */
  footprintBefore(s: Int32Array, other: number, ctx: number): Footprint {
    if (this.runsAfter(s, other, ctx)) return EMPTY;
    let held = 0;
    if (this.locksKeepOwners && ctx < this.nCtx && this.kernel.locks.length <= 30) {
      const locks = this.kernel.locks;
      for (let i = 0; i < locks.length; i++) if (s[locks[i]!.owner] === ctx + 1) held |= 1 << i;
    }
    return this.remainingOf(s, other, held);
  }

  private remainingOf(s: Int32Array, ctx: number, held: number): Footprint {
    if (ctx >= this.nCtx) return this.contextFootprint(ctx);
    if (this.remaining === null) {
      const probe = new Int32Array(this.stateSize);
      this.remaining = new RemainingFootprints(this.stateSize, this.ctxs, this.instrs, this.allRoutines, (c, i) => {
        const ctx = this.ctxs[c]!;
        probe.fill(0);
        probe[ctx.pc] = i;
        probe[ctx.fUse] = 1; // faulted: the widest footprint of each instruction
        return this.footprint(probe, c);
      }, (i) => this.acquireOf[i]!);
    }
    return this.remaining.of(s, ctx, held);
  }

  /**
   * Who must wait for `ctx`'s next step (for footprintBefore), as long as only steps that
   * leave ctx's next step alone run meanwhile (POR's C1 checks that for everyone else):
   * - ctx is the innermost running interrupt: every thread and every interrupt it preempted wait
   *   for its iret; so does an idle source at or below the current spl, since nothing that can run
   *   first lowers the spl under its value here (deliveries raise it, handlers never go below
   *   their own level, step() asserts it, and iret restores what the delivery found);
   * - ctx is the thread on the CPU (curthread, ready): the same idle sources, and every thread the
   *   policy will not switch to while ctx is ready: all of them under bsd-up (a process keeps the
   *   CPU until it sleeps); under priority the less urgent ones, and when no more urgent thread is
   *   left to preempt ctx (and perhaps lower the spl after its sleep), every other thread too.
   * - under any policy, a context waiting for a lock ctx holds: only ctx lets it go.
   * A step that takes the CPU (a delivery, a switch to another thread) claims nothing else.
   */
  runsAfter(s: Int32Array, other: number, ctx: number): boolean {
    if (ctx >= this.nCtx || other >= this.nCtx) return false;
    const c = this.ctxs[ctx]!;
    const o = this.ctxs[other]!;
    if (this.locksKeepOwners) {
      const w = this.instrs[s[o.pc]!]?.wait;
      if (w?.holder && w.holder(s) === c.id + 1 && !this.ready(s, o)) return true;
    }
    if (this.policy === "any" || !this.eventsKeepSpl) return false;
    let preempters = false;
    if (c.kind === "thread") {
      if (s[this.cur] !== c.id + 1) return false;
      for (let i = 0; i < this.irqs.length; i++) if (s[this.irqs[i]!.active] === 1) return false;
      if (this.policy === "priority")
        for (let i = 0; i < this.threads.length; i++) {
          const u = this.threads[i]!;
          if (u.priority < c.priority && s[u.pc] !== DONE) preempters = true;
        }
      if (o.kind === "thread") return this.policy === "bsd-up" || o.priority > c.priority || (!preempters && o.priority === c.priority);
    } else {
      if (s[c.active] !== 1) return false;
      if (o.kind === "thread") return true;
      if (s[o.active] === 1) return o.level < c.level;
    }
    return !preempters && s[o.active] === 0 && o.level <= s[this.cpu]!;
  }

  /** Symmetry reduction's canonical form (runtime/canonicalize.ts), present once useSymmetry is called. */
  canonicalize?: (state: Int32Array, out: Int32Array) => void;

  /** Declares interchangeable instances (checked alike first); the "symmetry" strategy then stores one state per class. */
  useSymmetry(group: SymmetryGroup): void {
    checkGroup(this.kernel, this.instrs, group);
    const counts = { contexts: this.nCtx, objects: this.objs.length, channels: this.kernel.channels.length, instrs: this.instrs.length };
    const c = new Canonicalizer(this.stateSize, counts, group);
    this.canonicalize = (s, out) => c.canonicalize(s, out);
    this.symmetryEncoder = () => new IncrementalCanonicalizer(new Canonicalizer(this.stateSize, counts, group), this.stateSize);
  }

  /** Model.symmetryEncoder (runtime/symmetry-encoder.ts), present once useSymmetry is called: each encoder has its own tables. */
  symmetryEncoder?: () => SymmetryEncoder;

  label(s: Int32Array, choice: number): string {
    if (choice >= this.nCtx) return `peer:${this.events[choice - this.nCtx]!.name}`;
    const c = this.ctxs[choice]!;
    const ins = this.instrs[s[c.pc]!];
    return ins ? `${ins.routine}:${ins.label}` : "done";
  }

  slotNames(): readonly string[] {
    return this.kernel.layout.names;
  }

  formatSlot(slot: number, value: number): string {
    return this.kernel.layout.format(slot, value);
  }

  signature(): string {
    if (this.sig === null) {
      const parts: string[] = [this.name, this.policy, JSON.stringify(this.kernel.placement)];
      this.kernel.layout.names.forEach((n, i) => parts.push(`${n}=${this.kernel.layout.init[i]}`));
      for (const i of this.instrs) parts.push(`${i.index} ${i.routine}:${i.label} r${i.reads.join(",")} w${i.writes.join(",")} ${i.source}`);
      for (const e of this.events) parts.push(`event ${e.name} ${e.level} ${e.guard.toString()} ${e.exec.toString()}`);
      for (const c of this.ctxs) parts.push(`ctx ${c.name} ${c.kind} ${c.priority} ${c.level} ${c.entry} ${c.idle}`);
      this.sig = `kernel:${fnv64(parts.join("\n"))}`;
    }
    return this.sig;
  }

  /** The kernel's view of a trace (trace-view.ts): bookkeeping hidden, call paths, the racing steps. */
  traceView(): TraceView {
    return (this.view ??= kernelTraceView(this));
  }
  private view: TraceView | undefined;

  /** The routines with their citations, for docs and `--explain` style listings. */
  citations(): readonly { routine: string; cite: string }[] {
    return this.routines.map((r) => ({ routine: r.name, cite: r.cite }));
  }
}

/** The linker's call and ret instructions (linker.ts), told by their source line. */
function isStackOp(src: string): boolean {
  return src === "ret" || (/^call \S+$/.test(src) && !src.includes("=>") && !src.includes("{"));
}

function fnv64(text: string): string {
  let h1 = 0x811c9dc5 | 0;
  let h2 = 0x01000193 | 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 0x01000193);
    h2 = Math.imul(h2 ^ ch, 0x5bd1e995) ^ (h2 >>> 13);
  }
  return (h1 >>> 0).toString(16).padStart(8, "0") + (h2 >>> 0).toString(16).padStart(8, "0");
}
