import { didYouMean } from "./did-you-mean.js";
import type { ContextKind } from "../../checker/index.js";
import { allocContext, DONE, type Ctx } from "./context.js";
import { Layout } from "./layout.js";
import { lower, type LinkEnv } from "./linker.js";
import type { ComposedKernel, EnvEvent, ExtraInvariant, Policy } from "./composed.js";
import { KernelModel } from "./kernel-model.js";
import { ObjectTable, type KObject, type ObjectKind } from "./objects.js";
import { KernelError } from "./kernel-error.js";
import { validatePlacement, type LockDecl, type Placement } from "./placement.js";
import { RoutineBuilder, RoutineRef, type Exec, type Guard, type Routine } from "./program.js";
import { SPL_NAMES } from "./spl.js";
import { makeLock, makeSemaphore, type Channel, type Lock, type Semaphore } from "./sync.js";
import { trackedWord, type TrackedWord } from "./tracked-word.js";

export type { Policy } from "./composed.js";

export interface ThreadSpec {
  readonly priority?: number;
  readonly kind?: ContextKind;
  /** It runs callout handlers (a softint thread over a callwheel): faults there are callout-after-free. */
  readonly runsCallouts?: boolean;
}

export interface InterruptSpec {
  readonly level: number;
  /** "interrupt" (softnet, devices) or "timer" (softclock). */
  readonly kind?: "interrupt" | "timer";
  /** Its handler runs callouts (a callwheel's softclock): faults there are callout-after-free. */
  readonly runsCallouts?: boolean;
  readonly pending: { readonly reads: readonly number[]; readonly fn: (s: Int32Array) => boolean };
  /** Runs at delivery, before the handler (e.g. consume the pending tick). */
  readonly onDeliver?: { readonly reads?: readonly number[]; readonly writes?: readonly number[]; readonly fn: (s: Int32Array, c: Ctx) => void };
  readonly handler: string;
}

/** A lock the kernel declares itself (not the placement): it may live in an object and die with it. */
export interface KernelLockDecl extends LockDecl {
  /** The object the lock is a field of ("inp", "so"): freeing it frees the lock, and taking it then is a use after free. */
  readonly in?: string;
}

/** A routine body given to `replace`; `original` names the built-in body, callable with `b.call(original)`. */
export type RoutineOverride = (b: RoutineBuilder, original: string) => void;

interface PendingOverride {
  readonly cite: string;
  readonly body: RoutineOverride;
  used: boolean;
}

interface PendingContext {
  readonly ctx: Ctx;
  readonly main: Routine;
}

/**
 * Composes a kernel: slots, objects, locks, semaphores, channels, routines, contexts and
 * environment events; `build()` links the routines under the placement and returns the Model.
 */
export class KernelBuilder implements ComposedKernel {
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
  private readonly overrides = new Map<string, PendingOverride>();
  /** Locks declared by the kernel (not the placement), with the object each lives in. */
  private readonly kernelLocks = new Map<string, KernelLockDecl>();
  readonly placement: Placement;

  constructor(
    readonly name: string,
    readonly policy: Policy,
    placement: Placement,
    /** Every site and wait site the kernel's routines declare (placement validation needs them first). */
    readonly siteNames: { readonly sites: ReadonlySet<string>; readonly waits: ReadonlySet<string> },
    /** Locks the kernel declares (an extension's), made before the contexts so each can save them around a sleep. */
    kernelLocks: Readonly<Record<string, KernelLockDecl>> = {},
  ) {
    // Sites are checked at build(), once the routines (and the regions they open) are known.
    this.placement = validatePlacement(placement, null, null, new Set(Object.keys(kernelLocks)));
    const ownerFmt = (v: number) => (v === 0 ? "none" : (this.ctxNames[v - 1] ?? String(v)));
    this.cpuSpl = this.layout.slot("cpu.spl", 0, (v) => SPL_NAMES[v] ?? String(v));
    this.cur = this.layout.slot("cpu.curthread", 0, ownerFmt);
    for (const [n, d] of Object.entries(this.placement.locks ?? {}))
      this.locks.push(makeLock(this.layout, this.locks.length, n, d.recursive ?? false, ownerFmt));
    for (const [n, d] of Object.entries(kernelLocks)) {
      if (typeof d !== "object" || d === null) throw new KernelError(`lock "${n}": expected {recursive?: boolean, in?: OBJECT}`);
      for (const key of Object.keys(d)) if (key !== "recursive" && key !== "in") throw new KernelError(`lock "${n}": unknown field "${key}" (allowed: recursive, in)`);
      if (d.recursive !== undefined && typeof d.recursive !== "boolean") throw new KernelError(`lock "${n}": "recursive" must be true or false`);
      if (d.in !== undefined && typeof d.in !== "string") throw new KernelError(`lock "${n}": "in" must name an object, e.g. "inp"`);
      this.kernelLocks.set(n, d);
      this.locks.push(makeLock(this.layout, this.locks.length, n, d.recursive ?? false, ownerFmt));
    }
  }

