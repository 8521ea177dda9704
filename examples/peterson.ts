import type { Model } from "../checker/index.js";

/**
 * Peterson's mutual exclusion for two processes, looping forever.
 * Slots: [flag0, flag1, turn, pc0, pc1]. pc: 0 flag[i]=1, 1 turn=j, 2 await, 3 critical, 4 flag[i]=0.
 * `broken` is the classic slip of writing turn before raising the flag (pc 0 turn=j, pc 1 flag[i]=1):
 * a process can then enter while the other is already inside, so mutual exclusion fails.
 */
export function peterson(broken = false): Model {
  const PC = 3;
  return {
    name: broken ? "peterson-broken" : "peterson",
    stateSize: 5,
    contexts: [
      { name: "P0", kind: "thread" },
      { name: "P1", kind: "thread" },
    ],
    maxChoices: 2,
    initial() {},
    enabled(s, out) {
      let k = 0;
      for (let i = 0; i < 2; i++) {
        const j = 1 - i;
        if (s[PC + i] !== 2) out[k++] = i;
        else if (s[j] === 0 || s[2] === i) out[k++] = i;
      }
      return k;
    },
    contextOf: (c) => c,
    step(s, i) {
      const p = s[PC + i]!;
      if (p === (broken ? 1 : 0)) s[i] = 1;
      else if (p === (broken ? 0 : 1)) s[2] = 1 - i;
      else if (p === 4) s[i] = 0;
      s[PC + i] = (p + 1) % 5;
    },
    isFinished: () => false,
    invariants: [
      { name: "mutual-exclusion", reads: [3, 4], check: (s) => (s[3] === 3 && s[4] === 3 ? "both processes are in the critical section" : null) },
    ],
    label: (s, i) => [broken ? "turn = j" : "flag[i] = 1", broken ? "flag[i] = 1" : "turn = j", "await flag[j] == 0 || turn == i", "critical section", "flag[i] = 0"][s[PC + i]!]!,
    slotNames: () => ["flag0", "flag1", "turn", "P0.pc", "P1.pc"],
  };
}
