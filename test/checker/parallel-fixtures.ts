import type { Model } from "../../checker/index.js";
import { filterLock } from "../../examples/filter-lock.js";

/** The filter lock with a step that fails (not a ModelAssertion) once P0 reaches level 2: a model bug. */
export function brokenStep(): Model {
  const m = filterLock(3);
  return Object.assign(Object.create(m) as Model, {
    step(s: Int32Array, c: number) {
      if (s[0] === 2) throw new TypeError("model bug: level 2 not handled");
      m.step(s, c);
    },
  });
}

/**
 * A level that explodes: six binary choices (64 states at depth 6), then k choices each, so
 * depth 7 holds 64·k states after levels that only doubled. Slots: phase, bits, last choice.
 */
export function burst(k: number): Model {
  return {
    name: `burst(${k})`,
    stateSize: 3,
    contexts: [{ name: "T", kind: "thread" }],
    maxChoices: k,
    initial() {},
    enabled(s, out) {
      const phase = s[0]!;
      const n = phase < 6 ? 2 : phase === 6 ? k : 0;
      for (let i = 0; i < n; i++) out[i] = i;
      return n;
    },
    contextOf: () => 0,
    step(s, c) {
      if (s[0]! < 6) s[1] = 2 * s[1]! + c;
      else s[2] = c;
      s[0]!++;
    },
    isFinished: (s) => s[0]! >= 7,
    invariants: [],
    label: (_s, c) => `choose ${c}`,
  };
}
