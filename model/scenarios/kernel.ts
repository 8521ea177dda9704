import { kernelScenario, placements, type ContextSpec, type Expectation, type KernelScenarioSpec, type Scenario } from "../index.js";

const { BSD44, DRAGONFLY_ATOMIC, DRAGONFLY_NETMP, DRAGONFLY_ONE_LOCK, KYU_BIG_LOCK, KYU_NETLOCK, KYU_NETLOCK_NESTED, KYU_RECURSIVE, KYU_SLEEP_HOLDING, KYU_STUBBED } = placements;

/** A kernel scenario: the composition (data) and, beside it, what the source says it should get. */
export interface KernelScenario {
  readonly spec: KernelScenarioSpec;
  readonly summary: string;
  readonly source: string;
  readonly expected: Expectation;
}

// Kyu's threads at the seed's time: tcp thread priority 13, the application at 20 (lower = more urgent).
const U: ContextSpec = { name: "U", role: "app", program: "close", priority: 20 };
const R: ContextSpec = { name: "R", role: "app", program: "receive", priority: 20 };
const I: ContextSpec = { name: "I", role: "input", priority: 13 };
const T: ContextSpec = { name: "T", role: "timer", priority: 25 };

const KYU_S1 = {
  policy: "priority",
  options: { flavor: "kyu" },
  initial: { tcpState: "CLOSE_WAIT" },
  contexts: [U, I],
  peer: { ack: true },
} as const;

// With spl stubbed nothing protects so_state either: its read-modify-writes race too.
const LIFECYCLE = ["double-free", "double-destroy", "use-after-free", "lost-update"];

const DF_CONTEXTS: readonly ContextSpec[] = [
  { name: "U", role: "app", program: "close" },
  { name: "P", role: "input" },
  { name: "T", role: "timer" },
];

