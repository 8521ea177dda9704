import test from "ava";
import fc from "fast-check";
import { check, replay, type CheckResult, type Model } from "../../../checker/index.js";
import { PorBfsSearch } from "../../../checker/reductions/por-bfs.js";
import type { PorMutation } from "../../../checker/strategies/level-expansion.js";
import { SleepSets } from "../../../checker/reductions/sleep-sets.js";
import { closeRace } from "../../../examples/close-race.js";
import { filterLock } from "../../../examples/filter-lock.js";
import { composeKernel } from "../../../model/compose/compose.js";
import { kernelScenarios } from "../../../model/scenarios/kernel.js";
import { buildRandomModel, randomModelSpecArb, type RandomModelSpec } from "../../../properties/random-model.js";
import { cmdModel, withContextFootprints } from "../por-helpers.js";

function run(model: Model, mutation: PorMutation): CheckResult {
  const s = new PorBfsSearch(model, { stopAtFirst: false }, mutation);
  while (!s.run(1 << 30));
  return s.result();
}

const props = (r: CheckResult) => [...new Set(r.violations.map((v) => `${v.kind}:${v.property}`))].sort().join();
/**
 * Sleep sets with the ample sets and chaining off. With no invariant to stop at they must store
 * exactly the states full BFS stores [Godefroid 1996]. With invariants, a run put to sleep may end
 * in a violating state that its covering run reaches as another violating state with the same
 * invariant values (the visible steps keep their order, sleep-sets.ts): the same properties, and
 * perhaps fewer violating states stored.
 */
const SLEEP_ONLY: PorMutation = { ample: false, chain: false };
const kernel = (name: string) => composeKernel(kernelScenarios.find((s) => s.spec.name === name)!.spec);
const noInvariants = (m: Model): Model => Object.assign(Object.create(m) as Model, { invariants: [] });

test("with no invariant to stop at, sleep sets alone store every state full BFS stores, and take fewer steps to do it", (t) => {
  for (const m of [filterLock(3), closeRace(3), closeRace(3, true), kernel("dragonfly-soreceive-check"), kernel("dragonfly-so_state-one-lock")].map(noInvariants)) {
    const full = check(m, { stopAtFirst: false });
    const sleep = run(m, SLEEP_ONLY);
    t.is(sleep.stats.states, full.stats.states, m.name);
    t.is(props(sleep), props(full), m.name);
    t.true(sleep.stats.transitions < full.stats.transitions, `${m.name}: ${sleep.stats.transitions} steps against ${full.stats.transitions}`);
    t.regex(sleep.notes.join("\n"), /sleep sets: \d+ steps not taken/);
  }
});

test("mutation: unless visible steps keep their order, a state past an invariant violation is lost", (t) => {
  // Found by the random differential below: B enters the mutex region without the lock. The run
  // "B to its end, then A" was put to sleep as covered by "A first", which passes through the
  // violating state (both in the region), where the search stops.
  const spec: RandomModelSpec = {
    domain: 2,
    vars: [0],
    locks: 1,
    semaphore: null,
    objects: 0,
    contexts: [
      { kind: "thread", level: 1, program: [{ op: "acquire", l: 0 }, { op: "load", v: 0 }, { op: "inc" }, { op: "store", v: 0 }, { op: "release", l: 0 }] },
      { kind: "thread", level: 1, program: [{ op: "goto", to: 1 }, { op: "load", v: 0 }, { op: "inc" }, { op: "store", v: 0 }, { op: "goto", to: 5 }] },
    ],
    invariants: [{ kind: "mutex", regions: [{ ctx: 0, from: 1, to: 5 }, { ctx: 1, from: 1, to: 5 }] }],
    terminal: null,
  };
  const m = withContextFootprints(spec, buildRandomModel(spec));
  const full = check(m, { stopAtFirst: false });
  t.is(run(m, SLEEP_ONLY).stats.states, full.stats.states);
  t.true(run(m, { ...SLEEP_ONLY, sleepVisibility: false }).stats.states < full.stats.states);
});

test("under a uniprocessor policy nothing sleeps: every step moves a slot the scheduler reads", (t) => {
  const m = kernel("kyu-netlock");
  const full = check(m, { stopAtFirst: false });
  const sleep = run(m, SLEEP_ONLY);
  t.is(sleep.stats.states, full.stats.states);
  t.is(sleep.stats.transitions, full.stats.transitions);
  const s = new SleepSets(m);
  const st = new Int32Array(m.stateSize);
  m.initial(st);
  for (let a = 0; a < m.maxChoices; a++) for (let b = 0; b < m.maxChoices; b++) t.false(s.independent(st, a, b));
});

test("independence is symmetric and never holds within one context", (t) => {
  const m = kernel("dragonfly-soreceive-check");
  const s = new SleepSets(m);
  const st = new Int32Array(m.stateSize);
  m.initial(st);
  let some = 0;
  for (let a = 0; a < m.maxChoices; a++)
    for (let b = 0; b < m.maxChoices; b++) {
      t.is(s.independent(st, a, b), s.independent(st, b, a));
      if (m.contextOf(a) === m.contextOf(b)) t.false(s.independent(st, a, b));
      else if (s.independent(st, a, b)) some++;
    }
  t.true(some > 0, "no two contexts commute in the initial state of an any-policy scenario");
});

