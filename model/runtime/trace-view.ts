import type { Finding, RacingStep, RunStates, TraceView } from "../../checker/index.js";
import { privateSlots, type Ctx } from "./context.js";
import type { ComposedKernel } from "./composed.js";
import type { Instr } from "./program.js";
import { FREED, isSyncObject, type KObject } from "./objects.js";
import { lostBits } from "./tracked-word.js";

/**
 * The kernel's view of a trace (checker's TraceView): the interpreter's bookkeeping (pc, call and
 * spl stacks, registers, fault and lifecycle ghosts) apart from the shared state a kernel developer
 * reads, each context's routine call path, and the steps that make each built-in property. Built
 * once per model; used only by renderings, never by the search.
 */
/** What the trace view reads of a composed model (KernelModel has it), so the view imports nothing above it. */
interface KernelModel {
  readonly kernel: ComposedKernel;
  readonly ctxs: readonly Ctx[];
  readonly instrs: readonly Instr[];
  isFinished(s: Int32Array, ctx: number): boolean;
}

export function kernelTraceView(m: KernelModel): TraceView {
  const k = m.kernel;
  const nLocks = k.locks.length;
  const bookkeeping = new Set<number>([k.cur]);
  const stepGhosts: number[] = [];
  for (const c of m.ctxs) {
    // The sleep word says on what a context sleeps: that stays in view.
    for (const x of privateSlots(c, nLocks)) if (x !== c.sleep) bookkeeping.add(x);
    for (const x of [c.fDoubleFree, c.fDoubleFreeAt, c.fDoubleDestroy, c.fDoubleDestroyAt, c.fUse, c.fUseAt, c.fReady]) bookkeeping.add(x);
    stepGhosts.push(c.fDoubleFreeAt, c.fDoubleDestroyAt, c.fUseAt);
  }
  for (const o of k.objects.list) {
    bookkeeping.add(o.freedBy).add(o.freedAt);
    stepGhosts.push(o.freedAt);
  }
  for (const w of k.words) bookkeeping.add(w.ghostSet).add(w.ghostClear);
  return {
    bookkeeping: [...bookkeeping].sort((a, b) => a - b),
    stepGhosts,
    callPath: (s, ctx) => callPath(m, s, ctx),
    racingSteps: (run, f) => racingSteps(m, run, f),
  };
}

/** Routines from the context's entry call inward, e.g. ipintr → tcp_input → tcp_drop → tcp_close. */
function callPath(m: KernelModel, s: Int32Array, ctx: number): string[] {
  const c = m.ctxs[ctx];
  if (!c) return [];
  const out: string[] = [];
  const main = m.instrs[c.entry]?.routine;
  const sp = s[c.sp]!;
  // Each stack word is the return address: one past the caller's call instruction.
  for (let i = 0; i < sp; i++) {
    const r = m.instrs[s[c.stack + i]! - 1]?.routine;
    if (r !== undefined && r !== main) out.push(r);
  }
  const here = m.instrs[s[c.pc]!]?.routine;
  if (here !== undefined && here !== main) out.push(here);
  return out;
}

/** Finds steps in a run by the slots they change. */
class Run {
  readonly n: number;
  constructor(readonly r: RunStates) {
    this.n = r.states.length;
  }
  at(i: number): Int32Array {
    return i === 0 ? this.r.initial : this.r.states[i - 1]!;
  }
  get end(): Int32Array {
    return this.at(this.n);
  }
  /** The last step at or before `upTo` that changed `slot` (optionally: by `ctx`, to a value `to` accepts), or 0. */
  lastChange(slot: number, upTo = this.n, ctx = -1, to: (v: number) => boolean = () => true): number {
    for (let i = upTo; i >= 1; i--)
      if (this.at(i)[slot] !== this.at(i - 1)[slot] && (ctx < 0 || this.r.contexts[i - 1] === ctx) && to(this.at(i)[slot]!)) return i;
    return 0;
  }
  /** The last step of `ctx` at or before `upTo`, or 0. */
  lastOf(ctx: number, upTo = this.n): number {
    for (let i = upTo; i >= 1; i--) if (this.r.contexts[i - 1] === ctx) return i;
    return 0;
  }
}

