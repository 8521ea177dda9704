import test from "ava";
import { check } from "../../checker/index.js";
import { composeKernel, placements } from "../../model/index.js";
import { scenarios as linux } from "../../examples/user-kernels/linux-timer-refs.js";
import { scenarios as freebsd } from "../../examples/user-kernels/freebsd-protoref.js";
import { scenarios as netns } from "../../examples/user-kernels/linux-netns-timers.js";
import { scenarios as yours } from "../../examples/your-kernel.js";

/**
 * Incremental fingerprints trust each step's declared write set. Users' kernels (replaced
 * routines, hand-taken locks, fields of their own) and split queue operations are checked in
 * verify mode (every step's fingerprint recomputed in full and compared), and count what the full
 * hash counts.
 */
const splitQueues = {
  name: "split-queues",
  build: () =>
    composeKernel({
      name: "split-queues",
      policy: "any",
      placement: { ...placements.KYU_STUBBED, rmw: "atomic", queues: "split" },
      options: { flavor: "bsd44" },
      initial: { tcpState: "LISTEN", listen: true, listenChild: "so_q0" },
      contexts: [
        { name: "U", role: "app", program: "accept-close" },
        { name: "I", role: "input" },
      ],
      peer: {},
    }),
};

for (const sc of [...linux, ...freebsd, ...netns, ...yours, splitQueues])
  test(`${sc.name}: the write sets hold (verify mode) and count what the full hash counts`, (t) => {
    const full = check(sc.build(), { stopAtFirst: false, fingerprints: "full" });
    const verified = check(sc.build(), { stopAtFirst: false, fingerprints: "verify" });
    t.is(verified.stats.states, full.stats.states);
    t.is(verified.stats.transitions, full.stats.transitions);
    t.deepEqual(verified.violations.map((v) => v.property), full.violations.map((v) => v.property));
  });
