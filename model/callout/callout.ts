/**
 * Callout semantics as pure functions over Int32 slots.
 *
 * They are the atomic bodies the step programs in this folder are made of: each runs with the
 * callwheel lock held (CALLWHEEL_LOCK = splclock + simple_lock in NetBSD 1.6), so one call is one
 * atomic step. None allocates: they run inside the explorer's hot loop.
 *
 * A callout's state is split as in the kernel: its c_flags word lives in the memory of the object
 * that embeds it (struct callout t_timer[] inside the tcpcb), while its place on the wheel, and
 * which handler softclock is running, are the wheel's own (the bucket lists, FreeBSD's cc_curr,
 * NetBSD 5's cc_active). So softclock picks what to run without reading a callout's memory, and
 * never touches a callout after its handler returns: a handler may free what embeds it.
 */
import { CALLOUT_ACTIVE, CALLOUT_FIRED, CALLOUT_INVOKING, CALLOUT_PENDING } from "./flags.js";
import type { CalloutVariant } from "./variant.js";

/** One callout: its index on the wheel and its c_flags slot. */
export interface CalloutRef {
  readonly id: number;
  readonly flags: number;
}

/**
 * The wheel's slots: a bit per queued callout, the running one (id + 1), an owed async drain
 * (id + 1), and for callouts bound to a lock the fate of the dequeued one (FreeBSD cc_cancel).
 */
export interface WheelSlots {
  readonly queued: number;
  readonly curr: number;
  readonly drain: number;
  readonly cancel: number;
}

/** cc_cancel: softclock dequeued a lock-bound callout and has not yet taken its lock. */
export const CANCEL_NONE = 0;
/** callout_stop, holding the callout's lock, cancelled the dequeued callout: softclock skips it. */
export const CANCEL_STOPPED = 1;
/** softclock holds the callout's lock and is calling (or has called) the handler: too late to stop. */
export const CANCEL_COMMITTED = 2;

/**
 * callout_reset: (re)arm. NetBSD 1.6 kern_clock.c callout_reset links it into the wheel and sets
 * PENDING|ACTIVE; kern_timeout.c also clears FIRED; neither touches INVOKING (reference §2).
 */
export function calloutReset(s: Int32Array, w: WheelSlots, c: CalloutRef): void {
  s[c.flags] = (s[c.flags]! & ~CALLOUT_FIRED) | CALLOUT_PENDING | CALLOUT_ACTIVE;
  s[w.queued] = s[w.queued]! | (1 << c.id);
}

/**
 * callout_stop: take the callout off the wheel. NetBSD 1.6 returns void and, with PENDING
 * clear, only clears ACTIVE, so it cannot see a handler that is dequeued but not yet running;
 * kern_timeout.c clears PENDING|FIRED but not INVOKING. Returns 1 when it stopped a pending
 * callout, 0 when there was nothing to stop (FreeBSD's int callout_stop); NetBSD 1.6 callers
 * ignore the result, which is exactly their bug.
 */
export function calloutStop(s: Int32Array, w: WheelSlots, c: CalloutRef): number {
  const f = s[c.flags]!;
  s[c.flags] = f & ~(CALLOUT_PENDING | CALLOUT_ACTIVE | CALLOUT_FIRED);
  s[w.queued] = s[w.queued]! & ~(1 << c.id);
  return f & CALLOUT_PENDING ? 1 : 0;
}

/** Whether softclock would find `c` on the wheel (its tick may come now). */
export function calloutQueued(s: Int32Array, w: WheelSlots, c: CalloutRef): boolean {
  return (s[w.queued]! & (1 << c.id)) !== 0;
}

/** Whether any callout is on the wheel: softclock has work. */
export function wheelBusy(s: Int32Array, w: WheelSlots): boolean {
  return s[w.queued] !== 0;
}

/**
 * softclock's dequeue, under the callwheel lock (NetBSD 1.6 kern_clock.c softclock): unlink,
 * clear PENDING, c_func = NULL. kern_timeout.c sets FIRED; the PR#20390 workaround also sets
 * INVOKING. ACTIVE stays set: only callout_stop and callout_deactivate clear it.
 */
export function softclockDequeue(s: Int32Array, w: WheelSlots, c: CalloutRef, v: CalloutVariant): void {
  let f = (s[c.flags]! & ~CALLOUT_PENDING) | CALLOUT_FIRED;
  if (v.invoking) f |= CALLOUT_INVOKING;
  s[c.flags] = f;
  s[w.queued] = s[w.queued]! & ~(1 << c.id);
  s[w.curr] = c.id + 1;
  s[w.cancel] = CANCEL_NONE;
}

