import type { ContextKind } from "../../checker/index.js";
import { allocContext, DONE, type Ctx } from "./context.js";
import { Layout } from "./layout.js";
import { lower, type LinkEnv } from "./linker.js";
import { KernelModel, type EnvEvent, type ExtraInvariant } from "./kernel-model.js";
import { ObjectTable, type KObject } from "./objects.js";
import { validatePlacement, type Placement } from "./placement.js";
import { RoutineBuilder, RoutineRef, type Exec, type Guard, type Routine } from "./program.js";
import { SPL_NAMES } from "./spl.js";
import { makeLock, makeSemaphore, type Channel, type Lock, type Semaphore } from "./sync.js";
import { trackedWord, type TrackedWord } from "./tracked-word.js";

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

export interface ThreadSpec {
  readonly priority?: number;
  readonly kind?: ContextKind;
}

export interface InterruptSpec {
  readonly level: number;
  /** "interrupt" (softnet, devices) or "timer" (softclock: a callout handler's context). */
  readonly kind?: "interrupt" | "timer";
  readonly pending: { readonly reads: readonly number[]; readonly fn: (s: Int32Array) => boolean };
  /** Runs at delivery, before the handler (e.g. consume the pending tick). */
  readonly onDeliver?: { readonly reads?: readonly number[]; readonly writes?: readonly number[]; readonly fn: (s: Int32Array, c: Ctx) => void };
  readonly handler: string;
}

interface PendingContext {
  readonly ctx: Ctx;
  readonly main: Routine;
}

/**
 * Composes a kernel: slots, objects, locks, semaphores, channels, routines, contexts and
 * environment events; `build()` links the routines under the placement and returns the Model.
 */
export class KernelBuilder {
  readonly layout = new Layout();
  readonly objects = new ObjectTable(this.layout);
  readonly cpuSpl: number;
  readonly cur: number;
  readonly locks: Lock[] = [];
  readonly semaphores: Semaphore[] = [];
  readonly channels: Channel[] = [];
  readonly words: TrackedWord[] = [];
  readonly contexts: Ctx[] = [];
  readonly events: EnvEvent[] = [];
  readonly invariants: ExtraInvariant[] = [];
  private readonly routines = new Map<string, Routine>();
  private readonly refs = new Map<string, RoutineRef>();
  private readonly mains: PendingContext[] = [];
  private readonly ctxNames: string[] = [];
  readonly placement: Placement;

  constructor(
    readonly name: string,
    readonly policy: Policy,
    placement: Placement,
    /** Every site and wait site the kernel's routines declare (placement validation needs them first). */
    readonly siteNames: { readonly sites: ReadonlySet<string>; readonly waits: ReadonlySet<string> },
  ) {
    this.placement = validatePlacement(placement, siteNames.sites, siteNames.waits);
    const ownerFmt = (v: number) => (v === 0 ? "none" : (this.ctxNames[v - 1] ?? String(v)));
    this.cpuSpl = this.layout.slot("cpu.spl", 0, (v) => SPL_NAMES[v] ?? String(v));
    this.cur = this.layout.slot("cpu.curthread", 0, ownerFmt);
    for (const [n, d] of Object.entries(this.placement.locks ?? {}))
      this.locks.push(makeLock(this.layout, this.locks.length, n, d.recursive ?? false, ownerFmt));
  }

  ownerName(v: number): string {
    return v === 0 ? "none" : (this.ctxNames[v - 1] ?? String(v));
  }

  lock(name: string): Lock {
    const l = this.locks.find((x) => x.name === name);
    if (!l) throw new Error(`no lock "${name}"`);
    return l;
  }

  semaphore(name: string, opts: { binary?: boolean; init?: number; mustFree?: boolean; allocated?: boolean } = {}): Semaphore {
    const s = makeSemaphore(this.objects, name, opts);
    this.semaphores.push(s);
    return s;
  }

  channel(name: string): Channel {
    const c = { id: this.channels.length, name };
    this.channels.push(c);
    return c;
  }

  /** A word whose read-modify-writes are tracked for lost updates (so_state). */
  word(obj: KObject, field: string, init: number, format?: (v: number) => string): TrackedWord {
    const w = trackedWord(this.layout, this.objects, obj, field, init, format);
    this.words.push(w);
    return w;
  }

  ref(name: string): RoutineRef {
    let r = this.refs.get(name);
    if (!r) {
      r = new RoutineRef(name);
      this.refs.set(name, r);
    }
    return r;
  }

