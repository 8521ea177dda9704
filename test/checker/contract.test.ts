import test from "ava";
import { check, ModelError, type Model, type Strategy } from "../../checker/index.js";
import { independent } from "../helpers/models.js";

/** independent(2, 3) with some of its methods replaced: a model that breaks the contract one way. */
function broken(patch: Partial<Record<keyof Model, unknown>>): Model {
  return { ...independent(2, 3), ...patch } as Model;
}

const searches: Strategy[] = ["bfs", "dfs", "por", "bitstate", "random", "symmetry", "dfs-por"];

/** The ModelError a search of `m` ends with (it must end with one). */
function errorOf(t: import("ava").ExecutionContext, m: Model, strategy: Strategy = "bfs"): ModelError {
  const e = t.throws(() => check(m, { strategy, bitstateLog2: 16 }), { instanceOf: ModelError }, `${strategy} gave a verdict`);
  return e as ModelError;
}

const badReturns: [string, Partial<Record<keyof Model, unknown>>, RegExp][] = [
  ["enabled() returning -1", { enabled: () => -1 }, /^enabled\(\) returned -1 \(a count from 0 to maxChoices 2\)/],
  ["enabled() returning NaN", { enabled: () => NaN }, /^enabled\(\) returned NaN/],
  ["enabled() returning 1.5", { enabled: () => 1.5 }, /^enabled\(\) returned 1\.5/],
  ["enabled() returning undefined", { enabled: () => undefined }, /^enabled\(\) returned undefined/],
  ["enabled() returning more than maxChoices", { enabled: () => 3 }, /^enabled\(\) returned 3 \(a count from 0 to maxChoices 2\)/],
  [
    "enabled() writing a choice id past maxChoices",
    { enabled: (_s: Int32Array, out: Int32Array) => ((out[0] = 7), 1) },
    /^enabled\(\) wrote choice 7 at out\[0\] \(choice ids run from 0 to maxChoices-1 = 1\)/,
  ],
  ["a negative choice id", { enabled: (_s: Int32Array, out: Int32Array) => ((out[0] = 0), (out[1] = -2), 2) }, /wrote choice -2 at out\[1\]/],
  ["contexts: []", { contexts: [] }, /^contexts is \[\] \(a non-empty array/],
  ["stateSize 0", { stateSize: 0 }, /^stateSize is 0 \(a positive integer/],
  ["stateSize 2.5", { stateSize: 2.5 }, /^stateSize is 2\.5/],
  ["maxChoices -1", { maxChoices: -1 }, /^maxChoices is -1/],
  ["contextOf() past the contexts", { contextOf: (c: number) => c + 1 }, /^contextOf\(\) returned 2 for choice 1 \(a context index from 0 to 1\)/],
  ["contextOf() returning NaN", { contextOf: () => NaN }, /^contextOf\(\) returned NaN for choice 0/],
  ["a context of no known kind", { contexts: [{ name: "T0", kind: "thread" }, { name: "T1", kind: "process" }] }, /^contexts\[1\] is .*kind one of thread/],
  ["an invariant without check", { invariants: [{ name: "x" }] }, /^invariants\[0\] is/],
  ["an invariant whose holds is not a function", { invariants: [{ name: "x", check: () => null, holds: true }] }, /^invariants\[0\]\.holds(\(\))? is true \(a function, or left out\)/],
  ["writeSet that is not a function", { writeSet: 5 }, /^writeSet\(\) is 5 \(a function, or left out\)/],
  ["canonicalize that is not a function", { canonicalize: "sort" }, /^canonicalize\(\) is "sort" \(a function, or left out\)/],
  ["symmetryEncoder that is not a function", { symmetryEncoder: {} }, /^symmetryEncoder\(\) is .* \(a function, or left out\)/],
  ["footprint that is not a function", { footprint: 1 }, /^footprint\(\) is 1 \(a function, or left out\)/],
];

for (const [what, patch, message] of badReturns)
  test(`${what} is a ModelError naming the method and the value, never a verdict`, (t) => {
    for (const s of searches) {
      const e = errorOf(t, broken(patch), s);
      t.false(e.threw);
      t.regex(e.message, message, s);
    }
  });

test("a symmetryEncoder() that throws or returns no encoder is a ModelError under --symmetry, never a verdict", (t) => {
  const symmetric = { canonicalize: (s: Int32Array, out: Int32Array) => out.set(s), writeSet: () => Int32Array.of(0, 1) };
  for (const [encoder, says] of [
    [() => {
      throw new Error("no codes here");
    }, /^symmetryEncoder\(\) threw: no codes here/],
    [() => ({ code: new Int32Array(2) }), /^symmetryEncoder\(\) returned an encoder without base, restart, wrote, near, whole, representative/],
    [() => null, /^symmetryEncoder\(\) returned an encoder without base/],
  ] as const) {
    const e = errorOf(t, broken({ ...symmetric, symmetryEncoder: encoder }), "symmetry");
    t.regex(e.message, says);
  }
});

test("the same model with a correct enabled() gets a verdict (the checks do not fire on good values)", (t) => {
  for (const s of searches) t.not(check(independent(2, 3), { strategy: s }).verdict, undefined);
  t.is(check(independent(2, 3)).verdict, "safe");
});

test("a step that throws is a ModelError with the step number, the choice and its label", (t) => {
  // T1's third step (state [*, 2]) throws; BFS reaches it first at depth 3 (T1, T1, T1).
  const m = broken({
    step(s: Int32Array, i: number) {
      if (i === 1 && s[1] === 2) throw new TypeError("plain error in step");
      s[i]!++;
    },
  });
  const e = errorOf(t, m);
  t.true(e.threw);
  t.is(e.method, "step");
  t.is(e.step, 3);
  t.is(e.choice, 1);
  t.is(e.label, "T1 step 2");
  t.is(e.describe(), 'step() threw: plain error in step at step 3 (choice 1 "T1 step 2")');
  for (const s of searches) t.regex(errorOf(t, m, s).describe(), /^step\(\) threw: plain error in step at step \d+ \(choice 1 "T1 step 2"\)$/, s);
});

const throwing: [string, Partial<Record<keyof Model, unknown>>, RegExp][] = [
  ["initial", { initial: () => { throw new Error("no init"); } }, /^initial\(\) threw: no init at step 0$/],
  [
    "enabled",
    { enabled: (s: Int32Array, out: Int32Array) => { if (s[0] === 1) throw new Error("bad en"); return independent(2, 3).enabled(s, out); } },
    /^enabled\(\) threw: bad en at step 1$/,
  ],
  [
    "an invariant",
    { invariants: [{ name: "inv", check: (s: Int32Array) => { if (s[0] === 2) throw new Error("bad inv"); return null; } }] },
    /^invariants\["inv"\]\.check\(\) threw: bad inv at step 2 \(choice 0 "T0 step 1"\)$/,
  ],
  ["isFinished", { isFinished: () => { throw new Error("bad fin"); } }, /^isFinished\(\) threw: bad fin at step 6$/],
  ["terminal", { terminal: () => { throw new Error("bad term"); } }, /^terminal\(\) threw: bad term at step 6$/],
];

for (const [what, patch, message] of throwing)
  test(`${what} that throws is a ModelError saying where`, (t) => {
    const e = errorOf(t, broken(patch));
    t.true(e.threw);
    t.regex(e.describe(), message);
  });

test("a parallel search passes a worker's ModelError on as one", (t) => {
  const e = errorOf(t, broken({ enabled: () => -1 }), "parallel");
  t.regex(e.message, /^enabled\(\) returned -1/);
});