export const kernelScenarios: readonly KernelScenario[] = [
  {
    summary: "4.4BSD, real spl: the application closes while the peer closes; FIN, ACK, RST and timers in any order",
    source: "reference §5 S8; 4.4BSD-Lite2",
    expected: { verdict: "safe" },
    spec: {
      name: "bsd44-spl",
      policy: "bsd-up",
      placement: BSD44,
      options: { flavor: "bsd44" },
      initial: { tcpState: "ESTABLISHED", timers: ["KEEP"] },
      contexts: [
        { name: "U", role: "app", program: "close" },
        { name: "softnet", role: "input" },
        { name: "softclock", role: "timer" },
      ],
      peer: { fin: true, ack: true, rst: true, ticks: 3 },
    },
  },
  {
    summary: "4.4BSD, real spl: shutdown(SHUT_WR), then close with SO_LINGER, while the peer acknowledges, closes or resets",
    source: "reference §1 (soshutdown, PRU_SHUTDOWN, the linger wait); 4.4BSD-Lite2",
    expected: { verdict: "safe" },
    spec: {
      name: "bsd44-shutdown-linger",
      policy: "bsd-up",
      placement: BSD44,
      options: { flavor: "bsd44", linger: true },
      initial: { tcpState: "ESTABLISHED" },
      contexts: [
        { name: "U", role: "app", program: "shutdown-close" },
        { name: "softnet", role: "input" },
        { name: "softclock", role: "timer" },
      ],
      peer: { fin: true, ack: true, rst: true, ticks: 2 },
    },
  },
  {
    summary: "4.4BSD, real spl: the application accepts (non-blocking) and closes a listening socket while a connection arrives, completes, closes or resets",
    source: "reference §1 (soclose's abort loop, sofree's dequeue, sonewconn, soisconnected); 4.4BSD-Lite2",
    expected: { verdict: "safe" },
    spec: {
      name: "bsd44-listen",
      policy: "bsd-up",
      placement: BSD44,
      options: { flavor: "bsd44" },
      initial: { tcpState: "LISTEN", listen: true },
      contexts: [
        { name: "U", role: "app", program: "accept-close" },
        { name: "softnet", role: "input" },
      ],
      peer: { fin: true, rst: true },
    },
  },
  {
    summary: "as bsd44-listen on Kyu with spl stubbed: the tcp thread completes the handshake while the application accepts and closes",
    source: "seeds 000/001 (spl stubbed) applied to the listen queue of reference §1",
    expected: { verdict: "violation", properties: ["use-after-free", "use-after-destroy", "double-free", "double-destroy", "lost-update"] },
    spec: {
      name: "kyu-listen-stubbed",
      policy: "priority",
      placement: KYU_STUBBED,
      options: { flavor: "kyu" },
      initial: { tcpState: "LISTEN", listen: true },
      contexts: [{ ...U, program: "accept-close" }, I],
      peer: { fin: true, rst: true },
    },
  },
  {
    summary: "Kyu with splnet/splimp/splx stubbed: app thread (pri 20) in soclose, tcp thread (pri 13) takes the ACK",
    source: "seeds 000, 001, 002; reference §5 S1",
    expected: { verdict: "violation", properties: LIFECYCLE },
    spec: { ...KYU_S1, name: "kyu-stubbed-spl", placement: KYU_STUBBED },
  },
  {
    summary: "as kyu-stubbed-spl with the delay in soclose that hid the bug on the board",
    source: "seed 000 (\"sticking a delay in soclose()\")",
    expected: { verdict: "violation", properties: LIFECYCLE },
    spec: { ...KYU_S1, name: "kyu-delay", placement: KYU_STUBBED, options: { flavor: "kyu", delayInSoclose: true } },
  },
  {
    summary: "Kyu a7aae57: net_lock (non-recursive) around soclose and tcp_input; no timer thread",
    source: "seed 000/001; Kyu a7aae57; reference §3",
    expected: { verdict: "safe" },
    spec: { ...KYU_S1, name: "kyu-netlock", placement: KYU_NETLOCK, contexts: [U, I], peer: { ack: true, rst: true } },
  },
  {
    summary: "kyu-netlock plus the tcp-timer thread, still unlocked, with the retransmit timer running",
    source: "Kyu a7aae57 (\"the timers were still unlocked\"); reference §3",
    expected: { verdict: "violation", properties: ["use-after-free", "double-free", "double-destroy"] },
    spec: {
      ...KYU_S1,
      name: "kyu-netlock-timers",
      placement: KYU_NETLOCK,
      initial: { tcpState: "CLOSE_WAIT", timers: ["KEEP"] },
      contexts: [U, I, T],
      peer: { ack: true, rst: true, ticks: 2 },
    },
  },
  {
    summary: "a7aae57 with splimp (sorflush) and splnet mapped to the same non-recursive net_lock, nested",
    source: "seed 000/001 (\"if I am already locked as if at splimp level ... I will deadlock\"); reference §5 S3a",
    expected: { verdict: "violation", properties: ["deadlock"] },
    spec: { ...KYU_S1, name: "kyu-netlock-nested", placement: KYU_NETLOCK_NESTED, peer: { ack: true, rst: true } },
  },
  {
    summary: "Kyu ea6470e: every spl is net_lock, made recursive (owner + count); timers locked too",
    source: "Kyu ea6470e, 006a255; reference §3",
    expected: { verdict: "safe" },
    spec: {
      ...KYU_S1,
      name: "kyu-recursive-lock",
      placement: KYU_RECURSIVE,
      initial: { tcpState: "CLOSE_WAIT", timers: ["KEEP"] },
      contexts: [U, I, T],
      peer: { ack: true, rst: true, ticks: 2 },
    },
  },
  {
    summary: "soreceive sleeps in sbwait holding net_lock; the tcp thread needs it to deliver the data",
    source: "reference §5 S3b; Kyu ea6470e before 006a255",
    expected: { verdict: "violation", properties: ["deadlock"] },
    spec: {
      name: "kyu-sleep-holding-lock",
      policy: "priority",
      placement: KYU_SLEEP_HOLDING,
      options: { flavor: "kyu", sbwakeup: "always" },
      initial: { tcpState: "ESTABLISHED" },
      contexts: [R, I],
      peer: { data: 1, fin: true },
    },
  },
  {
    summary: "as kyu-sleep-holding-lock, with net_unlock before sbwait and net_lock after it",
    source: "Kyu 006a255; reference §5 S3b fix",
    expected: { verdict: "safe" },
    spec: {
      name: "kyu-sleep-releasing-lock",
      policy: "priority",
      placement: KYU_RECURSIVE,
      options: { flavor: "kyu", sbwakeup: "always" },
      initial: { tcpState: "ESTABLISHED" },
      contexts: [R, I],
      peer: { data: 1, fin: true },
    },
  },
  {
    summary: "Kyu BIG_LOCKS: one master lock at every entry point, released around every wait; linger, read, close",
    source: "Kyu 518dfa2, ddb829e, f0ae798; reference §5 S2",
    expected: { verdict: "safe" },
    spec: {
      name: "kyu-big-lock",
      policy: "priority",
      placement: KYU_BIG_LOCK,
      options: { flavor: "kyu", sbwakeup: "always", linger: true },
      initial: { tcpState: "ESTABLISHED", timers: ["KEEP"] },
      contexts: [{ ...U, program: "receive-close" }, I, T],
      peer: { data: 1, fin: true, ack: true, rst: true, ticks: 2 },
    },
  },
  {
    summary: "the buffer check and the sleep are not atomic (unlock before sbwait); sbwakeup posts only if SB_WAIT",
    source: "reference §5 S4; Kyu 006a255 before 37b6626; seed 002 (sbwakeup)",
    expected: { verdict: "violation", properties: ["lost-wakeup"] },
    spec: {
      name: "lost-wakeup",
      policy: "priority",
      placement: KYU_RECURSIVE,
      options: { flavor: "kyu", sbwakeup: "if-waiting" },
      initial: { tcpState: "ESTABLISHED" },
      contexts: [R, I],
      peer: { data: 1 },
    },
  },
  {
    summary: "as lost-wakeup, with sbwakeup posting the latched semaphore unconditionally",
    source: "Kyu 37b6626 (\"Why the test on SB_WAIT?\"); reference §5 S4 fix",
    expected: { verdict: "safe" },
    spec: {
      name: "lost-wakeup-latched",
      policy: "priority",
      placement: KYU_RECURSIVE,
      options: { flavor: "kyu", sbwakeup: "always" },
      initial: { tcpState: "ESTABLISHED" },
      contexts: [R, I],
      peer: { data: 1 },
    },
  },
  {
    summary: "DragonFly NetMP: user soclose and the protocol thread read-modify-write so_state with no common lock",
    source: "seed 004; reference §4, §5 S6",
    expected: { verdict: "violation", properties: ["lost-update"] },
    // sofree uses so_refs here, so the only difference from dragonfly-so_state-atomic is the
    // plain read-modify-write of so_state (dragonfly-sofree-race shows sofree without it).
    spec: {
      name: "dragonfly-so_state",
      policy: "any",
      placement: DRAGONFLY_NETMP,
      options: { flavor: "bsd44", sofree: "refcount" },
      initial: { tcpState: "ESTABLISHED" },
      contexts: DF_CONTEXTS,
      peer: { fin: true, ack: true, rst: true, ticks: 2 },
    },
  },
  {
    summary: "DragonFly NetMP before so_refs: soclose's sofree and the protocol thread's in_pcbdetach race",
    source: "reference §4 (6cef7136f0 added so_refs for sofree)",
    expected: { verdict: "violation", properties: ["double-free", "lost-wakeup", "use-after-free"] },
    spec: {
      name: "dragonfly-sofree-race",
      policy: "any",
      placement: DRAGONFLY_ATOMIC,
      options: { flavor: "bsd44" },
      initial: { tcpState: "ESTABLISHED" },
      contexts: DF_CONTEXTS,
      peer: { fin: true, ack: true, rst: true, ticks: 2 },
    },
  },
  {
    summary: "as dragonfly-so_state with what 6cef7136f0 shipped: atomic sosetstate/soclrstate and so_refs for sofree",
    source: "DragonFly 6cef7136f0; reference §4",
    expected: { verdict: "safe" },
    spec: {
      name: "dragonfly-so_state-atomic",
      policy: "any",
      placement: DRAGONFLY_ATOMIC,
      options: { flavor: "bsd44", sofree: "refcount" },
      initial: { tcpState: "ESTABLISHED" },
      contexts: DF_CONTEXTS,
      peer: { fin: true, ack: true, rst: true, ticks: 2 },
    },
  },
  {
    summary: "as dragonfly-so_state with one lock (the socket token) taken by every so_state writer",
    source: "seed 004 (\"require the protocol thread to obtain a socket lock\"); reference §5 S6 fix",
    expected: { verdict: "safe" },
    spec: {
      name: "dragonfly-so_state-one-lock",
      policy: "any",
      placement: DRAGONFLY_ONE_LOCK,
      options: { flavor: "bsd44" },
      initial: { tcpState: "ESTABLISHED" },
      contexts: DF_CONTEXTS,
      peer: { fin: true, ack: true, rst: true, ticks: 2 },
    },
  },
  {
    summary: "the soreceive ENOTCONN test of ISCONNECTED|ISCONNECTING that the mail argues is safe, data/FIN/RST racing",
    source: "seed 004 (soreceive analysis)",
    expected: { verdict: "safe" },
    spec: {
      name: "dragonfly-soreceive-check",
      policy: "any",
      placement: DRAGONFLY_ONE_LOCK,
      options: { flavor: "bsd44" },
      initial: { tcpState: "ESTABLISHED" },
      contexts: [
        { name: "R", role: "app", program: "receive" },
        { name: "P", role: "input" },
      ],
      peer: { data: 1, fin: true, rst: true },
    },
  },
];

export const kernelScenarioList: readonly Scenario[] = kernelScenarios.map((k) => kernelScenario({ ...k, group: "seed" }));
