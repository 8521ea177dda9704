import test from "ava";
import { check, ModelError, replay, type Model, type Strategy } from "../../../checker/index.js";
import { runSchedule, scheduleOf } from "../../../properties/schedule-runner.js";
import { minimise } from "../../../traces/minimise.js";
import { recordTrace } from "../../../traces/record.js";
import { verifyTrace } from "../../../traces/verify.js";

/**
 * Two threads of two steps each under a mode set by the initial state (TLA+'s Init with several
 * solutions): initial state i has mode i % 3, so of its `n` initial states three are distinct.
 * The invariant breaks only in mode 2, after A's two steps and one of B's.
 */
function modes(n = 4, invariant = true): Model {
  return {
    name: "modes",
    stateSize: 3, // [mode, a, b]
    contexts: [
      { name: "A", kind: "thread" },
      { name: "B", kind: "thread" },
    ],
    maxChoices: 2,
    initialStates: n,
    initial(out, which = 0) {
      out[0] = which % 3;
    },
    enabled(s, out) {
      let c = 0;
      if (s[1]! < 2) out[c++] = 0;
      if (s[2]! < 2) out[c++] = 1;
      return c;
    },
    contextOf: (c) => c,
    step(s, c) {
      s[1 + c]!++;
    },
    isFinished: (s, c) => s[1 + c] === 2,
    invariants: invariant ? [{ name: "mode-2-ok", check: (s) => (s[0] === 2 && s[1] === 2 && s[2] === 1 ? "mode 2 broke" : null) }] : [],
    label: (_s, c) => (c === 0 ? "A step" : "B step"),
  };
}

const stateful: Strategy[] = ["bfs", "dfs", "por", "dfs-por", "symmetry", "parallel"];

test("every initial state is stored, searched and counted once (3 distinct of 4, 9 states each)", (t) => {
  for (const strategy of stateful) {
    const r = check(modes(4, false), { strategy });
    t.is(r.verdict, "safe", strategy);
    t.is(r.stats.states, 27, strategy);
  }
  t.is(check(modes(1, false)).stats.states, 9);
  const bits = check(modes(4, false), { strategy: "bitstate", bitstateLog2: 20 });
  t.is(bits.stats.states, 27);
});

test("a violation reachable from one initial state only is found by every search, names that state and replays from it", (t) => {
  for (const strategy of [...stateful, "bitstate", "random"] as Strategy[]) {
    const r = check(modes(), { strategy, bitstateLog2: 20, walks: 200 });
    t.is(r.verdict, "violation", strategy);
    const v = r.violations[0]!;
    t.is(v.initial, 2, strategy);
    t.is(replay(modes(), v.choices, 2).violation?.name, "mode-2-ok", strategy);
    t.is(replay(modes(), v.choices, 0).violation, null, strategy);
  }
  t.is(check(modes()).violations[0]!.choices.length, 3, "BFS: shortest over all initial states");
  t.regex(replay(modes(), [0], 7).error!.reason, /initial state 7 does not exist \(the model has 4\)/);
});

test("collect-all with several initial states keeps counting after the violation", (t) => {
  const r = check(modes(), { stopAtFirst: false });
  t.is(r.stats.states, 27);
  t.deepEqual(r.violations.map((v) => [v.property, v.initial]), [["mode-2-ok", 2]]);
});

test("a trace keeps its initial state: recorded, verified and minimised from it", (t) => {
  const m = modes();
  const v = check(m, { strategy: "dfs" }).violations[0]!;
  const trace = recordTrace(m, v.choices, v, { scenario: "modes" });
  t.is(trace.initial, 2);
  t.is(verifyTrace(m, trace).status, "confirmed");
  t.is(verifyTrace(m, { ...trace, initial: 0 }).status, "no-violation");
  const min = minimise(m, v.choices, { initial: 2 });
  t.is(min.choices.length, 3);
  t.is(replay(m, min.choices, 2).violation?.name, "mode-2-ok");
});

test("a model with one initial state reports no initial field; initialStates must be a positive integer", (t) => {
  const one = check({ ...modes(1), initial: (out: Int32Array) => void (out[0] = 2) } as Model);
  t.false("initial" in one.violations[0]!);
  for (const bad of [0, -1, 1.5, NaN]) {
    const e = t.throws(() => check({ ...modes(), initialStates: bad }), { instanceOf: ModelError });
    t.regex(e!.message, /^initialStates is .* \(a positive integer: how many initial states\)$/);
  }
});

test("random schedules reach every initial state: the first pick names it, and scheduleOf gives it back", (t) => {
  const m = modes();
  const bad = runSchedule(m, [2, 0, 0, 1]);
  t.is(bad.initial, 2);
  t.is(bad.violation?.property, "mode-2-ok");
  t.is(runSchedule(m, [1, 0, 0, 1]).violation, null);
  const v = check(m).violations[0]!;
  const s = scheduleOf(m, v.choices, v.initial)!;
  t.is(s[0], 2);
  t.deepEqual(runSchedule(m, s).choices, v.choices);
  // One initial state: no pick is spent on it.
  t.deepEqual(runSchedule(modes(1, false), [1, 1, 0, 0]).choices, [1, 1, 0, 0]);
});
