import type { Model } from "../../checker/index.js";
import { filterLock } from "../../examples/filter-lock.js";

/** The filter lock with a step that fails (not a ModelAssertion) once P0 reaches level 2: a model bug. */
export function brokenStep(): Model {
  const m = filterLock(3);
  return Object.assign(Object.create(m) as Model, {
    step(s: Int32Array, c: number) {
      if (s[0] === 2) throw new TypeError("model bug: level 2 not handled");
      m.step(s, c);
    },
  });
}
