/**
 * The callwheel and softclock composed into a kernel (issue 4 §3): callouts embedded in kernel
 * objects, softclock as a "timer" interrupt context at the softclock level, and the variant's
 * options deciding the steps. Faults committed while softclock runs a handler are reported as
 * callout-after-free by the runtime (model/runtime/faults.ts keys on the context kind).
 */
import type { Ctx } from "../runtime/context.js";
import type { KernelBuilder } from "../runtime/kernel.js";
import type { KObject } from "../runtime/objects.js";
import { protectionOf } from "../runtime/placement.js";
import type { RoutineBuilder } from "../runtime/program.js";
import { SPL_CLOCK, SPL_SOFTCLOCK } from "../runtime/spl.js";
import {
  calloutAsyncDrain,
  calloutDrainBegin,
  calloutExecuting,
  calloutReset,
  calloutStop,
  calloutStopLocked,
  handlerLevel,
  softclockDequeue,
  softclockLockedCancelled,
  softclockReturned,
  type CalloutRef,
  type WheelSlots,
} from "./callout.js";
import { CALLOUT_ACTIVE, CALLOUT_PENDING, formatCalloutFlags } from "./flags.js";
import type { CalloutVariant } from "./variant.js";

/** CALLWHEEL_LOCK (splclock + simple_lock): softclock's dequeue and every callout_stop/reset. */
export const SITE_CALLWHEEL = "callwheel";
/** The lock a callout is bound to (FreeBSD callout_init_mtx's c_lock), taken by softclock around the handler. */
export const SITE_CALLOUT_LOCK = "callout.c_lock";
export const CALLOUT_SITES: readonly string[] = [SITE_CALLWHEEL, SITE_CALLOUT_LOCK];

export interface Callout extends CalloutRef {
  readonly name: string;
  /** The routine softclock calls: func(arg). */
  readonly handler: string;
  /** The level the callout registered (fix (1) of ../seeds/003 invokes it there). */
  readonly level: number;
  readonly owner: KObject;
  /** The routine softclock calls when an asynchronous drain of this callout completes late. */
  readonly drained?: string;
}

export class CalloutWheel {
  readonly slots: WheelSlots;
  readonly callouts: Callout[] = [];
  private ctx: Ctx | null = null;

  constructor(
    readonly k: KernelBuilder,
    readonly variant: CalloutVariant,
  ) {
    const L = k.layout;
    const idName = (v: number) => (v === 0 ? "none" : (this.callouts[v - 1]?.name ?? String(v)));
    this.slots = {
      queued: L.slot("callwheel.queued", 0, (v) => this.queuedNames(v)),
      curr: L.slot("softclock.curr", 0, idName),
      drain: L.slot("softclock.drain", 0, idName),
      cancel: L.slot("softclock.cancel", 0, (v) => ["none", "stopped", "committed"][v] ?? String(v)),
    };
  }

  private queuedNames(v: number): string {
    if (v === 0) return "empty";
    return this.callouts.filter((c) => v & (1 << c.id)).map((c) => c.name).join(",");
  }

  /** A struct callout embedded in `owner` (a field of it: using it after owner's free is caught). */
  callout(owner: KObject, name: string, opts: { handler: string; level: number; armed?: boolean; drained?: string }): Callout {
    const id = this.callouts.length;
    if (id >= 30) throw new Error("callwheel: at most 30 callouts");
    const flags = this.k.objects.field(owner, `${name}.c_flags`, opts.armed ? CALLOUT_PENDING | CALLOUT_ACTIVE : 0, formatCalloutFlags);
    if (opts.armed) this.k.layout.init[this.slots.queued] = this.k.layout.init[this.slots.queued]! | (1 << id);
    const c: Callout = { id, flags, name, handler: opts.handler, level: opts.level, owner, drained: opts.drained };
    this.callouts.push(c);
    return c;
  }

  /** Steps of callout_reset(c) under CALLWHEEL_LOCK. */
  reset(b: RoutineBuilder, c: Callout, label = `callout_reset(${c.name})`): void {
    const w = this.slots;
    b.spl(SITE_CALLWHEEL, SPL_CLOCK);
    b.step(label, { reads: [c.flags, w.queued], writes: [c.flags, w.queued] }, (s) => calloutReset(s, w, c));
    b.splx(SITE_CALLWHEEL);
  }

