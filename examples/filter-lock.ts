import type { Footprint, Model } from "../checker/index.js";

/**
 * Peterson's filter lock for N processes [Herlihy and Shavit, The Art of Multiprocessor
 * Programming, §2.4], looping forever, one shared read or write per step. A process climbs
 * levels 1..N-1; at each it announces the level, makes itself the victim, then scans the other
 * processes' levels one at a time. If it finds one at its level or above, it reads the victim:
 * still itself means wait (rescan), anyone else means go on. Past level N-1 it is in the critical
 * section. The waiting is a busy loop, so every process is always enabled.
 *
 * Slots: level[0..N-1], victim[0..N-1] (victim[0] unused), k[0..N-1] (scan cursor), pc[0..N-1].
 * pc 0: level[i]++   1: victim[level[i]] = i, k = first   2: read level[k]
 *    3: read victim[level[i]]   4: in the critical section; leaving sets level[i] = 0.
 * bench/promela/filter-lock.pml is the same guarded commands in Promela, so SPIN counts the
 * same states. `broken` skips the victim test (a process that sees a rival goes on anyway).
 */
export function filterLock(n = 4, broken = false): Model {
  const LEVEL = 0;
  const VICTIM = n;
  const K = 2 * n;
  const PC = 3 * n;
  const next = (i: number, k: number) => (k + 1 === i ? k + 2 : k + 1);
  // Past the top level the process is in; otherwise it climbs one more.
  const footprints = new Map<number, Footprint>();
  const pass = (s: Int32Array, i: number) => {
    s[PC + i] = s[LEVEL + i] === n - 1 ? 4 : 0;
  };
  return {
    name: `filter-lock(${n}${broken ? ",broken" : ""})`,
    stateSize: 4 * n,
    contexts: Array.from({ length: n }, (_, i) => ({ name: `P${i}`, kind: "thread" as const })),
    maxChoices: n,
    initial() {},
    enabled(_s, out) {
      for (let i = 0; i < n; i++) out[i] = i;
      return n;
    },
    contextOf: (c) => c,
    step(s, i) {
      const p = s[PC + i]!;
      const l = s[LEVEL + i]!;
      if (p === 0) {
        s[LEVEL + i] = l + 1;
        s[PC + i] = 1;
      } else if (p === 1) {
        s[VICTIM + l] = i;
        s[K + i] = next(i, -1);
        s[PC + i] = 2;
      } else if (p === 2) {
        const k = s[K + i]!;
        if (s[LEVEL + k]! >= l) s[PC + i] = 3;
        else {
          const k2 = next(i, k);
          if (k2 < n) s[K + i] = k2;
          else {
            s[K + i] = 0;
            pass(s, i);
          }
        }
      } else if (p === 3) {
        s[K + i] = 0;
        if (broken || s[VICTIM + l] !== i) pass(s, i);
        else {
          s[K + i] = next(i, -1);
          s[PC + i] = 2;
        }
      } else {
        s[LEVEL + i] = 0;
        s[PC + i] = 0;
      }
    },
    isFinished: () => false,
    invariants: [
      {
        name: "mutual-exclusion",
        reads: Array.from({ length: n }, (_, i) => PC + i),
        check(s) {
          let inside = 0;
          for (let i = 0; i < n; i++) if (s[PC + i] === 4) inside++;
          return inside > 1 ? `${inside} processes are in the critical section` : null;
        },
      },
    ],
    footprint(s, i): Footprint {
      // Built once per (process, pc, level, scan cursor): POR asks in every state.
      const p = s[PC + i]!;
      const l = s[LEVEL + i]!;
      const k = s[K + i]!;
      const key = ((i * 5 + p) * (n + 1) + l) * (n + 1) + k;
      let f = footprints.get(key);
      if (f === undefined) {
        const local = [PC + i, LEVEL + i, K + i];
        if (p === 1) f = { reads: local, writes: [PC + i, K + i, VICTIM + l] };
        else if (p === 2) f = { reads: [...local, LEVEL + k], writes: [PC + i, K + i] };
        else if (p === 3) f = { reads: [...local, VICTIM + l], writes: [PC + i, K + i] };
        else f = { reads: local, writes: [PC + i, LEVEL + i] };
        footprints.set(key, f);
      }
      return f;
    },
    contextFootprint(i): Footprint {
      const all = (base: number) => Array.from({ length: n }, (_, j) => base + j);
      return { reads: [PC + i, K + i, ...all(LEVEL), ...all(VICTIM)], writes: [PC + i, K + i, LEVEL + i, ...all(VICTIM)] };
    },
    label(s, i) {
      const l = s[LEVEL + i]!;
      const k = s[K + i]!;
      return [`level[${i}] = ${l + 1}`, `victim[${l}] = ${i}`, `read level[${k}]`, `read victim[${l}]`, `level[${i}] = 0`][s[PC + i]!]!;
    },
    slotNames: () => ["level", "victim", "k", "pc"].flatMap((a) => Array.from({ length: n }, (_, i) => (a === "pc" ? `P${i}.pc` : `${a}${i}`))),
    signature: () => `filter-lock/2 n=${n} broken=${broken}`,
  };
}
