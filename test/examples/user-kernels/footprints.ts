import type { Model } from "../../../index.js";

/**
 * The footprint check of test/model/runtime/footprint.test.ts, small: on up to `limit` reachable
 * states (depth first), every slot a step changes is in that step's declared writes. Returns the
 * offending steps, empty when the footprints hold.
 */
export function footprintsHold(m: Model, limit: number): string[] {
  const out = new Int32Array(m.maxChoices);
  const seen = new Set<string>();
  const bad = new Set<string>();
  const init = new Int32Array(m.stateSize);
  m.initial(init);
  const stack = [init];
  let checked = 0;
  while (stack.length > 0 && checked < limit) {
    const s = stack.pop()!;
    const key = s.join(",");
    if (seen.has(key)) continue;
    seen.add(key);
    const n = m.enabled(s, out);
    for (let i = 0; i < n; i++) {
      const c = out[i]!;
      const writes = new Set(Array.from(m.footprint!(s, c).writes));
      const next = Int32Array.from(s);
      try {
        m.step(next, c);
      } catch {
        continue;
      }
      for (let x = 0; x < s.length; x++) if (next[x] !== s[x] && !writes.has(x)) bad.add(`${m.label(s, c)} writes ${m.slotNames!()[x]}`);
      checked++;
      stack.push(next);
    }
  }
  return [...bad];
}
