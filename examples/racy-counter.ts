import { ModelAssertion, type Model } from "../checker/index.js";

/**
 * N threads each run `tmp = counter; counter = tmp + 1;` as two separate steps, with no lock.
 * The end-of-run check (every increment survived) fails on a lost update.
 * With `atomic`, the load and store are one step and the model is safe.
 *
 * Slots: [counter, pc_0, tmp_0, pc_1, tmp_1, ...]; pc 0 = before load, 1 = loaded, 2 = done.
 */
export function racyCounter(n = 2, atomic = false): Model {
  const pc = (t: number) => 1 + 2 * t;
  const tmp = (t: number) => 2 + 2 * t;
  return {
    name: `racy-counter(${n}${atomic ? ",atomic" : ""})`,
    stateSize: 1 + 2 * n,
    contexts: Array.from({ length: n }, (_, t) => ({ name: `T${t}`, kind: "thread" as const })),
    maxChoices: n,
    initial() {},
    enabled(s, out) {
      let k = 0;
      for (let t = 0; t < n; t++) if (s[pc(t)]! < 2) out[k++] = t;
      return k;
    },
    contextOf: (c) => c,
    step(s, t) {
      if (atomic) {
        s[0]!++;
        s[pc(t)] = 2;
      } else if (s[pc(t)] === 0) {
        s[tmp(t)] = s[0]!;
        s[pc(t)] = 1;
      } else if (s[pc(t)] === 1) {
        s[0] = s[tmp(t)]! + 1;
        s[pc(t)] = 2;
      } else throw new ModelAssertion("program", `T${t} stepped after finishing`);
    },
    isFinished: (s, t) => s[pc(t)] === 2,
    invariants: [],
    terminal: (s) => (s[0] === n ? null : { name: "lost-update", message: `counter is ${s[0]} after ${n} increments` }),
    label: (s, t) => (atomic ? "counter++" : s[pc(t)] === 0 ? "tmp = counter" : "counter = tmp + 1"),
    slotNames: () => ["counter", ...Array.from({ length: n }, (_, t) => [`T${t}.pc`, `T${t}.tmp`]).flat()],
  };
}