function racingSteps(m: KernelModel, run: RunStates, f: Finding): RacingStep[] {
  const r = new Run(run);
  const out: RacingStep[] = [];
  const add = (step: number, role: string, note?: string) => {
    if (step > 0) out.push(note ? { step, role, note } : { step, role });
  };
  const objs = m.kernel.objects.list;
  const freedStep = (o: KObject, upTo = r.n) => r.lastChange(o.alive, upTo, -1, (v) => v === FREED);
  const s = r.end;
  switch (f.name) {
    case "use-after-free":
    case "use-after-destroy":
    case "callout-after-free": {
      const c = m.ctxs.find((x) => s[x.fUse]! > 0 && useProperty(x, objs[s[x.fUse]! - 1]!) === f.name);
      if (!c) break;
      const o = objs[s[c.fUse]! - 1]!;
      const used = r.lastChange(c.fUse);
      add(freedStep(o, used), isSyncObject(o.kind) ? "destroyed" : "freed", `${o.kind} ${o.name}`);
      add(used, "used", `${o.kind} ${o.name}`);
      break;
    }
    case "double-free":
    case "double-destroy": {
      const destroy = f.name === "double-destroy";
      const c = m.ctxs.find((x) => s[destroy ? x.fDoubleDestroy : x.fDoubleFree]! > 0);
      if (!c) break;
      const slot = destroy ? c.fDoubleDestroy : c.fDoubleFree;
      const o = objs[s[slot]! - 1]!;
      const again = r.lastChange(slot);
      add(freedStep(o, again), destroy ? "destroyed" : "freed", `${o.kind} ${o.name}`);
      add(again, destroy ? "destroyed again" : "freed again", `${o.kind} ${o.name}`);
      break;
    }
    case "lost-update":
      lostUpdate(m, r, add);
      break;
    case "deadlock":
    case "lost-wakeup":
      blocked(m, r, f.name, add);
      break;
  }
  return out.sort((a, b) => a.step - b.step);
}

function useProperty(c: Ctx, o: KObject): string {
  if (isSyncObject(o.kind)) return "use-after-destroy";
  return c.kind === "timer" ? "callout-after-free" : "use-after-free";
}

type Add = (step: number, role: string, note?: string) => void;

/** The store from a stale load, the load it came from, and the other context's store in between. */
function lostUpdate(m: KernelModel, r: Run, add: Add): void {
  const w = m.kernel.words.find((x) => lostBits(r.end, x) !== 0);
  if (!w) return;
  const store = r.lastChange(w.slot);
  if (store === 0) return;
  const ctx = r.r.contexts[store - 1]!;
  let load = 0;
  for (let i = store - 1; i >= 1 && load === 0; i--) {
    if (r.r.contexts[i - 1] !== ctx) continue;
    const ins = m.instrs[r.at(i - 1)[m.ctxs[ctx]!.pc]!];
    if (ins?.source === `load ${w.name}`) load = i;
  }
  let between = 0;
  for (let i = store - 1; i > load && between === 0; i--) if (r.r.contexts[i - 1] !== ctx && r.at(i)[w.slot] !== r.at(i - 1)[w.slot]) between = i;
  add(load, "load", `${w.name} read`);
  add(between, "interfering store", `${w.name} changed by another context`);
  add(store, "overwriting store", `${w.name} stored from the stale load`);
}

/**
 * Deadlock: who waits where, and for each lock waited for, the step its holder took it.
 * Lost wakeup: the sleeper's last look before the condition came true, the step that made it
 * true (and the wakeup that found nobody asleep), and the sleep.
 */
function blocked(m: KernelModel, r: Run, property: string, add: Add): void {
  const s = r.end;
  for (const c of m.ctxs) {
    if (m.isFinished(s, c.id)) continue;
    const ins = m.instrs[s[c.pc]!];
    const w = ins?.wait;
    const last = r.lastOf(c.id);
    const where = ins ? `${ins.routine}:${ins.label}` : "?";
    if (property === "lost-wakeup") {
      if (!w?.condition || !w.condition(s)) continue;
      let made = 0;
      for (let i = r.n; i >= 1 && made === 0; i--) if (w.condition(r.at(i)) && !w.condition(r.at(i - 1))) made = i;
      add(r.lastOf(c.id, made - 1), "check", `${c.name} finds the condition false`);
      add(made, "condition made true", `${w.conditionText ?? "the condition"} while ${c.name} is not asleep yet`);
      const waker = made > 0 ? r.r.contexts[made - 1]! : -1;
      for (let i = made + 1; i < last && waker >= 0; i++) {
        const at = m.instrs[r.at(i - 1)[m.ctxs[waker]?.pc ?? -1] ?? -1];
        if (r.r.contexts[i - 1] === waker && at && /wakeup|unblock|post/i.test(`${at.routine}:${at.label}`)) {
          add(i, "wakeup, no sleeper");
          break;
        }
      }
      // tsleep marks the sleeper in its sleep word; a semaphore sleeper blocks at its next step.
      const slept = r.lastChange(c.sleep, r.n, c.id, (x) => x !== 0);
      add(slept > made ? slept : last, "sleeps", `${c.name} sleeps on ${w.what} at ${where}`);
      return;
    }
    const holder = w?.holder ? w.holder(s) : 0;
    const lock = holder > 0 ? m.kernel.locks.find((l) => l.name === w!.what && s[l.owner] === holder) : undefined;
    if (lock) add(r.lastChange(lock.owner, r.n, -1, (v) => v === holder), `takes ${lock.name}`, `${m.kernel.ownerName(holder)} holds ${lock.name}`);
    add(last, "waits", `${c.name} then waits at ${where}${w ? ` for ${w.what}` : ""}`);
  }
}
