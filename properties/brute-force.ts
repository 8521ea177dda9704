import { ModelAssertion, type Model } from "../checker/index.js";
import type { ViolationKind } from "../checker/index.js";

/** The shortest path to one property found by the reference enumeration. */
export interface BruteFinding {
  readonly kind: ViolationKind;
  readonly property: string;
  readonly choices: readonly number[];
}

export interface BruteResult {
  /** Distinct states stored (a state breaking an invariant is stored but not expanded, as the engine does). */
  readonly states: number;
  /** False when maxStates cut the enumeration. */
  readonly complete: boolean;
  /** Keyed `${kind}:${property}`, each with a shortest path. */
  readonly findings: ReadonlyMap<string, BruteFinding>;
  /** Every reachable state as a string key, with one shortest path to it. */
  readonly paths: ReadonlyMap<string, readonly number[]>;
}

/**
 * A deliberately naive reference for the engine's searches: breadth-first enumeration of paths,
 * one level at a time, keyed by the state's full contents as a string (no fingerprints, no parent
 * links, no typed-array tricks). It applies the same semantics as the engine: invariants are
 * checked on each new state (the first broken one counts), a state breaking one is not expanded,
 * an assertion raised by a step ends that path, and a state with nothing enabled is classified as
 * stuck (some context unfinished) or checked as terminal. Slow and allocating on purpose.
 */
export function bruteForce(model: Model, maxStates = 200_000): BruteResult {
  const paths = new Map<string, readonly number[]>();
  const findings = new Map<string, BruteFinding>();
  const note = (kind: ViolationKind, property: string, choices: readonly number[]) => {
    const key = `${kind}:${property}`;
    if (!findings.has(key)) findings.set(key, { kind, property, choices });
  };
  const brokenInvariant = (s: Int32Array): string | null => {
    for (const inv of model.invariants) if (inv.check(s) !== null) return inv.name;
    return null;
  };
  const init = new Int32Array(model.stateSize);
  model.initial(init);
  paths.set(init.join(","), []);
  let level: { state: Int32Array; path: number[] }[] = [];
  const bad0 = brokenInvariant(init);
  if (bad0 !== null) note("invariant", bad0, []);
  else level.push({ state: init, path: [] });
  const enabled = new Int32Array(Math.max(1, model.maxChoices));
  let complete = true;
  while (level.length > 0) {
    const nextLevel: { state: Int32Array; path: number[] }[] = [];
    for (const { state, path } of level) {
      const n = model.enabled(state, enabled);
      if (n === 0) {
        let allDone = true;
        for (let c = 0; c < model.contexts.length; c++) if (!model.isFinished(state, c)) allDone = false;
        if (!allDone) {
          const f = model.stuck ? model.stuck(state) : { name: "deadlock" };
          note("stuck", f.name, path);
        } else {
          const t = model.terminal?.(state) ?? null;
          if (t) note("terminal", t.name, path);
        }
        continue;
      }
      for (const c of Array.from(enabled.subarray(0, n))) {
        const next = Int32Array.from(state);
        const p = [...path, c];
        try {
          model.step(next, c);
        } catch (e) {
          if (!(e instanceof ModelAssertion)) throw e;
          note("assertion", e.property, p);
          continue;
        }
        const key = next.join(",");
        if (paths.has(key)) continue;
        if (paths.size >= maxStates) {
          complete = false;
          continue;
        }
        paths.set(key, p);
        const bad = brokenInvariant(next);
        if (bad !== null) note("invariant", bad, p);
        else nextLevel.push({ state: next, path: p });
      }
    }
    level = nextLevel;
  }
  return { states: paths.size, complete, findings, paths };
}
