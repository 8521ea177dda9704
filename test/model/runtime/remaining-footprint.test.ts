import test from "ava";
import { check, type Model } from "../../../checker/index.js";
import type { KernelModel } from "../../../model/runtime/kernel-model.js";
import { scenarios } from "../../../model/scenarios/index.js";

/**
 * The remaining-footprint oracle (reduction.md §9, extended to C1's "what a context can still
 * do"): on explored states, each step lies inside its context's remaining footprint (what it reads,
 * what it declares, what it changes), and a step shrinks or keeps every context's remaining
 * footprint. By induction along any path, every slot a context touches on any continuation from a
 * reachable state lies in its remaining footprint at that state.
 */
const build = (name: string): KernelModel => scenarios.find((s) => s.name === name)!.build() as KernelModel;

function oracle(m: Model, limit: number): string[] {
  const problems: string[] = [];
  const nCtx = m.contexts.length;
  const rem = (s: Int32Array, c: number) => {
    const f = m.remainingFootprint!(s, c);
    return { r: new Set(Array.from(f.reads)), w: new Set(Array.from(f.writes)) };
  };
  const seen = new Set<string>();
  const queue: Int32Array[] = [new Int32Array(m.stateSize)];
  m.initial(queue[0]!);
  const out = new Int32Array(m.maxChoices);
  const name = (x: number) => m.slotNames?.()[x] ?? String(x);
  while (queue.length > 0 && seen.size < limit && problems.length < 5) {
    const s = queue.shift()!;
    const key = s.join(",");
    if (seen.has(key)) continue;
    seen.add(key);
    const before = Array.from({ length: nCtx }, (_, c) => rem(s, c));
    const n = m.enabled(s, out);
    for (let i = 0; i < n; i++) {
      const t = out[i]!;
      const c = m.contextOf(t);
      const R = before[c]!;
      const f = m.footprint!(s, t);
      for (const x of Array.from(f.reads)) if (!R.r.has(x)) problems.push(`${m.label(s, t)} reads ${name(x)} outside ${m.contexts[c]!.name}'s remaining footprint`);
      for (const x of Array.from(f.writes)) if (!R.w.has(x)) problems.push(`${m.label(s, t)} may write ${name(x)} outside ${m.contexts[c]!.name}'s remaining footprint`);
      const next = Int32Array.from(s);
      try {
        m.step(next, t);
      } catch {
        continue;
      }
      for (let x = 0; x < s.length; x++) if (next[x] !== s[x] && !R.w.has(x)) problems.push(`${m.label(s, t)} changes ${name(x)} outside ${m.contexts[c]!.name}'s remaining footprint`);
      for (let o = 0; o < nCtx; o++) {
        const A = rem(next, o);
        const B = before[o]!;
        for (const x of A.r) if (!B.r.has(x)) problems.push(`after ${m.label(s, t)}, ${m.contexts[o]!.name}'s remaining reads grew by ${name(x)}`);
        for (const x of A.w) if (!B.w.has(x)) problems.push(`after ${m.label(s, t)}, ${m.contexts[o]!.name}'s remaining writes grew by ${name(x)}`);
      }
      queue.push(next);
    }
  }
  return problems;
}

// Every policy and a listen queue (a second connection instance), kept small for the time budget.
const NAMES = ["bsd44-listen", "kyu-stubbed-spl", "kyu-netlock-timers", "lost-wakeup", "dragonfly-soreceive-check", "dragonfly-sofree-race", "netbsd-pr20390-halt", "netbsd-pr20390"];

for (const name of NAMES)
  test(`remaining footprints of ${name} cover every continuation of explored states`, (t) => {
    const problems = oracle(build(name), 2500);
    t.deepEqual(problems, []);
  });