  /**
   * Steps of callout_stop(c) under CALLWHEEL_LOCK; its result (1: the handler will not run for
   * this arming) goes to r0. A callout bound to a lock is stopped with that lock held, and also
   * cancels a dequeued handler that has not got the lock yet.
   */
  stop(b: RoutineBuilder, c: Callout, label = `callout_stop(${c.name})`): void {
    const w = this.slots;
    b.spl(SITE_CALLWHEEL, SPL_CLOCK);
    if (this.variant.interlock === "bound-lock")
      b.step(label, { reads: [c.flags, w.queued, w.curr, w.cancel], writes: [c.flags, w.queued, w.cancel] }, (s, x) => {
        s[x.r0] = calloutStopLocked(s, w, c);
      });
    else
      b.step(label, { reads: [c.flags, w.queued], writes: [c.flags, w.queued] }, (s, x) => {
        s[x.r0] = calloutStop(s, w, c);
      });
    b.splx(SITE_CALLWHEEL);
  }

  /**
   * callout_drain / callout_halt(c, interlock): stop under CALLWHEEL_LOCK and, if softclock is
   * running c's handler, sleep until it returns (FreeBSD callout_drain; NetBSD 5 callout_halt).
   * The placement decides at `waitSite` whether the caller's locks are released around the sleep
   * (callout_halt releases its interlock; holding it deadlocks against a handler that needs it).
   */
  drain(b: RoutineBuilder, c: Callout, waitSite: string, name = "callout_drain"): void {
    const w = this.slots;
    const idle = b.at(`${name}(${c.name}) done`);
    b.spl(SITE_CALLWHEEL, SPL_CLOCK);
    b.step(`${name}(${c.name}): stop; running?`, { reads: [c.flags, w.queued, w.curr], writes: [c.flags, w.queued] }, (s, x) => {
      s[x.r1] = calloutDrainBegin(s, w, c);
    });
    b.splx(SITE_CALLWHEEL);
    // From inside c's own handler there is nothing to wait for but ourselves: NetBSD callout_halt
    // stops waiting when cc_active != c or cc_lwp == curlwp (kern_timeout.c).
    b.step("wait?", {}, (s, x) => {
      const wait = s[x.r1] === 1 && x.id !== this.ctx?.id;
      s[x.r1] = 0;
      if (!wait) return idle.pc;
    });
    b.waitBegin(waitSite);
    b.step(`sleep until ${c.name}'s handler returns`, { reads: [w.curr] }, () => undefined, {
      guard: (s) => !calloutExecuting(s, w, c),
      wait: { what: `${name}(${c.name})` },
    });
    b.waitEnd(waitSite);
    b.here(`${name}(${c.name}) done`);
  }

  /**
   * callout_async_drain(c, drain) (FreeBSD 11): stop; if the handler is running, softclock calls
   * c's `drained` routine when it returns. r0 = 1 when drained at once (the caller finishes the
   * job itself), 0 when the drain routine will.
   */
  asyncDrain(b: RoutineBuilder, c: Callout): void {
    if (!c.drained) throw new Error(`callout ${c.name}: async drain needs a drained routine`);
    const w = this.slots;
    b.spl(SITE_CALLWHEEL, SPL_CLOCK);
    b.step(`callout_async_drain(${c.name})`, { reads: [c.flags, w.queued, w.curr, w.drain], writes: [c.flags, w.queued, w.drain] }, (s, x) => {
      s[x.r0] = calloutAsyncDrain(s, w, c);
    });
    b.splx(SITE_CALLWHEEL);
  }