  /** Declares a routine; `cite` names the source file and routine it follows. */
  routine(name: string, cite: string, body: (b: RoutineBuilder) => void): void {
    if (this.routines.has(name)) throw new Error(`routine "${name}" declared twice`);
    const b = new RoutineBuilder(name, cite, (n) => this.ref(n));
    body(b);
    this.routines.set(name, b.build());
  }

  /** Every routine, contexts' main programs included (after build). */
  allRoutines(): Routine[] {
    return [...this.routines.values(), ...this.mains.map((m) => m.main)];
  }

  hasRoutine(name: string): boolean {
    return this.routines.has(name);
  }

  private newContext(name: string, kind: ContextKind, priority: number, level: number): Ctx {
    if (this.ctxNames.includes(name)) throw new Error(`context "${name}" declared twice`);
    const c = allocContext(this.layout, this.contexts.length, name, kind, priority, level, this.locks.length);
    this.contexts.push(c);
    this.ctxNames.push(name);
    return c;
  }

  /** A kernel thread (or a process under bsd-up) whose program is `body`. */
  thread(name: string, spec: ThreadSpec, body: (b: RoutineBuilder) => void): Ctx {
    const c = this.newContext(name, spec.kind ?? "thread", spec.priority ?? 0, 0);
    const b = new RoutineBuilder(`${name}:main`, `context ${name}`, (n) => this.ref(n));
    body(b);
    this.mains.push({ ctx: c, main: b.build() });
    return c;
  }

  /** An interrupt source (a softnet or softclock handler) at `level`. */
  interrupt(name: string, spec: InterruptSpec): Ctx {
    const c = this.newContext(name, spec.kind ?? "interrupt", 0, spec.level);
    const cpu = this.cpuSpl;
    const level = spec.level;
    const pending = spec.pending.fn;
    const deliver = spec.onDeliver;
    const b = new RoutineBuilder(`${name}:main`, `interrupt ${name} at ${SPL_NAMES[level]}`, (n) => this.ref(n));
    const top = b.at("deliver");
    b.here("deliver");
    b.step(
      "deliver",
      { reads: [cpu, ...spec.pending.reads, ...(deliver?.reads ?? [])], writes: [cpu, ...(deliver?.writes ?? [])] },
      (s, ctx) => {
        s[ctx.savedSpl] = s[cpu]!;
        s[cpu] = level;
        s[ctx.active] = 1;
        deliver?.fn(s, ctx);
      },
      { guard: (s) => pending(s) && s[cpu]! < level, idle: true, wait: { what: `${name} pending` } },
    );
    b.call(spec.handler);
    b.step("iret", { writes: [cpu] }, (s, ctx) => {
      s[cpu] = s[ctx.savedSpl]!;
      s[ctx.active] = 0;
      return top.pc;
    });
    this.mains.push({ ctx: c, main: b.build() });
    return c;
  }

  /** An environment choice "this arrives now" (a segment from the peer, a clock tick). */
  event(name: string, spec: { level?: number; reads?: readonly number[]; writes?: readonly number[]; guard: Guard; exec: Exec }): void {
    this.events.push({ name, level: spec.level ?? 0, reads: spec.reads ?? [], writes: spec.writes ?? [], guard: spec.guard, exec: spec.exec });
  }

  invariant(inv: ExtraInvariant): void {
    this.invariants.push(inv);
  }

  build(): KernelModel {
    const env: LinkEnv = {
      policy: this.policy,
      placement: this.placement,
      layout: this.layout,
      cpuSpl: this.cpuSpl,
      locks: this.locks,
      contexts: this.contexts,
      ownerName: (v) => this.ownerName(v),
      sites: this.siteNames.sites,
      waitSites: this.siteNames.waits,
    };
    const all: Routine[] = [...this.routines.values(), ...this.mains.map((m) => m.main)];
    for (const r of this.refs.values()) if (!all.some((x) => x.name === r.name)) throw new Error(`call to undeclared routine "${r.name}"`);
    const instrs = lower(all, env);
    for (const m of this.mains) {
      m.ctx.entry = m.main.ref.entry;
      const idle = instrs.findIndex((i, k) => k >= m.ctx.entry && i.routine === m.main.name && i.idle);
      m.ctx.idle = idle;
      this.layout.init[m.ctx.pc] = m.ctx.entry;
    }
    for (const c of this.contexts) if (c.entry === DONE) throw new Error(`context ${c.name} has no program`);
    return new KernelModel(this, instrs, [...this.routines.values()]);
  }
}
