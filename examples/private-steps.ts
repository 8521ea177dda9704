import type { Footprint, Model } from "../checker/index.js";

/**
 * N processes that each take K steps on a private counter, then set their own flag and stop: the
 * textbook case for partial-order reduction, where every interleaving of independent work is
 * equivalent to one. bench/promela/private-steps.pml is the same processes in Promela, with the
 * counter a process-local variable (spin -o3, no statement merging, so both count (K+2)^N states);
 * SPIN's POR reduces the local steps but not the writes to the global flag array, while socheck's
 * footprints see that nobody else touches a process's flag.
 *
 * Slots: count[0..N-1] (the counter is also the position: 0..K increments, K+1 done), flag[0..N-1].
 */
export function privateSteps(n = 3, k = 3): Model {
  const COUNT = 0;
  const FLAG = n;
  const footprints = new Map<number, Footprint>();
  return {
    name: `private-steps(${n},${k})`,
    stateSize: 2 * n,
    contexts: Array.from({ length: n }, (_, i) => ({ name: `P${i}`, kind: "thread" as const })),
    maxChoices: n,
    initial() {},
    enabled(s, out) {
      let m = 0;
      for (let i = 0; i < n; i++) if (s[COUNT + i]! <= k) out[m++] = i;
      return m;
    },
    contextOf: (c) => c,
    step(s, i) {
      const c = s[COUNT + i]!;
      if (c === k) s[FLAG + i] = 1;
      s[COUNT + i] = c + 1;
    },
    isFinished: (s, i) => s[COUNT + i]! > k,
    invariants: [],
    footprint(s, i): Footprint {
      const last = s[COUNT + i] === k ? 1 : 0;
      const key = 2 * i + last;
      let f = footprints.get(key);
      if (f === undefined) {
        f = last ? { reads: [COUNT + i], writes: [COUNT + i, FLAG + i] } : { reads: [COUNT + i], writes: [COUNT + i] };
        footprints.set(key, f);
      }
      return f;
    },
    contextFootprint: (i) => ({ reads: [COUNT + i], writes: [COUNT + i, FLAG + i] }),
    label: (s, i) => (s[COUNT + i] === k ? `flag[${i}] = 1` : `count[${i}]++`),
    slotNames: () => [...Array.from({ length: n }, (_, i) => `count${i}`), ...Array.from({ length: n }, (_, i) => `flag${i}`)],
    signature: () => `private-steps/1 n=${n} k=${k}`,
  };
}