  /**
   * softclock, NetBSD 1.6 kern_clock.c: CALLWHEEL_LOCK; take a due callout off the wheel and clear
   * PENDING; CALLWHEEL_UNLOCK (back to IPL_SOFTCLOCK), or under fix (1) spllower to the callout's
   * registered level; func(arg); CALLWHEEL_LOCK again. Which tick a callout expires on is the
   * scheduler's choice of when to deliver softclock; one callout is run per delivery, and callouts
   * due together run in the order they were declared. A callout bound to a lock (FreeBSD
   * softclock with c_lock) has that lock taken after the unlock, and is skipped if a stop made
   * under the lock cancelled it meanwhile.
   */
  install(): Ctx {
    if (this.ctx) return this.ctx;
    const k = this.k;
    const v = this.variant;
    const w = this.slots;
    const cpu = k.cpuSpl;
    // Lowering to a level other than softclock's needs real spl: with a stubbed or lock-mapped
    // callwheel site there is no level to lower to, and the variant's handler level means nothing.
    const realSpl = protectionOf(k.placement, SITE_CALLWHEEL) === "spl";
    k.routine("softclock", `NetBSD 1.6 kern_clock.c softclock (${v.source})`, (b) => {
      b.spl(SITE_CALLWHEEL, SPL_CLOCK, "CALLWHEEL_LOCK");
      for (const c of this.callouts) b.jumpIf(`due ${c.name}?`, { reads: [w.queued] }, (s) => (s[w.queued]! & (1 << c.id)) !== 0, b.at(`run ${c.name}`));
      const out = b.at("out");
      b.goto(out, "nothing due");
      for (const c of this.callouts) {
        b.here(`run ${c.name}`);
        b.step(`dequeue ${c.name}`, { reads: [c.flags, w.queued], writes: [c.flags, w.queued, w.curr] }, (s) => softclockDequeue(s, w, c, v));
        const lowerTo = handlerLevel(v, c.level, SPL_SOFTCLOCK);
        if (!realSpl || lowerTo === SPL_SOFTCLOCK) {
          b.splx(SITE_CALLWHEEL, "CALLWHEEL_UNLOCK");
          if (v.interlock === "bound-lock") {
            const skip = b.at(`cancelled ${c.name}`);
            b.spl(SITE_CALLOUT_LOCK, c.level, "lock c_lock");
            b.jumpIf("cc_cancel? skip the handler", { reads: [w.cancel], writes: [w.cancel] }, (s) => softclockLockedCancelled(s, w), skip);
            b.call(c.handler, `${c.handler}(${c.name})`);
            b.here(`cancelled ${c.name}`);
            b.splx(SITE_CALLOUT_LOCK, "unlock c_lock");
          } else b.call(c.handler, `${c.handler}(${c.name})`);
          b.spl(SITE_CALLWHEEL, SPL_CLOCK, "CALLWHEEL_LOCK");
        } else {
          // spllower(co_ipl): one step from splclock straight to the registered level, so nothing
          // at or below that level can run between the unlock and the handler.
          b.step(`spllower(${c.name} ipl)`, { reads: [cpu], writes: [cpu] }, (s) => {
            s[cpu] = lowerTo;
          });
          b.call(c.handler, `${c.handler}(${c.name})`);
          b.step("splclock", { reads: [cpu], writes: [cpu] }, (s) => {
            s[cpu] = SPL_CLOCK;
          });
        }
        if (c.drained) {
          b.step("handler returned; drain owed?", { reads: [w.curr, w.drain], writes: [w.curr, w.drain, w.cancel] }, (s) => {
            if (!softclockReturned(s, w)) return out.pc;
          });
          b.splx(SITE_CALLWHEEL, "CALLWHEEL_UNLOCK");
          b.call(c.drained, `drain function ${c.drained}`);
          b.ret();
        } else {
          b.step("handler returned", { reads: [w.curr, w.drain], writes: [w.curr, w.drain, w.cancel] }, (s) => {
            softclockReturned(s, w);
          });
          b.goto(out);
        }
      }
      b.here("out");
      b.splx(SITE_CALLWHEEL, "CALLWHEEL_UNLOCK");
      b.ret();
    });
    this.ctx = k.interrupt("softclock", {
      level: SPL_SOFTCLOCK,
      kind: "timer",
      runsCallouts: true,
      pending: { reads: [w.queued], fn: (s) => s[w.queued] !== 0 },
      handler: "softclock",
    });
    return this.ctx;
  }
}