  /**
   * Moves every kernel lock declared `in` an object into that object, once the objects exist:
   * its owner and count become the object's fields, so freeing the object frees the lock.
   */
  placeLocksInObjects(): void {
    for (const [n, d] of this.kernelLocks) {
      if (d.in === undefined) continue;
      const obj = this.objects.list.find((o) => o.name === d.in);
      if (!obj) throw new KernelError(`lock "${n}": no object "${d.in}"${didYouMean(d.in, this.objects.list.map((o) => o.name))} (objects: ${this.objects.list.map((o) => o.name).join(", ")})`);
      const l = this.lock(n);
      this.layout.setOwner(l.owner, obj.id);
      this.layout.setOwner(l.count, obj.id);
    }
  }

  ownerName(v: number): string {
    return v === 0 ? "none" : (this.ctxNames[v - 1] ?? String(v));
  }

  /** A lock by name: the placement's or the kernel's own. */
  lock(name: string): Lock {
    const l = this.locks.find((x) => x.name === name);
    if (!l) throw new KernelError(`no lock "${name}"${didYouMean(name, this.locks.map((x) => x.name))} (locks: ${this.locks.map((x) => x.name).join(", ") || "none"})`);
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

  /**
   * Declares a routine; `cite` names the source file and routine it follows. If `replace` was
   * called for this name, the replacement is declared instead, and the body given here only under
   * the name the replacement calls it by (`original`), if it does.
   */
  routine(name: string, cite: string, body: (b: RoutineBuilder) => void): void {
    if (this.routines.has(name))
      throw new KernelError(`routine "${name}" declared twice${this.overrides.has(name) ? "" : " (to change a built-in routine, use replace)"}`);
    const o = this.overrides.get(name);
    if (o) this.declareReplaced(name, o, (as) => this.buildRoutine(as, cite, body));
    else this.routines.set(name, this.buildRoutine(name, cite, body));
  }

  /**
   * Links `o` under `name`, and the built-in body under `NAME@builtin` when the replacement calls
   * it (only then: an unused original would only clutter traces and `describe`).
   */
  private declareReplaced(name: string, o: PendingOverride, builtin: (as: string) => Routine): void {
    o.used = true;
    const original = `${name}@builtin`;
    this.routines.set(name, this.buildRoutine(name, o.cite, (b) => o.body(b, original)));
    if (this.refs.has(original)) this.routines.set(original, builtin(original));
  }

  private buildRoutine(name: string, cite: string, body: (b: RoutineBuilder) => void): Routine {
    const b = new RoutineBuilder(name, cite, (n) => this.ref(n));
    body(b);
    return b.build();
  }

  /**
   * Replaces the routine `name` (a built-in such as "sofree", or one of an extension's) with
   * `body`, written with the same builder. Call it before the routine is declared (an extension's
   * install runs before the socket and TCP layers) or after: either way only the replacement is
   * linked. `body` receives the original's name; `b.call(original)` runs the built-in body.
   * A name that no routine ever takes is an error at build().
   */
  replace(name: string, cite: string, body: RoutineOverride): void {
    if (this.overrides.has(name)) throw new KernelError(`routine "${name}" replaced twice`);
    const o: PendingOverride = { cite, body, used: false };
    this.overrides.set(name, o);
    // Declared already (a context's service routine, a callout handler): swap it in now.
    const existing = this.routines.get(name);
    if (existing) this.declareReplaced(name, o, (as) => ({ ...existing, name: as, ref: this.ref(as) }));
  }

  /**
   * Adds a field to an object (a flag word, a reference count): a slot every access to which
   * counts as touching the object, so a use after it is freed is caught. A name the object
   * already has is an error.
   */
  field(obj: KObject, name: string, init = 0, format?: (v: number) => string): number {
    if (!Number.isInteger(init)) throw new KernelError(`field ${obj.name}.${name}: initial value must be an integer, got ${init}`);
    if (this.layout.find(`${obj.name}.${name}`) !== undefined) throw new KernelError(`field ${obj.name}.${name} exists already (a ${obj.kind} has: ${this.fieldsOf(obj).join(", ")})`);
    return this.objects.field(obj, name, init, format);
  }

  /**
   * A new object with the built-in lifecycle (allocated or not at the start; freed with `free`;
   * use after free, double free and, unless `mustFree: false`, leak checked): a user's netns, a
   * protocol control block of their own. Add its fields with `field`.
   */
  object(name: string, kind: ObjectKind, opts: { allocated?: boolean; mustFree?: boolean } = {}): KObject {
    if (this.objects.list.some((o) => o.name === name)) throw new KernelError(`object "${name}" exists already (objects: ${this.objects.list.map((o) => o.name).join(", ")})`);
    return this.objects.declare(name, kind, opts);
  }

  /** A global word of the kernel (not in any object: a list head, a counter, a flag), named in traces and `initial.slots`. */
  global(name: string, init = 0, format?: (v: number) => string): number {
    if (this.layout.find(name) !== undefined) throw new KernelError(`slot "${name}" exists already`);
    return this.layout.slot(name, init, format);
  }

  /** The field names of `obj`, for messages and `describe`. */
  fieldsOf(obj: KObject): string[] {
    const pre = `${obj.name}.`;
    return this.layout.names.filter((n, i) => this.layout.owner[i] === obj.id && n.startsWith(pre) && !n.startsWith(`${pre}ghost.`)).map((n) => n.slice(pre.length));
  }

  /** Every routine, contexts' main programs included (after build). */
  allRoutines(): Routine[] {
    return [...this.routines.values(), ...this.mains.map((m) => m.main)];
  }

  hasRoutine(name: string): boolean {
    return this.routines.has(name);
  }

  private newContext(name: string, kind: ContextKind, priority: number, level: number, runsCallouts = false): Ctx {
    if (this.ctxNames.includes(name)) throw new Error(`context "${name}" declared twice`);
    const c = allocContext(this.layout, this.contexts.length, name, kind, priority, level, this.locks.length, runsCallouts);
    this.contexts.push(c);
    this.ctxNames.push(name);
    return c;
  }

  /** A kernel thread (or a process under bsd-up) whose program is `body`. */
  thread(name: string, spec: ThreadSpec, body: (b: RoutineBuilder) => void): Ctx {
    const c = this.newContext(name, spec.kind ?? "thread", spec.priority ?? 0, 0, spec.runsCallouts ?? false);
    const b = new RoutineBuilder(`${name}:main`, `context ${name}`, (n) => this.ref(n));
    body(b);
    this.mains.push({ ctx: c, main: b.build() });
    return c;
  }

  /** An interrupt source (a softnet or softclock handler) at `level`. */
  interrupt(name: string, spec: InterruptSpec): Ctx {
    const c = this.newContext(name, spec.kind ?? "interrupt", 0, spec.level, spec.runsCallouts ?? false);
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

  /** Every region name the declared routines open with `b.site()`. */
  private regionNames(routines: readonly Routine[]): Set<string> {
    const out = new Set<string>();
    for (const r of routines) for (const op of r.ops) if (op.region && op.kind === "spl") out.add(op.site!);
    return out;
  }

  build(): KernelModel {
    const unused = [...this.overrides].filter(([, o]) => !o.used).map(([n]) => n);
    if (unused.length > 0) {
      const names = [...this.routines.keys()].filter((n) => !n.endsWith("@builtin"));
      throw new KernelError(`replace: no routine "${unused[0]}"${didYouMean(unused[0]!, names)} in this kernel (routines: ${names.sort().join(", ")})`);
    }
    const all: Routine[] = [...this.routines.values(), ...this.mains.map((m) => m.main)];
    const regions = this.regionNames(all);
    for (const r of regions)
      if (this.siteNames.sites.has(r)) throw new KernelError(`region "${r}" has the name of a site of the kernel's code; choose another name`);
    const sites = new Set([...this.siteNames.sites, ...regions]);
    validatePlacement(this.placement, sites, this.siteNames.waits, new Set(this.kernelLocks.keys()));
    this.placeLocksInObjects();
    const env: LinkEnv = {
      policy: this.policy,
      placement: this.placement,
      layout: this.layout,
      cpuSpl: this.cpuSpl,
      locks: this.locks,
      contexts: this.contexts,
      ownerName: (v) => this.ownerName(v),
      sites,
      waitSites: this.siteNames.waits,
    };
    for (const r of this.refs.values()) {
      if (all.some((x) => x.name === r.name)) continue;
      const callers = all.filter((x) => x.ops.some((op) => op.callee?.name === r.name)).map((x) => x.name);
      throw new KernelError(`${callers.join(", ") || "a routine"} calls "${r.name}", which no routine declares${didYouMean(r.name, all.map((x) => x.name))}`);
    }
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