test("remaining footprints shrink: a context past its shared code no longer shares it", (t) => {
  const m = build("dragonfly-sofree-race");
  const s = new Int32Array(m.stateSize);
  m.initial(s);
  const u = m.contexts.findIndex((c) => c.name === "U");
  const whole = m.contextFootprint(u);
  const start = m.remainingFootprint(s, u);
  t.is(start.writes.length, whole.writes.length);
  // Walk U alone until it is done (the others never run): the remaining footprint only shrinks, to nothing.
  const out = new Int32Array(m.maxChoices);
  let prev = start.writes.length + start.reads.length;
  let shrunk = false;
  for (let k = 0; k < 400 && !m.isFinished(s, u); k++) {
    const n = m.enabled(s, out);
    if (!Array.from(out.subarray(0, n)).includes(u)) break;
    m.step(s, u);
    const f = m.remainingFootprint(s, u);
    const size = f.reads.length + f.writes.length;
    t.true(size <= prev);
    if (size < prev) shrunk = true;
    prev = size;
  }
  t.true(shrunk);
});

/** The mutant: a remaining footprint (and the footprint before another's step, which POR uses) that forgets everything after the next step. */
function underApproximated(m: KernelModel): Model {
  const bad = Object.create(m) as KernelModel & { remainingFootprint: Model["remainingFootprint"]; footprintBefore: Model["footprintBefore"] };
  const n = m.ctxs.length;
  bad.remainingFootprint = (s: Int32Array, c: number) => (c < n ? m.footprint(s, c) : m.contextFootprint(c));
  bad.footprintBefore = (s: Int32Array, o: number) => bad.remainingFootprint!(s, o);
  return bad;
}

test("mutation: the oracle catches a remaining footprint that forgets the rest of the program", (t) => {
  t.true(oracle(underApproximated(build("dragonfly-soreceive-check")), 2500).length > 0);
});

/** The states where nothing is enabled (deadlocks and ends of runs) that a search expands, with slot `masked` zeroed. */
function deadStates(model: Model, strategy: "bfs" | "por" | "dfs-por", masked = -1): Set<string> {
  const dead = new Set<string>();
  const spy = Object.create(model) as Model;
  spy.enabled = (s: Int32Array, out: Int32Array) => {
    const n = model.enabled.call(spy, s, out);
    if (n === 0) dead.add(Array.from(s, (v, i) => (i === masked ? 0 : v)).join(","));
    return n;
  };
  const r = check(spy, { strategy, stopAtFirst: false });
  if (r.boundsHit.length > 0) throw new Error("bounded");
  return dead;
}

// C0 and C1 preserve every deadlock and end-of-run state, not just one per property (reduction.md §2):
// the sharpest differential there is, since property sets survive many wrong reductions.
for (const name of ["netbsd-pr20390-halt", "dragonfly-soreceive-check", "dragonfly-so_state-one-lock"])
  test(`POR reaches exactly the dead and final states full BFS reaches on ${name}, breadth- and depth-first`, (t) => {
    const full = deadStates(build(name), "bfs");
    t.true(full.size > 0);
    for (const strategy of ["por", "dfs-por"] as const) t.deepEqual([...deadStates(build(name), strategy)].sort(), [...full].sort(), strategy);
  });

// Under priority and bsd-up a step of the thread holding the CPU goes first, ahead of a preemption
// that would come back to it (runsAfter): where a full-BFS run let another thread have the CPU
// before a deadlock, POR reaches the same deadlock with the CPU last given to the other thread,
// so the states agree except for curthread (and the findings, which do not name it, are equal).
for (const name of ["kyu-sleep-holding-lock", "kyu-stubbed-spl", "kyu-netlock-nested", "lost-wakeup", "netbsd-pr20390", "bsd44-listen", "kyu-close-storm-2"])
  test(`POR reaches the dead and final states full BFS reaches, up to curthread, on ${name}`, (t) => {
    const m = build(name);
    const cur = m.slotNames().indexOf("cpu.curthread");
    t.true(cur >= 0);
    const full = deadStates(build(name), "bfs", cur);
    t.true(full.size > 0);
    for (const strategy of ["por", "dfs-por"] as const) t.deepEqual([...deadStates(build(name), strategy, cur)].sort(), [...full].sort(), strategy);
  });

test("mutation: with that remaining footprint POR misses a final state full BFS reaches", (t) => {
  const full = deadStates(build("netbsd-pr20390-halt"), "bfs");
  const mutant = deadStates(underApproximated(build("netbsd-pr20390-halt")), "por");
  t.true([...full].some((x) => !mutant.has(x)));
});
