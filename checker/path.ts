import { Expander, SUCC_OK } from "./expander.js";
import { FP, fingerprint } from "./fingerprint.js";
import { NO_PARENT, type VisitedTable } from "./visited.js";

/**
 * Rebuilds the choices leading from the initial state to `slot`: walk parent links to the root,
 * then replay forward, at each step picking the successor whose fingerprint is the next slot's.
 * Used only when a counterexample is reported, so it may allocate.
 */
export function rebuildChoices(exp: Expander, table: VisitedTable, slot: number, hashSeed: number): number[] {
  const chain: number[] = [];
  for (let s = slot; s !== NO_PARENT; s = table.parentOf(s)) chain.push(s);
  chain.reverse();
  const w = exp.width;
  let cur = new Int32Array(w);
  let next = new Int32Array(w);
  exp.initial(cur);
  const enabled = new Int32Array(Math.max(1, exp.model.maxChoices));
  const choices: number[] = [];
  for (let k = 1; k < chain.length; k++) {
    const target = chain[k]!;
    const hi = table.hiOf(target);
    const lo = table.loOf(target);
    const n = exp.enabled(cur, enabled);
    const lastEnabled = exp.lastStillEnabled(cur, enabled, n);
    let found = -1;
    for (let i = 0; i < n && found < 0; i++) {
      const c = enabled[i]!;
      if (exp.successor(cur, c, next, lastEnabled) !== SUCC_OK) continue;
      fingerprint(next, w, hashSeed);
      if (FP[0] === hi && FP[1] === lo) found = c;
    }
    if (found < 0) throw new Error(`path rebuild failed at depth ${k}: the model is not deterministic`);
    choices.push(found);
    exp.successor(cur, found, next, lastEnabled);
    const t = cur;
    cur = next;
    next = t;
  }
  return choices;
}