/** Runs `body` on 120 random models whose full BFS finishes, with that BFS's result; `body` says whether all is well. */
function onRandomModels(body: (model: Model, full: CheckResult) => boolean): void {
  fc.assert(
    fc.property(randomModelSpecArb({ maxContexts: 4 }), (spec) => {
      const model = withContextFootprints(spec, buildRandomModel(spec));
      const full = check(model, { stopAtFirst: false, maxStates: 50_000 });
      // A violation found before the bound still says "violation": only a finished search compares.
      return full.boundsHit.length > 0 || body(model, full);
    }),
    { numRuns: 120, seed: 20261122 },
  );
}

/** Whether the sleep-set-only search loses a property, or a state where no invariant stops the search. */
function loses(model: Model, full: CheckResult, mutation: PorMutation): boolean {
  if (props(run(model, { ...SLEEP_ONLY, ...mutation })) !== props(full)) return true;
  const bare = noInvariants(model);
  return run(bare, { ...SLEEP_ONLY, ...mutation }).stats.states !== check(bare, { stopAtFirst: false }).stats.states;
}

for (const [what, mutation] of [
  ["sleep sets alone", SLEEP_ONLY],
  ["ample sets with sleep sets", {}],
] as const)
  test(`differential (${what}): on random models, the same properties as full BFS, by traces that replay`, (t) => {
    let fewerSteps = 0;
    onRandomModels((model, full) => {
      const r = run(model, mutation);
      if (r.stats.transitions < full.stats.transitions) fewerSteps++;
      if (r.stats.states > full.stats.states || r.verdict !== full.verdict || props(r) !== props(full)) return false;
      if (mutation === SLEEP_ONLY && loses(model, full, {})) return false;
      return r.violations.every((v) => {
        const p = replay(model, v.choices);
        return p.error === null && (v.kind === "assertion" || p.violation?.name === v.property);
      });
    });
    t.true(fewerSteps > 0, "no random model had a step put to sleep: the test would not notice a wrong sleep set");
  });

test("mutation: the random differential notices sleep sets that never wake a dependent step", (t) => {
  let lost = 0;
  onRandomModels((model, full) => {
    if (loses(model, full, { wake: false })) lost++;
    return true;
  });
  t.true(lost > 0);
});

test("a state reached again with a smaller sleep set keeps the intersection, and one already expanded is queued for the choices that woke", (t) => {
  // The random differential does not catch a search that skips this: in 2,000 random models
  // (4 contexts at most) pruning every revisit lost no state. The theory needs it [Godefroid,
  // Holzmann and Pirottin, CAV 1992] when coverage runs in a circle through stored states.
  const m = closeRace(2);
  const s = new SleepSets(m);
  const mask = (...cs: number[]) => {
    const x = s.mask();
    for (const c of cs) x[c >>> 5]! |= 1 << (c & 31);
    return x;
  };
  const sleep = s.mask();
  const woke = s.mask();
  s.store(0, 11, 12, mask(0, 1));
  t.is(s.arrive(11, 12, mask(0)), -1, "not expanded yet: only intersected");
  t.is(s.begin(0, sleep, woke), 0);
  t.deepEqual([...sleep], [...mask(0)]);
  t.deepEqual([...woke], [...mask()], "what woke before the first expansion is taken by it");
  t.is(s.arrive(11, 12, mask(0)), -1, "nothing woke");
  t.is(s.arrive(11, 12, mask()), 0, "choice 0 woke: queue state 0 again");
  t.is(s.arrive(11, 12, mask()), -1, "queued once");
  t.is(s.begin(0, sleep, woke), 1);
  t.deepEqual([...woke], [...mask(0)]);
  t.deepEqual([...sleep], [...mask()]);
  t.is(s.arrive(99, 12, mask()), -1, "a fingerprint never stored");
  t.is(s.requeued, 1);
});

/**
 * The independence oracle of reduction.md §9: in reachable states, every pair the sleep sets take
 * as independent is enabled after the other and both orders reach the same state. Returns how
 * many independent pairs it checked, or a description of the first that fails.
 */
