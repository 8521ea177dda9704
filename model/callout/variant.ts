/**
 * The callout implementations the sources describe, as data. A scenario picks one; the
 * routines read its options and never test the variant's name, so "dropping a fix" is
 * flipping one option (test/model/callout/variant.test.ts and the netbsd-pr20390 tests do).
 */

/** Where a TCP connection's timers live. */
export type TimerStorage =
  /** 4.4BSD-Lite2: t_timer[] counters inside the tcpcb, decremented by tcp_slowtimo at splnet. */
  | "tcpcb-counters"
  /** NetBSD 1.6 and later: struct callout in the tcpcb, on softclock's callwheel. */
  | "callwheel";

/** The level softclock runs a handler at. */
export type InvokeLevel =
  /** NetBSD 1.6 kern_clock.c: CALLWHEEL_UNLOCK drops back to IPL_SOFTCLOCK before func(arg). */
  | "softclock"
  /** Fix (1) of the PR#20390 mail (../seeds/003): spllower(co->co_ipl), the level the callout registered. */
  | "registered";

/** What makes a stop exclusive with a handler that softclock has already dequeued. */
export type StopInterlock =
  /** Nothing (NetBSD 1.6, 4.4 timeout()). */
  | "none"
  /**
   * softclock takes the callout's lock before dequeueing and holds it across the handler, so a
   * stop made under that lock either finds the callout pending or finds it finished
   * (FreeBSD callout_init_mtx, 98c926b20f).
   */
  | "bound-lock"
  /**
   * The caller stops under the lock the handler takes and, if the handler is running, releases
   * that lock and waits for it to return (NetBSD 5 callout_halt(c, softnet_lock)).
   */
  | "halt";

export interface CalloutVariant {
  readonly name: string;
  /** The source the variant follows, for traces and `socheck list`. */
  readonly source: string;
  readonly storage: TimerStorage;
  readonly invokeLevel: InvokeLevel;
  /** softclock sets INVOKING at dequeue; handlers callout_ack; tcp_close defers pool_put with TF_DEAD. */
  readonly invoking: boolean;
  readonly interlock: StopInterlock;
}

export const BSD44_COUNTERS: CalloutVariant = {
  name: "bsd44-counters",
  source: "4.4BSD-Lite2 tcp_timer.c tcp_slowtimo, tcp_var.h t_timer[]",
  storage: "tcpcb-counters",
  invokeLevel: "softclock",
  invoking: false,
  interlock: "none",
};

export const NETBSD16: CalloutVariant = {
  name: "netbsd16",
  source: "NetBSD 1.6 kern_clock.c 1.75 softclock/callout_stop (callwheel)",
  storage: "callwheel",
  invokeLevel: "softclock",
  invoking: false,
  interlock: "none",
};

export const REGISTERED_IPL: CalloutVariant = {
  ...NETBSD16,
  name: "registered-ipl",
  source: "PR#20390 mail, fix (1): spllower(co->co_ipl) before (*co->co_func)() (../seeds/003)",
  invokeLevel: "registered",
};

export const INVOKING_ACK: CalloutVariant = {
  ...NETBSD16,
  name: "invoking-ack",
  source: "NetBSD kern_timeout.c CALLOUT_INVOKING + callout_ack, tcp_isdead/TF_DEAD (synapseos 80ccb5520c)",
  invoking: true,
};

export const HALT: CalloutVariant = {
  ...NETBSD16,
  name: "halt",
  source: "NetBSD 5 tcp_close: callout_halt(c, softnet_lock) before pool_put",
  interlock: "halt",
};

export const BOUND_LOCK: CalloutVariant = {
  ...NETBSD16,
  name: "bound-lock",
  source: "FreeBSD callout_init_mtx (98c926b20f): softclock takes the callout's mutex",
  interlock: "bound-lock",
};

export const CALLOUT_VARIANTS: readonly CalloutVariant[] = [BSD44_COUNTERS, NETBSD16, REGISTERED_IPL, INVOKING_ACK, HALT, BOUND_LOCK];

export function calloutVariant(name: string): CalloutVariant | undefined {
  return CALLOUT_VARIANTS.find((v) => v.name === name);
}
