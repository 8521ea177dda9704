// The README's "Your own kernel" walk-through, as a module `socheck check --load` takes.
// A user's module imports "socheck/kernel"; inside this repository the same entry point is ../model/index.js.
import { free, kernelScenario, placements, type KernelExtension, type KernelScenarioSpec } from "../model/index.js";

/**
 * Kyu after a7aae57 left its timer thread unlocked (kyu-netlock-timers: the timer's tcp_drop frees
 * what tcp_input frees). A fix one might try: the timer holds a reference on the tcpcb while it
 * runs, and tcp_close drops the connection's reference instead of freeing (whoever drops the last
 * frees). socheck shows it is not enough (the inpcb and the socket are not counted), and that
 * net_lock around the timer, as Kyu did later, makes it safe.
 */
const tcpcbRefs: KernelExtension = {
  install(K) {
    const refs = K.k.field(K.tp, "t_refs", 1); // the connection's reference
    K.k.routine("tcp_unref", "your kernel: drop a tcpcb reference, free it at zero", (b) => {
      const out = b.at("out");
      b.step("--tp->t_refs != 0?", { reads: [refs], writes: [refs] }, (s) => (--s[refs]! !== 0 ? out.pc : undefined));
      free(b, "free(tp)", K.tp);
      b.here("out");
    });
    // tcp_close calls tcp_free_tcpcb in place of free(tp) when a kernel declares it.
    K.k.routine("tcp_free_tcpcb", "your kernel: tcp_close drops the connection's reference", (b) => void b.call("tcp_unref"));
    K.k.replace("tcp_slowtimo", "your kernel: the timer holds a tcpcb reference while it runs", (b, original) => {
      const out = b.at("out");
      b.jumpIf("tcb.inp_next == &tcb?", { reads: [K.tcbListed] }, (s) => s[K.tcbListed] === 0, out);
      b.jumpIf("tp = intotcpcb(inp); tp == 0?", { reads: [K.inpPpcb] }, (s) => s[K.inpPpcb] === 0, out);
      b.step("tp->t_refs++", { reads: [refs], writes: [refs] }, (s) => void s[refs]!++);
      b.call(original);
      b.call("tcp_unref");
      b.here("out");
    });
  },
};

const base: KernelScenarioSpec = {
  name: "your-kernel-tcpcb-refs",
  policy: "priority",
  placement: placements.KYU_NETLOCK,
  options: { flavor: "kyu" },
  initial: { tcpState: "CLOSE_WAIT", timers: ["KEEP"] },
  contexts: [
    { name: "U", role: "app", program: "close", priority: 20 },
    { name: "I", role: "input", priority: 13 },
    { name: "T", role: "timer", priority: 25 },
  ],
  peer: { ack: true, rst: true, ticks: 2 },
};

/** The same kernel with net_lock taken at the timer's entry (the `tcp_timer` site), as Kyu did later. */
const locked: KernelScenarioSpec = {
  ...base,
  name: "your-kernel-tcpcb-refs-locked",
  placement: { ...placements.KYU_NETLOCK, name: "kyu-netlock+timer", sites: { ...placements.KYU_NETLOCK.sites, tcp_timer: { lock: "net_lock" } } },
};

export const scenarios = [
  kernelScenario({
    spec: base,
    extensions: [tcpcbRefs],
    summary: "kyu-netlock-timers with a tcpcb reference held by the timer: not enough",
    source: "README 'Your own kernel'; Kyu a7aae57",
    expected: { verdict: "violation", properties: ["use-after-free", "double-free"] },
  }),
  kernelScenario({
    spec: locked,
    extensions: [tcpcbRefs],
    summary: "the same with net_lock around the timer",
    source: "README 'Your own kernel'; Kyu ea6470e (every spl is net_lock)",
    expected: { verdict: "safe" },
  }),
];
