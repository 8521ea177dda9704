import { calloutExtension, composeKernel, placements, type CalloutSpec, type Expectation, type KernelScenarioSpec, type Placement, type Scenario } from "../index.js";

const { BSD44 } = placements;

/**
 * NetBSD PR#20390 (../shared/seeds/003, reference §2 and §5 S5): ESTABLISHED with the retransmit
 * timer armed as a callout; softclock and softnet; the peer's RST goes through tcp_drop and
 * tcp_close. The four scenarios differ only in the callout variant (data) and, for NetBSD 5's
 * callout_halt, the machine and placement that variant comes with.
 */
export interface CalloutScenario {
  readonly spec: KernelScenarioSpec;
  readonly callouts: CalloutSpec;
  readonly summary: string;
  readonly source: string;
  readonly expected: Expectation;
}

/**
 * NetBSD 5 (MP): softints are threads that may block; softnet_lock, a plain mutex, is taken around
 * tcp_input, by each TCP timer handler in place of splsoftnet, and as a TCP socket's so_lock by
 * the application's calls (solock); the callwheel has its own lock; the remaining spl calls of
 * the 4.4 routines are no exclusion between CPUs.
 */
export const NETBSD5_SOFTNET_LOCK: Placement = {
  name: "netbsd5-softnet_lock",
  locks: { softnet_lock: { recursive: false }, callout_lock: { recursive: false } },
  default: "none",
  sites: {
    user_api: { lock: "softnet_lock" },
    tcp_input: { lock: "softnet_lock" },
    "tcp_timer.splsoftnet": { lock: "softnet_lock" },
    callwheel: { lock: "callout_lock" },
  },
};

/**
 * FreeBSD callout_init_mtx (98c926b20f), S5's fix B in FreeBSD's form: softclock takes the
 * callout's mutex (here the lock tcp_input holds, as INP_WLOCK would be) before calling the
 * handler, so the handler takes nothing itself, and a stop made under the mutex is guaranteed.
 */
export const FREEBSD_CALLOUT_MTX: Placement = {
  name: "freebsd-callout-mtx",
  locks: { inp_lock: { recursive: false }, callout_lock: { recursive: false } },
  default: "none",
  sites: {
    user_api: { lock: "inp_lock" },
    tcp_input: { lock: "inp_lock" },
    "callout.c_lock": { lock: "inp_lock" },
    callwheel: { lock: "callout_lock" },
  },
};

/** S5 under the classic BSD uniprocessor with real spl. */
export function pr20390Spec(name: string): KernelScenarioSpec {
  return {
    name,
    policy: "bsd-up",
    placement: BSD44,
    options: { flavor: "bsd44" },
    initial: { tcpState: "ESTABLISHED" },
    contexts: [{ name: "softnet", role: "input" }],
    peer: { rst: true },
  };
}

/** NetBSD 5's shape of S5: the same contexts on a multiprocessor, softnet_lock as the interlock. */
export function pr20390MpSpec(name: string): KernelScenarioSpec {
  return { ...pr20390Spec(name), policy: "any", placement: NETBSD5_SOFTNET_LOCK };
}

/** The retransmit timer armed as a callout of the given variant: the only thing the four change. */
export const rexmt = (variant: CalloutSpec["variant"]): CalloutSpec => ({ variant, armed: ["REXMT"] });

/** Builds a callout scenario's model. */
export function buildCalloutScenario(k: Pick<CalloutScenario, "spec" | "callouts">) {
  return composeKernel(k.spec, calloutExtension(k.callouts));
}

export const netbsdScenarios: readonly CalloutScenario[] = [
  {
    summary: "NetBSD 1.6 callouts: softclock lowers the IPL before the REXMT handler's splsoftnet; an RST frees the tcpcb in that window",
    source: "seed 003 (PR#20390 mail); reference §2, §5 S5",
    expected: { verdict: "violation", properties: ["callout-after-free"] },
    spec: pr20390Spec("netbsd-pr20390"),
    callouts: rexmt("netbsd16"),
  },
  {
    summary: "as netbsd-pr20390, with the handler invoked at its registered level (spllower to splsoftnet)",
    source: "seed 003, fix (1)",
    expected: { verdict: "safe" },
    spec: pr20390Spec("netbsd-pr20390-ipl"),
    callouts: rexmt("registered-ipl"),
  },
  {
    summary: "as netbsd-pr20390, with CALLOUT_INVOKING, callout_ack in the handler and tcp_close deferring pool_put (TF_DEAD)",
    source: "seed 003, fix (2); kern_timeout.c CALLOUT_INVOKING (synapseos 80ccb5520c); reference §2",
    expected: { verdict: "safe" },
    spec: pr20390Spec("netbsd-pr20390-ack"),
    callouts: rexmt("invoking-ack"),
  },
  {
    summary: "NetBSD 5: tcp_close sets TF_DEAD and callout_halt(c, softnet_lock)s each timer; the handler takes softnet_lock",
    source: "NetBSD 5 tcp_subr.c tcp_close, kern_timeout.c callout_halt; reference §2, §5 S5 fix B",
    expected: { verdict: "safe" },
    spec: pr20390MpSpec("netbsd-pr20390-halt"),
    callouts: rexmt("halt"),
  },
];

export const netbsdScenarioList: readonly Scenario[] = netbsdScenarios.map((k) => ({
  name: k.spec.name,
  summary: k.summary,
  source: k.source,
  group: "seed",
  expected: k.expected,
  build: () => buildCalloutScenario(k),
}));