/**
 * callout_stop of a callout bound to a lock, called with that lock held (FreeBSD 98c926b20f,
 * _callout_stop_safe): as calloutStop, and if softclock has dequeued it but not yet taken the lock
 * (so the handler has not started: it would hold the lock) it is cancelled. Returns 1 when the
 * handler will not run for this arming, 0 when there was nothing to stop.
 */
export function calloutStopLocked(s: Int32Array, w: WheelSlots, c: CalloutRef): number {
  if (calloutStop(s, w, c) === 1) return 1;
  if (s[w.curr] === c.id + 1 && s[w.cancel] === CANCEL_NONE) {
    s[w.cancel] = CANCEL_STOPPED;
    return 1;
  }
  return 0;
}

/**
 * softclock has taken a lock-bound callout's lock: returns true when a stop cancelled it meanwhile
 * (skip the handler), else commits to calling it.
 */
export function softclockLockedCancelled(s: Int32Array, w: WheelSlots): boolean {
  if (s[w.cancel] === CANCEL_STOPPED) return true;
  s[w.cancel] = CANCEL_COMMITTED;
  return false;
}

/**
 * softclock re-locks after func(arg) returned; it does not touch the callout. Returns true when
 * an asynchronous drain of that callout was requested meanwhile, so softclock owes the drainer
 * its completion call (FreeBSD callout_async_drain).
 */
export function softclockReturned(s: Int32Array, w: WheelSlots): boolean {
  const owed = s[w.drain] !== 0 && s[w.drain] === s[w.curr];
  s[w.curr] = 0;
  s[w.cancel] = CANCEL_NONE;
  if (owed) s[w.drain] = 0;
  return owed;
}

/**
 * The spl level the handler starts at: softclock's own level in NetBSD 1.6 (CALLWHEEL_UNLOCK
 * lowers to IPL_SOFTCLOCK), the callout's registered level under fix (1) of ../seeds/003
 * (spllower never raises, so a callout registered below softclock starts at softclock).
 */
export function handlerLevel(v: CalloutVariant, registered: number, softclock: number): number {
  return v.invokeLevel === "registered" ? Math.max(registered, softclock) : softclock;
}

/** callout_ack: the handler has reached its spl-protected region (PR#20390 workaround). */
export function calloutAck(s: Int32Array, c: CalloutRef): void {
  s[c.flags] = s[c.flags]! & ~CALLOUT_INVOKING;
}

/** callout_invoking: dequeued by softclock and not yet acknowledged by its handler. */
export function calloutInvoking(s: Int32Array, c: CalloutRef): boolean {
  return (s[c.flags]! & CALLOUT_INVOKING) !== 0;
}

/** callout_pending: on the wheel, waiting to fire (set by a reset, cleared by a stop or by softclock's dequeue). */
export function calloutPending(s: Int32Array, c: CalloutRef): boolean {
  return (s[c.flags]! & CALLOUT_PENDING) !== 0;
}

/** callout_active: reset since the last stop or deactivate (FreeBSD handlers check it to see a stop they raced). */
export function calloutActive(s: Int32Array, c: CalloutRef): boolean {
  return (s[c.flags]! & CALLOUT_ACTIVE) !== 0;
}

/** callout_expired (kern_timeout.c FIRED): softclock dequeued it since the last reset or stop. */
export function calloutExpired(s: Int32Array, c: CalloutRef): boolean {
  return (s[c.flags]! & CALLOUT_FIRED) !== 0;
}

/** callout_deactivate: a handler marks that it has started (FreeBSD handlers' idiom). */
export function calloutDeactivate(s: Int32Array, c: CalloutRef): void {
  s[c.flags] = s[c.flags]! & ~CALLOUT_ACTIVE;
}

/** Whether softclock is between dequeueing `c` and its handler's return. */
export function calloutExecuting(s: Int32Array, w: WheelSlots, c: CalloutRef): boolean {
  return s[w.curr] === c.id + 1;
}

/**
 * callout_drain's and callout_halt's first step: stop, then report whether the caller must
 * wait for a running handler (FreeBSD callout_drain; NetBSD 5 callout_halt, which releases its
 * interlock around the wait). Returns 1 if the caller must wait, 0 if the callout is idle.
 */
export function calloutDrainBegin(s: Int32Array, w: WheelSlots, c: CalloutRef): number {
  calloutStop(s, w, c);
  return s[w.curr] === c.id + 1 ? 1 : 0;
}

/**
 * callout_async_drain (FreeBSD 11): stop; if the handler is running, arrange for softclock to
 * call the drain function when it returns instead of waiting. Returns 1 when the callout is
 * already drained, 0 when completion is deferred to softclockReturned.
 */
export function calloutAsyncDrain(s: Int32Array, w: WheelSlots, c: CalloutRef): number {
  calloutStop(s, w, c);
  if (s[w.curr] === c.id + 1) {
    s[w.drain] = c.id + 1;
    return 0;
  }
  return 1;
}
