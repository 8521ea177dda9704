/**
 * Callout semantics as pure functions over one Int32 flags slot per callout (bits in flags.ts).
 *
 * They are the atomic bodies the step programs in this folder are made of: each runs with the
 * callwheel lock held (CALLWHEEL_LOCK = splclock + simple_lock in NetBSD 1.6), so one call is one
 * atomic step. None allocates: they run inside the explorer's hot loop.
 *
 * A callout is named by its flags slot `c` and, where softclock's own record is involved, by an
 * id (its index among the scenario's callouts) and softclock's slots `curr` (id + 1 of the
 * callout whose handler runs, FreeBSD's cc_curr, NetBSD 5's cc_active; 0 when none) and `drain`
 * (id + 1 of a callout whose asynchronous drain softclock owes; 0 when none).
 */
import { CALLOUT_ACTIVE, CALLOUT_FIRED, CALLOUT_INVOKING, CALLOUT_PENDING } from "./flags.js";
import type { CalloutVariant } from "./variant.js";

/**
 * callout_reset: (re)arm. NetBSD 1.6 kern_clock.c callout_reset sets PENDING|ACTIVE;
 * kern_timeout.c also clears FIRED; neither touches INVOKING (reference §2).
 */
export function calloutReset(s: Int32Array, c: number): void {
  s[c] = (s[c]! & ~CALLOUT_FIRED) | CALLOUT_PENDING | CALLOUT_ACTIVE;
}

/**
 * callout_stop: take the callout off the wheel. NetBSD 1.6 returns void and, with PENDING
 * clear, only clears ACTIVE, so it cannot see a handler that is dequeued but not yet running;
 * kern_timeout.c clears PENDING|FIRED but not INVOKING. Returns 1 when it stopped a pending
 * callout, 0 when there was nothing to stop (FreeBSD's int callout_stop); NetBSD 1.6 callers
 * ignore the result, which is exactly their bug.
 */
export function calloutStop(s: Int32Array, c: number): number {
  const f = s[c]!;
  s[c] = f & ~(CALLOUT_PENDING | CALLOUT_ACTIVE | CALLOUT_FIRED);
  return f & CALLOUT_PENDING ? 1 : 0;
}

/** Whether softclock may dequeue `c` now: it is pending and its clock tick has come. */
export function calloutDue(s: Int32Array, c: number): boolean {
  return (s[c]! & CALLOUT_PENDING) !== 0;
}

/**
 * softclock's dequeue, under the callwheel lock (NetBSD 1.6 kern_clock.c softclock): unlink,
 * clear PENDING, c_func = NULL. kern_timeout.c sets FIRED; the PR#20390 workaround also sets
 * INVOKING. ACTIVE stays set: only callout_stop and callout_deactivate clear it.
 */
export function softclockDequeue(s: Int32Array, c: number, v: CalloutVariant, curr: number, id: number): void {
  let f = (s[c]! & ~CALLOUT_PENDING) | CALLOUT_FIRED;
  if (v.invoking) f |= CALLOUT_INVOKING;
  s[c] = f;
  s[curr] = id + 1;
}

/**
 * softclock re-locks after func(arg) returned; it does not touch the callout, which the handler
 * may have freed. Returns true when an asynchronous drain of that callout was requested
 * meanwhile, so softclock owes the drainer its completion call (FreeBSD callout_async_drain).
 */
export function softclockReturned(s: Int32Array, curr: number, drain: number): boolean {
  const owed = s[drain] !== 0 && s[drain] === s[curr];
  s[curr] = 0;
  if (owed) s[drain] = 0;
  return owed;
}

/**
 * The spl level the handler starts at: softclock's own level in NetBSD 1.6 (CALLWHEEL_UNLOCK
 * lowers to IPL_SOFTCLOCK), the callout's registered level under fix (1) of ../seeds/003.
 */
export function handlerLevel(v: CalloutVariant, registered: number, softclock: number): number {
  return v.invokeLevel === "registered" ? Math.max(registered, softclock) : softclock;
}

/** callout_ack: the handler has reached its spl-protected region (PR#20390 workaround). */
export function calloutAck(s: Int32Array, c: number): void {
  s[c] = s[c]! & ~CALLOUT_INVOKING;
}

/** callout_invoking: dequeued by softclock and not yet acknowledged by its handler. */
export function calloutInvoking(s: Int32Array, c: number): boolean {
  return (s[c]! & CALLOUT_INVOKING) !== 0;
}

export function calloutPending(s: Int32Array, c: number): boolean {
  return (s[c]! & CALLOUT_PENDING) !== 0;
}

export function calloutActive(s: Int32Array, c: number): boolean {
  return (s[c]! & CALLOUT_ACTIVE) !== 0;
}

/** callout_expired (kern_timeout.c FIRED): softclock dequeued it since the last reset or stop. */
export function calloutExpired(s: Int32Array, c: number): boolean {
  return (s[c]! & CALLOUT_FIRED) !== 0;
}

/** callout_deactivate: a handler marks that it has started (FreeBSD handlers' idiom). */
export function calloutDeactivate(s: Int32Array, c: number): void {
  s[c] = s[c]! & ~CALLOUT_ACTIVE;
}

/** Whether softclock is between dequeueing callout `id` and its handler's return. */
export function calloutExecuting(s: Int32Array, curr: number, id: number): boolean {
  return s[curr] === id + 1;
}

/**
 * callout_drain's and callout_halt's first step: stop, then report whether the caller must
 * wait for a running handler (FreeBSD callout_drain; NetBSD 5 callout_halt, which releases its
 * interlock around the wait). Returns 1 if the caller must wait, 0 if the callout is idle.
 */
export function calloutDrainBegin(s: Int32Array, c: number, curr: number, id: number): number {
  calloutStop(s, c);
  return s[curr] === id + 1 ? 1 : 0;
}

/**
 * callout_async_drain (FreeBSD 11): stop; if the handler is running, arrange for softclock to
 * call the drain function when it returns instead of waiting. Returns 1 when the callout is
 * already drained, 0 when completion is deferred to softclockReturned.
 */
export function calloutAsyncDrain(s: Int32Array, c: number, curr: number, drain: number, id: number): number {
  calloutStop(s, c);
  if (s[curr] === id + 1) {
    s[drain] = id + 1;
    return 0;
  }
  return 1;
}
