/**
 * The PR#20390 TCP workaround's deferred free (reference §2, NetBSD tcp_subr.c tcp_close and
 * tcp_isdead as committed with CALLOUT_INVOKING, synapseos mirror 80ccb5520c): tcp_close stops
 * the timers and, if any timer handler is dequeued but not yet acknowledged, marks the tcpcb
 * TF_DEAD instead of calling pool_put; each handler, after splsoftnet and callout_ack, asks
 * tcp_isdead, which frees the tcpcb once nothing is invoking.
 */
import { calloutInvoking, type CalloutRef } from "./callout.js";

/**
 * TF_DEAD in t_flags. NetBSD's numeric value is not modelled; this bit must not collide with
 * other t_flags bits the model uses (the TCP layer keeps its own flags elsewhere, see tcpcb).
 */
export const TF_DEAD = 1 << 24;

/** tcp_timers_invoking: how many of the tcpcb's timer callouts are invoking. */
export function tcpTimersInvoking(s: Int32Array, callouts: readonly CalloutRef[]): number {
  let n = 0;
  for (let i = 0; i < callouts.length; i++) if (calloutInvoking(s, callouts[i]!)) n++;
  return n;
}

/**
 * tcp_close's tail after stopping the timers: returns true when it must skip pool_put because a
 * handler is invoking (and sets TF_DEAD so that handler frees the tcpcb), false when the caller
 * frees now.
 */
export function tcpCloseDefersFree(s: Int32Array, tflags: number, callouts: readonly CalloutRef[]): boolean {
  if (tcpTimersInvoking(s, callouts) === 0) return false;
  s[tflags] = s[tflags]! | TF_DEAD;
  return true;
}

/** tcp_isdead's answers. */
export const TCP_ALIVE = 0;
/** Dead, but another handler is still invoking: return without touching the tcpcb. */
export const TCP_DEAD = 1;
/** Dead and this was the last invoking handler: the caller does the delayed pool_put now. */
export const TCP_DEAD_FREE_NOW = 2;

/** tcp_isdead(tp), called by a handler after its callout_ack. */
export function tcpIsDead(s: Int32Array, tflags: number, callouts: readonly CalloutRef[]): number {
  if ((s[tflags]! & TF_DEAD) === 0) return TCP_ALIVE;
  return tcpTimersInvoking(s, callouts) === 0 ? TCP_DEAD_FREE_NOW : TCP_DEAD;
}
