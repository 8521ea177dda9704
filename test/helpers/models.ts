import { ModelAssertion, type Model } from "../../checker/index.js";

/**
 * n threads with k private steps each and nothing shared: (k+1)^n states and
 * n*k*(k+1)^(n-1) transitions, counted by hand, and every run terminates.
 */
export function independent(n: number, k: number): Model {
  return {
    name: `independent(${n},${k})`,
    stateSize: n,
    contexts: Array.from({ length: n }, (_, i) => ({ name: `T${i}`, kind: "thread" as const })),
    maxChoices: n,
    initial() {},
    enabled(s, out) {
      let c = 0;
      for (let i = 0; i < n; i++) if (s[i]! < k) out[c++] = i;
      return c;
    },
    contextOf: (c) => c,
    step(s, i) {
      s[i]!++;
    },
    isFinished: (s, i) => s[i] === k,
    invariants: [],
    label: (s, i) => `T${i} step ${s[i]}`,
  };
}

/** A thread that blocks forever on a flag nobody sets, beside one that finishes: a deadlock, not termination. */
export function blockedForever(): Model {
  return {
    name: "blocked-forever",
    stateSize: 3, // [flag, pcA, pcB]
    contexts: [
      { name: "A", kind: "thread" },
      { name: "B", kind: "thread" },
    ],
    maxChoices: 2,
    initial() {},
    enabled(s, out) {
      let c = 0;
      if (s[1] === 0 && s[0] === 1) out[c++] = 0;
      if (s[2] === 0) out[c++] = 1;
      return c;
    },
    contextOf: (c) => c,
    step(s, c) {
      s[1 + c] = 1;
    },
    isFinished: (s, c) => s[1 + c] === 1,
    invariants: [],
    label: (_s, c) => (c === 0 ? "A: wait for flag" : "B: exit"),
  };
}

/**
 * Two threads; T0's second step raises an assertion, T1 breaks an invariant after two steps.
 * Distinct properties at distinct depths, for collect-all and stop-at-first tests.
 */
export function twoBugs(): Model {
  return {
    name: "two-bugs",
    stateSize: 2,
    contexts: [
      { name: "T0", kind: "thread" },
      { name: "T1", kind: "thread" },
    ],
    maxChoices: 2,
    initial() {},
    enabled(s, out) {
      let c = 0;
      if (s[0]! < 3) out[c++] = 0;
      if (s[1]! < 3) out[c++] = 1;
      return c;
    },
    contextOf: (c) => c,
    step(s, c) {
      if (c === 0 && s[0] === 1) throw new ModelAssertion("boom", "T0 exploded on its second step");
      s[c]!++;
    },
    isFinished: (s, c) => s[c] === 3,
    invariants: [{ name: "t1-below-3", check: (s) => (s[1]! >= 3 ? "T1 reached 3" : null) }],
    label: (s, c) => `T${c} at ${s[c]}`,
  };
}

/** `model` whose write sets (Model.writeSet) leave out `slot`: a mutation the verify modes must catch. */
export function forgetful(model: Model, slot: number): Model {
  const cache = new Map<Int32Array, Int32Array>();
  return Object.assign(Object.create(model) as Model, {
    writeSet(s: Int32Array, c: number) {
      const ws = model.writeSet!(s, c);
      let out = cache.get(ws);
      if (!out) cache.set(ws, (out = ws.filter((x) => x !== slot)));
      return out;
    },
  });
}