function independenceOracle(m: Model, maxStates: number): number | string {
  const s = new SleepSets(m);
  const en = new Int32Array(m.maxChoices);
  const en2 = new Int32Array(m.maxChoices);
  const after = (x: Int32Array, c: number): Int32Array | null => {
    const y = Int32Array.from(x);
    try {
      m.step(y, c);
    } catch {
      return null;
    }
    return y;
  };
  const enabledIn = (x: Int32Array, c: number) => Array.from(en2.subarray(0, m.enabled(x, en2))).includes(c);
  const init = new Int32Array(m.stateSize);
  m.initial(init);
  const seen = new Set<string>();
  const stack: Int32Array[] = [init];
  let pairs = 0;
  while (stack.length > 0 && seen.size < maxStates) {
    const x = stack.pop()!;
    const key = x.join();
    if (seen.has(key)) continue;
    seen.add(key);
    const n = m.enabled(x, en);
    const cs = Array.from(en.subarray(0, n));
    for (const a of cs) {
      const xa = after(x, a);
      if (xa) stack.push(xa);
      for (const b of cs) {
        if (a >= b || !s.independent(x, a, b)) continue;
        pairs++;
        const xb = after(x, b);
        if (!xa || !xb) continue; // a step that raises an assertion raises it in either order
        if (!enabledIn(xa, b) || !enabledIn(xb, a)) return `${m.label(x, a)} and ${m.label(x, b)}: one disables the other`;
        const ab = after(xa, b);
        const ba = after(xb, a);
        if (ab === null || ba === null || ab.join() !== ba.join()) return `${m.label(x, a)} and ${m.label(x, b)} do not commute`;
      }
    }
  }
  return pairs;
}

test("independence oracle: on kernel scenarios every pair taken as independent commutes, and neither disables the other", (t) => {
  for (const name of ["dragonfly-soreceive-check", "dragonfly-so_state-one-lock", "dragonfly-so_state", "kyu-netlock"]) {
    const r = independenceOracle(kernel(name), 3000);
    if (typeof r === "string") t.fail(`${name}: ${r}`);
    else if (name.startsWith("dragonfly")) t.true(r > 0, `${name}: no independent pair`);
    else t.is(r, 0, `${name}: under a uniprocessor policy no pair is independent`);
  }
});

test("independence oracle: on random models every pair taken as independent commutes, and neither disables the other", (t) => {
  let pairs = 0;
  onRandomModels((model) => {
    const r = independenceOracle(model, 2000);
    if (typeof r === "string") return false;
    pairs += r;
    return true;
  });
  t.true(pairs > 0);
});

test("mutation: the independence oracle notices footprints that leave out the writes", (t) => {
  const m = kernel("dragonfly-soreceive-check");
  const noWrites = Object.assign(Object.create(m) as Model, { footprint: (s: Int32Array, c: number) => ({ reads: m.footprint(s, c).reads, writes: [] }) });
  t.is(typeof independenceOracle(noWrites, 3000), "string");
});

test("the memory the result reports includes the sleep sets kept per stored state", (t) => {
  const m = kernel("dragonfly-soreceive-check");
  const without = run(m, { sleep: false });
  const withSleep = run(m, {});
  t.is(withSleep.stats.states, without.stats.states);
  t.true(withSleep.stats.visitedBytes > without.stats.visitedBytes);
});

test("choices past the first 32 sleep in the second mask word", (t) => {
  // A token passed along 34 contexts (one step each, in turn), and two contexts off the ring
  // whose choice ids are 34 and 35: F writes slot 1 twice, G adds slot 1 into slot 2 twice, so
  // G must wake whenever F steps (a mask word past the first that never woke would lose states).
  const ring = Array.from({ length: 34 }, (_, i) => ({
    name: `R${i}`,
    steps: [{ guard: (s: Int32Array) => s[0] === i, run: (s: Int32Array) => void (s[0] = i + 1), reads: [0], writes: [0] }],
  }));
  const f = { name: "F", steps: [0, 1].map(() => ({ run: (s: Int32Array) => void (s[1] = s[1]! + 1), reads: [1], writes: [1] })) };
  const g = { name: "G", steps: [0, 1].map(() => ({ run: (s: Int32Array) => void (s[2] = s[2]! + s[1]!), reads: [1, 2], writes: [2] })) };
  const m = cmdModel("ring", 3, [...ring, f, g], []);
  t.is(m.maxChoices, 36);
  const full = check(m, { stopAtFirst: false });
  const sleep = run(m, SLEEP_ONLY);
  t.is(sleep.stats.states, full.stats.states);
  t.true(sleep.stats.transitions < full.stats.transitions);
});

test("metamorphic: reversing the order of the enabled choices changes which sibling covers which, never what is found", (t) => {
  const reversed = (m: Model): Model =>
    Object.assign(Object.create(m) as Model, {
      enabled(s: Int32Array, out: Int32Array) {
        const n = m.enabled(s, out);
        out.subarray(0, n).reverse();
        return n;
      },
    });
  let differentSteps = 0;
  onRandomModels((model, full) => {
    const r = reversed(model);
    for (const mutation of [SLEEP_ONLY, {}]) {
      const a = run(model, mutation);
      const b = run(r, mutation);
      if (props(b) !== props(full) || props(a) !== props(full)) return false;
      if (a.stats.transitions !== b.stats.transitions) differentSteps++;
    }
    const bare = noInvariants(r);
    if (run(bare, SLEEP_ONLY).stats.states !== check(bare, { stopAtFirst: false }).stats.states) return false;
    return props(check(r, { strategy: "dfs-por", stopAtFirst: false })) === props(full);
  });
  t.true(differentSteps > 0, "the order never mattered: the test would not exercise another covering");
});
