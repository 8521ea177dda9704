import test from "ava";
import type { Footprint } from "../../../checker/index.js";
import { scenarios } from "../../../model/scenarios/index.js";
import type { KernelModel } from "../../../model/runtime/kernel-model.js";

/**
 * The oracle for KernelModel.footprintBefore and runsAfter (what C1 trusts about the scheduler and
 * locks): from sampled states of every kernel scenario, for each enabled step t of a context c,
 * search every run in which c does not step and every step taken leaves t alone (footprints
 * disjoint as in reduction.md §1). On it, a context o that runsAfter c must never be offered a
 * step, and every step o takes must lie inside footprintBefore(state, o, c). Each search is
 * exhaustive up to its budget, and the budget is counted so the test cannot pass vacuously.
 */
const disjoint = (a: Footprint, b: Footprint): boolean => {
  const bw = new Set(Array.from(b.writes));
  const br = new Set(Array.from(b.reads));
  for (const x of Array.from(a.writes)) if (bw.has(x) || br.has(x)) return false;
  for (const x of Array.from(a.reads)) if (bw.has(x)) return false;
  return true;
};

const kernel = scenarios.filter((sc) => typeof (sc.build() as Partial<KernelModel>).runsAfter === "function");

interface Outcome {
  /** The first broken claim, or null. */
  readonly failure: string | null;
  readonly sampled: number;
  readonly claims: number;
  readonly explored: number;
  readonly checked: number;
}

/** Runs the oracle on `m` from the first `limit` states of a BFS, sampling every fifth. */
function oracle(name: string, m: KernelModel, limit = 3000): Outcome {
  const en = new Int32Array(m.maxChoices);
  const en2 = new Int32Array(m.maxChoices);
  const seen = new Set<string>();
  const queue: Int32Array[] = [new Int32Array(m.stateSize)];
  m.initial(queue[0]!);
  let sampled = 0;
  let claims = 0;
  let explored = 0;
  let checked = 0;
  const out = (failure: string | null): Outcome => ({ failure, sampled, claims, explored, checked });
  for (let k = 0; k < queue.length && k < limit; k++) {
    const s = queue[k]!;
    const n = m.enabled(s, en);
    const here = Array.from(en.subarray(0, n));
    for (const ch of here) {
      const next = Int32Array.from(s);
      try {
        m.step(next, ch);
      } catch {
        continue;
      }
      const key = next.join(",");
      if (!seen.has(key)) {
        seen.add(key);
        queue.push(next);
      }
    }
    if (k % 5 !== 0) continue;
    sampled++;
    for (const tc of here) {
      const c = m.contextOf(tc);
      const waiting: number[] = [];
      for (let o = 0; o < m.contexts.length; o++) if (o !== c && m.runsAfter(s, o, c)) waiting.push(o);
      claims += waiting.length;
      const before = m.contexts.map((_, o) => {
        const f = m.footprintBefore(s, o, c);
        return { r: new Set(Array.from(f.reads)), w: new Set(Array.from(f.writes)) };
      });
      const ft = m.footprint(s, tc);
      // Every run on which only steps independent of t are taken, c standing still.
      const local = new Set<string>([s.join(",")]);
      const stack: Int32Array[] = [s];
      while (stack.length > 0 && local.size < 400) {
        const x = stack.pop()!;
        const k2 = m.enabled(x, en2);
        for (let i = 0; i < k2; i++) {
          const e = en2[i]!;
          const who = m.contextOf(e);
          if (waiting.includes(who))
            return out(`${name}: ${m.contexts[who]!.name} steps (${m.label(x, e)}) before ${m.contexts[c]!.name}'s ${m.label(s, tc)}, which runsAfter said it must wait for`);
          if (who === c) continue;
          const fe = m.footprint(x, e);
          const B = before[who]!;
          const outside = [...Array.from(fe.reads).filter((r) => !B.r.has(r)), ...Array.from(fe.writes).filter((w) => !B.w.has(w))];
          if (outside.length > 0)
            return out(`${name}: ${m.contexts[who]!.name}'s ${m.label(x, e)} touches ${m.slotNames()[outside[0]!]} before ${m.contexts[c]!.name}'s ${m.label(s, tc)}, outside footprintBefore`);
          checked++;
          if (!disjoint(ft, fe)) continue;
          const y = Int32Array.from(x);
          try {
            m.step(y, e);
          } catch {
            continue;
          }
          explored++;
          const ky = y.join(",");
          if (!local.has(ky)) {
            local.add(ky);
            stack.push(y);
          }
        }
      }
    }
  }
  return out(null);
}

let explored = 0;
let checked = 0;
let pending = kernel.length;

for (const sc of kernel)
  test(`footprintBefore and runsAfter hold on ${sc.name}`, (t) => {
    const r = oracle(sc.name, sc.build() as KernelModel);
    t.is(r.failure, null);
    // Where nothing else can run while a thread holds the CPU (Kyu without a peer) a claim has no
    // run to test; the last test checks that some claims were tested on real runs.
    t.true(r.sampled > 10 && r.claims > 0, `${r.sampled} states sampled, ${r.claims} claims`);
    explored += r.explored;
    checked += r.checked;
    if (--pending === 0) t.true(explored > 1000 && checked > 1000, `${explored} independent steps explored, ${checked} steps checked against footprintBefore, in all`);
  });

/** A mutant of scenario `name` whose runsAfter or footprintBefore claims too much. */
function mutant(name: string, patch: (m: KernelModel, base: KernelModel) => void): KernelModel {
  const base = scenarios.find((s) => s.name === name)!.build() as KernelModel;
  const m = Object.create(base) as KernelModel;
  patch(m, base);
  return m;
}

const idle = (m: KernelModel, o: number) => o < m.ctxs.length && m.ctxs[o]!.kind !== "thread";
const mutants: [string, string, (m: KernelModel, base: KernelModel) => void][] = [
  ["every idle interrupt source waits, whatever the spl", "bsd44-spl", (m, b) => (m.runsAfter = (s, o, c) => b.runsAfter(s, o, c) || (idle(m, o) && s[m.ctxs[o]!.active] === 0))],
  ["every other thread waits, preempters too", "kyu-netlock-timers", (m, b) => (m.runsAfter = (s, o, c) => b.runsAfter(s, o, c) || (o < m.ctxs.length && c < m.ctxs.length && m.ctxs[o]!.kind === "thread" && m.ctxs[c]!.kind === "thread"))],
  ["a context blocked on any held lock waits, whoever holds it", "dragonfly-so_state", (m, b) => (m.runsAfter = (s, o, c) => b.runsAfter(s, o, c) || (o < m.ctxs.length && (m.instrs[s[m.ctxs[o]!.pc]!]?.wait?.holder?.(s) ?? 0) > 0))],
  ["no one gets past any acquire", "kyu-netlock", (m) => (m.footprintBefore = (s, o, c) => (m.runsAfter(s, o, c) ? { reads: [], writes: [] } : (m as unknown as { remainingOf(s: Int32Array, o: number, held: number): Footprint }).remainingOf(s, o, -1)))],
];
for (const [what, name, patch] of mutants)
  test(`mutation: the oracle notices a claim that ${what} (${name})`, (t) => {
    t.not(oracle(name, mutant(name, patch)).failure, null);
  });
