import type { Model } from "../checker/index.js";

/**
 * Dining philosophers, each taking the left fork then the right. All holding their left fork
 * is a deadlock. With `ordered`, the last philosopher takes the right fork first, which breaks
 * the cycle. Slots: fork owners (0 free, i+1 held by i) then pcs: 0 take first, 1 take second,
 * 2 eat, 3 put second, 4 put first.
 */
export function philosophers(n = 3, ordered = false): Model {
  const first = (i: number) => (ordered && i === n - 1 ? (i + 1) % n : i);
  const second = (i: number) => (ordered && i === n - 1 ? i : (i + 1) % n);
  const pc = (i: number) => n + i;
  return {
    name: `philosophers(${n}${ordered ? ",ordered" : ""})`,
    stateSize: 2 * n,
    contexts: Array.from({ length: n }, (_, i) => ({ name: `phil${i}`, kind: "thread" as const })),
    maxChoices: n,
    initial() {},
    enabled(s, out) {
      let k = 0;
      for (let i = 0; i < n; i++) {
        const p = s[pc(i)]!;
        if ((p === 0 && s[first(i)] !== 0) || (p === 1 && s[second(i)] !== 0)) continue;
        out[k++] = i;
      }
      return k;
    },
    contextOf: (c) => c,
    step(s, i) {
      const p = s[pc(i)]!;
      if (p === 0) s[first(i)] = i + 1;
      else if (p === 1) s[second(i)] = i + 1;
      else if (p === 3) s[second(i)] = 0;
      else if (p === 4) s[first(i)] = 0;
      s[pc(i)] = (p + 1) % 5;
    },
    isFinished: () => false,
    invariants: [],
    stuck(s) {
      const held = Array.from({ length: n }, (_, i) => `phil${i} holds fork ${first(i)}, waits for fork ${second(i)} (held by phil${s[second(i)]! - 1})`);
      return { name: "deadlock", message: held.join("; ") };
    },
    label: (s, i) => [`take fork ${first(i)}`, `take fork ${second(i)}`, "eat", `put fork ${second(i)}`, `put fork ${first(i)}`][s[pc(i)]!]!,
    slotNames: () => [...Array.from({ length: n }, (_, i) => `fork${i}`), ...Array.from({ length: n }, (_, i) => `phil${i}.pc`)],
  };
}
