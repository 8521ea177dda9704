import test from "ava";
import { check } from "../../../checker/index.js";
import { composeKernel, type KernelScenarioSpec } from "../../../model/index.js";
import { kernelScenarios } from "../../../model/scenarios/kernel.js";

/**
 * initial.listenChild starts with a child already on so_q0 or so_q. The state it makes must be one
 * the scenario reaches by itself (the SYN, and for so_q the handshake's ACK, taken by the input
 * path, every context back at rest), so the data means what the routines would have done.
 */
const base: KernelScenarioSpec = kernelScenarios.find((k) => k.spec.name === "bsd44-listen")!.spec;

function reachable(spec: KernelScenarioSpec): Set<string> {
  const m = composeKernel(spec);
  const seen = new Set<string>();
  const s0 = new Int32Array(m.stateSize);
  m.initial(s0);
  const queue = [s0];
  seen.add(s0.join());
  const out = new Int32Array(m.maxChoices);
  for (let h = 0; h < queue.length; h++) {
    const s = queue[h]!;
    const n = m.enabled(s, out);
    for (let i = 0; i < n; i++) {
      const t = Int32Array.from(s);
      m.step(t, out[i]!);
      const key = t.join();
      if (!seen.has(key)) {
        seen.add(key);
        queue.push(t);
      }
    }
  }
  return seen;
}

for (const q of ["so_q0", "so_q"] as const)
  test(`a child already on ${q} is a state the listening socket reaches by itself`, (t) => {
    const m = composeKernel({ ...base, initial: { ...base.initial, listenChild: q } });
    const s = new Int32Array(m.stateSize);
    m.initial(s);
    const all = reachable(base);
    t.true(all.has(s.join()), `${q}: the initial state is not reachable from bsd44-listen`);
    const r = check(m);
    t.is(r.verdict, "safe");
    t.true(r.stats.states < check(composeKernel(base)).stats.states);
  });

test("listenChild without a listening socket, or a queue that does not exist, is one line", (t) => {
  t.throws(() => composeKernel({ ...base, initial: { tcpState: "ESTABLISHED", listenChild: "so_q" } }), { message: /initial\.listenChild needs "listen": true/ });
  t.throws(() => composeKernel({ ...base, initial: { ...base.initial, listenChild: "so_q1" as never } }), { message: /must be "so_q0" or "so_q"/ });
});
