/**
 * A user kernel with two independent resources, for placement synthesis's "different locks for
 * every resource" (issue 16; seed 001: "A proper way to do things is to have different locks for
 * every resource where there might be contention"), through the public API only.
 *
 * Kyu with spl stubbed (kyu-stubbed-spl: the application thread closes while the tcp thread takes
 * the peer's segments) plus a second resource both threads update: the interface's flags word
 * (`ifp->if_flags`, read-modify-written, so a lost update is caught like so_state's), which the
 * connection's code never touches. The tcp thread updates it after tcp_input (the output path
 * reaching the driver); the application thread either after its close (`order: "after"`) or
 * around it (`order: "around"`: the driver state updated first, the close called inside that
 * region, the lock order a driver calling up into the stack makes).
 */
import { kernelScenario, placements, type ContextSpec, type KernelExtension, type KernelScenarioSpec } from "../../model/index.js";

/** kyu-stubbed-spl's threads: the application (priority 20) and the tcp thread (13, more urgent). */
const THREADS: readonly ContextSpec[] = [
  { name: "U", role: "app", program: "close", priority: 20 },
  { name: "I", role: "input", priority: 13 },
];

/** The region both threads update the interface's flags in: a site a placement can lock. */
export const IFNET_REGION = "ifnet";

/** The interface object and its flags, and the two threads' updates of them. */
export function ifnetExtension(order: "after" | "around"): KernelExtension {
  return {
    install(K) {
      const ifp = K.k.object("ifnet", "ifnet", { allocated: true, mustFree: false });
      const flags = K.k.word(ifp, "if_flags", 0);
      K.k.replace("soclose", `your kernel: the application updates the interface ${order} its close`, (b, original) => {
        if (order === "after") b.call(original);
        b.site(IFNET_REGION);
        b.rmw("ifp->if_flags |= IFF_OACTIVE", flags, 1, 0);
        if (order === "around") b.call(original);
        b.endSite();
      });
      K.k.replace("tcp_input", "your kernel: the tcp thread's output reaches the interface", (b, original) => {
        b.call(original);
        b.site(IFNET_REGION);
        b.rmw("ifp->if_flags |= IFF_RUNNING", flags, 2, 0);
        b.endSite();
      });
    },
  };
}

/** kyu-stubbed-spl with the interface; with "around" the peer may also reset the connection, so the tcp thread can run while the application is between the two regions. */
export function ifnetSpec(order: "after" | "around"): KernelScenarioSpec {
  return {
    name: `kyu-ifnet-${order}`,
    policy: "priority",
    placement: placements.KYU_STUBBED,
    options: { flavor: "kyu" },
    initial: { tcpState: "CLOSE_WAIT" },
    contexts: THREADS,
    peer: order === "around" ? { ack: true, rst: true } : { ack: true },
  };
}

/** Both orders as scenarios (`socheck synthesize kyu-ifnet-after --load ... --locks a,b`); unprotected, each loses an update. */
export const scenarios = (["after", "around"] as const).map((order) =>
  kernelScenario({
    spec: ifnetSpec(order),
    extensions: [ifnetExtension(order)],
    summary: `kyu-stubbed-spl plus the interface's if_flags, updated by the application ${order} its close and by the tcp thread after tcp_input`,
    source: "seed 001 (\"different locks for every resource\"); issue 16",
    expected: { verdict: "violation", properties: ["lost-update", "use-after-free", "double-free", "double-destroy"] },
  }),
);
