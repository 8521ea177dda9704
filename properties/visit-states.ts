import { Expander, fingerprint, FP, VisitedTable, type Finding, type Model } from "../checker/index.js";

/** What a visit found in one state: nothing (expand it), or a finding that ends that branch. */
export type VisitFinding = string | null;

/**
 * A plain breadth-first walk of a model's reachable states for analyses that need every state
 * (the race table's witness searches, synthesis's serialisation share), not the engine's
 * counterexample machinery. `onState` sees each state once; states that break an invariant, have
 * nothing enabled (deadlock or end) or whose step throws an assertion are reported to `onFinding`
 * and not expanded. Returns how many states were seen and whether the walk saw them all.
 */
export function visitStates(m: Model, onState: (s: Int32Array) => void, onFinding: (name: string) => void = () => {}, maxStates = Infinity): { states: number; exhaustive: boolean } {
  const exp = new Expander(m);
  const w = m.stateSize;
  const table = new VisitedTable(1 << 12, undefined, m.maxChoices);
  const s0 = new Int32Array(w);
  exp.initial(s0);
  fingerprint(s0, w);
  table.insert(FP[0]!, FP[1]!, -1);
  const queue = [s0];
  const enabled = new Int32Array(Math.max(1, m.maxChoices));
  const next = new Int32Array(w);
  for (let h = 0; h < queue.length; h++) {
    const s = queue[h]!;
    queue[h] = s0; // release it once seen
    onState(s);
    const bad = exp.brokenInvariant(s);
    if (bad >= 0) {
      onFinding(m.invariants[bad]!.name);
      continue;
    }
    const n = m.enabled(s, enabled);
    if (n === 0) {
      const d: { finding: Finding } | null = exp.dead(s);
      if (d) onFinding(d.finding.name);
      continue;
    }
    for (let q = 0; q < n; q++) {
      next.set(s);
      try {
        m.step(next, enabled[q]!);
      } catch (e) {
        onFinding((e as { property?: string }).property ?? "assertion");
        continue;
      }
      fingerprint(next, w);
      if (table.insert(FP[0]!, FP[1]!, h) < 0) continue;
      if (table.size > maxStates) return { states: table.size, exhaustive: false };
      queue.push(Int32Array.from(next));
    }
  }
  return { states: table.size, exhaustive: true };
}
