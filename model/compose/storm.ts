import { BSD44, KYU_STUBBED } from "../placements/index.js";
import type { KernelScenarioSpec } from "./compose.js";
import type { ContextSpec } from "./options.js";

/** The placements a close storm is offered under: the one that holds and the one the seeds broke. */
export type StormPlacement = "bsd44" | "kyu-stubbed";
export const STORM_PLACEMENTS: readonly StormPlacement[] = ["bsd44", "kyu-stubbed"];

/**
 * A close storm (issue 8 item 6): N application threads each close their own connected socket at
 * once, every connection in CLOSE_WAIT with its own socket, inpcb and tcpcb, while the peer
 * acknowledges each FIN on its own schedule and `m` retransmitted FINs are already queued at the
 * input (0..2, the queue's capacity). It is the seed case of reference §5 S1 (soclose against
 * tcp_input's ACK) repeated N times over one input path, composed from the same components as
 * every kernel scenario: under 4.4BSD's real spl (one uniprocessor, softnet at splnet) and under
 * Kyu with spl stubbed (seeds 000–002: priority threads, the tcp thread at 13 above the apps at 20).
 * The applications share code, priority and initial state, so they are interchangeable
 * (reduction.md §5): the kernel model's canonicalize sorts them.
 */
export function closeStorm(n: number, m: number, placement: StormPlacement): KernelScenarioSpec {
  if (!Number.isInteger(n) || n < 1) throw new Error(`close storm: N must be a positive integer, got ${n}`);
  if (!Number.isInteger(m) || m < 0 || m > 2) throw new Error(`close storm: M must be 0, 1 or 2, got ${m}`);
  const kyu = placement === "kyu-stubbed";
  const apps: ContextSpec[] = Array.from({ length: n }, (_, i) => ({
    name: `U${i}`,
    role: "app",
    program: "close",
    connection: i,
    ...(kyu ? { priority: 20 } : {}),
  }));
  const input: ContextSpec = kyu ? { name: "I", role: "input", priority: 13 } : { name: "softnet", role: "input" };
  return {
    name: `${kyu ? "kyu" : "bsd44"}-close-storm-${n}${m > 0 ? `-m${m}` : ""}`,
    policy: kyu ? "priority" : "bsd-up",
    placement: kyu ? KYU_STUBBED : BSD44,
    options: { flavor: kyu ? "kyu" : "bsd44" },
    initial: { tcpState: "CLOSE_WAIT", connections: n, inFlight: m },
    contexts: [...apps, input],
    peer: { ack: true },
  };
}
