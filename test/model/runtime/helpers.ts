import type { Model } from "../../../checker/index.js";
import { KernelBuilder, type Policy } from "../../../model/runtime/kernel.js";
import type { KernelModel } from "../../../model/runtime/kernel-model.js";
import type { Placement } from "../../../model/runtime/placement.js";

/** A bare kernel for runtime tests: sites "a", "b", "entry" and wait site "w". */
export function bare(policy: Policy, placement: Placement = { name: "real", default: "spl" }): KernelBuilder {
  return new KernelBuilder("test", policy, placement, { sites: new Set(["a", "b", "entry"]), waits: new Set(["w"]) });
}

/** Labels of the enabled choices, as "ctx:routine:label". */
export function enabledLabels(m: KernelModel, s: Int32Array): string[] {
  const out = new Int32Array(m.maxChoices);
  const n = m.enabled(s, out);
  return Array.from(out.subarray(0, n)).map((c) => `${m.contexts[m.contextOf(c)]!.name}:${m.label(s, c)}`);
}

export function init(m: KernelModel): Int32Array {
  const s = new Int32Array(m.stateSize);
  m.initial(s);
  return s;
}

/** Steps the context named `ctx` (or the event named `peer:x`) once. */
export function stepNamed(m: KernelModel, s: Int32Array, name: string): void {
  const out = new Int32Array(m.maxChoices);
  const n = m.enabled(s, out);
  for (let i = 0; i < n; i++) {
    const c = out[i]!;
    const who = m.contexts[m.contextOf(c)]!.name;
    if (who === name || m.label(s, c) === name) {
      m.step(s, c);
      return;
    }
  }
  throw new Error(`${name} is not enabled; enabled: ${enabledLabels(m, s).join(", ")}`);
}

/** Every reachable state of a small model, by full BFS (keys are the states themselves). */
export function reachable(model: Model): Map<string, Int32Array> {
  const seen = new Map<string, Int32Array>();
  const s0 = new Int32Array(model.stateSize);
  model.initial(s0);
  const todo = [s0];
  seen.set(s0.join(), s0);
  const buf = new Int32Array(model.maxChoices);
  while (todo.length) {
    const s = todo.pop()!;
    const k = model.enabled(s, buf);
    for (let i = 0; i < k; i++) {
      const t = s.slice();
      try {
        model.step(t, buf[i]!);
      } catch {
        continue;
      }
      const key = t.join();
      if (!seen.has(key)) {
        seen.set(key, t);
        todo.push(t);
      }
    }
  }
  return seen;
}
