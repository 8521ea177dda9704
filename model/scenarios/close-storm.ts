import { closeStorm, composeKernel, type Expectation, type Scenario, type StormPlacement } from "../index.js";

/**
 * Built-in close storms at small N (issue 8 item 6): the family is closeStorm(N, M, placement) in
 * compose/storm.ts; bench/growth.ts runs it as N grows. Each stays small enough for `check --all`.
 * The expectations are data beside them, from the sources their components follow.
 */
interface StormEntry {
  readonly n: number;
  readonly m: number;
  readonly placement: StormPlacement;
  readonly summary: string;
  readonly source: string;
  readonly expected: Expectation;
}

const STORMS: readonly StormEntry[] = [
  {
    n: 2,
    m: 0,
    placement: "bsd44",
    summary: "4.4BSD, real spl: two processes close their own CLOSE_WAIT sockets at once while each peer acknowledges its FIN",
    source: "reference §1 (soclose, tcp_input's LAST_ACK close) repeated per connection; 4.4BSD-Lite2",
    expected: { verdict: "safe" },
  },
  {
    n: 3,
    m: 1,
    placement: "bsd44",
    summary: "as bsd44-close-storm-2 with three sockets and a retransmitted FIN already queued at the input",
    source: "reference §1; 4.4BSD-Lite2 (TCPS_HAVERCVDFIN: a second FIN changes nothing)",
    expected: { verdict: "safe" },
  },
  {
    n: 2,
    m: 0,
    placement: "kyu-stubbed",
    summary: "Kyu with spl stubbed: two app threads (pri 20) close their sockets while the tcp thread (pri 13) takes each ACK",
    source: "seeds 000, 001, 002; reference §5 S1, per connection",
    expected: { verdict: "violation", properties: ["double-free", "double-destroy", "use-after-free", "lost-update"] },
  },
];

/** A close storm as a registered scenario; `closeStormScenario(4, 0, "bsd44")` for any other size. */
export function closeStormScenario(n: number, m: number, placement: StormPlacement, meta?: Omit<StormEntry, "n" | "m" | "placement">): Scenario {
  const spec = closeStorm(n, m, placement);
  return {
    name: spec.name,
    summary: meta?.summary ?? `${n} sockets closing at once, ${m} segments in flight, ${placement}`,
    source: meta?.source ?? "issue 8 item 6",
    group: "seed",
    expected: meta?.expected ?? { verdict: placement === "bsd44" ? "safe" : "violation" },
    build: () => composeKernel(spec),
  };
}

export const closeStormScenarioList: readonly Scenario[] = STORMS.map((e) => closeStormScenario(e.n, e.m, e.placement, e));
