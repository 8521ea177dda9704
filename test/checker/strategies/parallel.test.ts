import test from "ava";
import { check, replay, type CheckResult, type Model, type SearchOptions } from "../../../checker/index.js";
import type { ModelSource } from "../../../checker/model-source.js";
import { closeRace } from "../../../examples/close-race.js";
import { filterLock } from "../../../examples/filter-lock.js";
import { philosophers } from "../../../examples/philosophers.js";
import { burst } from "../parallel-fixtures.js";

const here = import.meta.url;
const cases: { build: () => Model; source: ModelSource }[] = [
  { build: () => filterLock(3), source: { module: new URL("../../../examples/filter-lock.js", here).href, export: "filterLock", args: [3] } },
  { build: () => filterLock(3, true), source: { module: new URL("../../../examples/filter-lock.js", here).href, export: "filterLock", args: [3, true] } },
  { build: () => closeRace(3), source: { module: new URL("../../../examples/close-race.js", here).href, export: "closeRace", args: [3] } },
  { build: () => closeRace(3, true), source: { module: new URL("../../../examples/close-race.js", here).href, export: "closeRace", args: [3, true] } },
  { build: () => philosophers(4), source: { module: new URL("../../../examples/philosophers.js", here).href, export: "philosophers", args: [4] } },
];

const summary = (r: CheckResult) => ({
  verdict: r.verdict,
  states: r.stats.states,
  transitions: r.stats.transitions,
  found: r.violations.map((v) => `${v.kind}:${v.property}:${v.choices.length}`).sort(),
});

function agrees(t: import("ava").ExecutionContext, model: Model, opts: SearchOptions): void {
  const seq = check(model, { stopAtFirst: false });
  const par = check(model, { ...opts, strategy: "parallel", stopAtFirst: false });
  t.deepEqual(summary(par), summary(seq), model.name);
  t.true(par.exhaustive);
  for (const v of par.violations) t.is(replay(model, v.choices).violation?.name, v.property, `${model.name}: ${v.property} replays`);
}

test("on one thread (no model source) the level-synchronous search equals BFS: states, transitions, findings and their lengths", (t) => {
  for (const c of cases) agrees(t, c.build(), {});
});

test("with two worker threads the results equal one-thread BFS", (t) => {
  // Each worker loads ts-node and the model afresh (about a second under test), so two cases only.
  // From a small table, so the workers also switch to grown tables between levels.
  for (const c of [cases[1]!, cases[2]!]) agrees(t, c.build(), { workers: 2, modelSource: c.source, tableSlots: 1024 });
});

test("a first violation stops at the end of its level with a shortest counterexample", (t) => {
  const c = cases[3]!;
  const seq = check(c.build(), {});
  const par = check(c.build(), { strategy: "parallel" });
  t.is(par.verdict, "violation");
  t.is(par.violations[0]!.choices.length, seq.violations[0]!.choices.length);
  t.false(par.exhaustive);
});

test("the shared table grows between levels: from 1,024 slots the results still equal BFS", (t) => {
  agrees(t, closeRace(4), { tableSlots: 1024 });
});

test("a level that outgrows the table stops with bound memory, never safe", (t) => {
  const r = check(burst(1000), { strategy: "parallel", tableSlots: 1024 });
  t.is(check(burst(1000)).stats.states, 127 + 64_000);
  t.is(r.verdict, "inconclusive");
  t.true(r.boundsHit.includes("memory"));
  t.true(r.notes.some((n) => /filled up/.test(n)));
});

test("initial states that do not fit the table stop the search with bound memory, never safe", (t) => {
  // 3,000 initial states, each finished at once: BFS stores them all and calls the model safe.
  const many: Model = {
    name: "many-roots",
    stateSize: 1,
    contexts: [{ name: "T", kind: "thread" }],
    maxChoices: 1,
    initialStates: 3000,
    initial: (s, which = 0) => void (s[0] = which),
    enabled: () => 0,
    contextOf: () => 0,
    step: () => {},
    isFinished: () => true,
    invariants: [],
    label: () => "",
  };
  t.is(check(many).verdict, "safe");
  const r = check(many, { strategy: "parallel", tableSlots: 1024 });
  t.is(r.verdict, "inconclusive");
  t.true(r.boundsHit.includes("memory"));
  t.true(r.notes.some((n) => /no room for every initial state/.test(n)));
});

test("bounds cut the parallel search to inconclusive", (t) => {
  t.is(check(filterLock(3), { strategy: "parallel", maxStates: 100 }).verdict, "inconclusive");
  t.is(check(filterLock(3), { strategy: "parallel", maxDepth: 5 }).verdict, "inconclusive");
});

test("a worker's failure is an error, never a hang: a source that does not load, a model that throws", (t) => {
  const fixtures = new URL("../parallel-fixtures.js", import.meta.url).href;
  t.throws(() => check(filterLock(3), { strategy: "parallel", workers: 2, modelSource: { module: fixtures, export: "noSuchModel" } }), {
    message: /noSuchModel/,
  });
  t.throws(() => check(filterLock(3), { strategy: "parallel", workers: 2, modelSource: { module: fixtures, export: "brokenStep" } }), {
    message: /level 2 not handled/,
  });
});
