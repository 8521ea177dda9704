import { Expander, ModelAssertion, replay, type Model, type Violation } from "../checker/index.js";

/**
 * Counterexample guidance for placement synthesis (issue 16 §2): a counterexample found under one
 * placement, replayed under another, refutes it without a search when it still reaches a
 * violation. Replay is concrete (every step is an enabled step of the new model, the violation is
 * confirmed by the checker's own replay), so a refutation is as sound as a search's; it never
 * makes a placement "safe", so completeness is untouched.
 */

/** A counterexample kept for replay: its choices, their labels, and the sites its racing steps run under. */
export interface KnownCounterexample {
  readonly choices: readonly number[];
  readonly labels: readonly string[];
  readonly initial: number;
  readonly property: string;
  /** Sites whose routines are on the call path of a racing step: protecting one of them may break the race. */
  readonly racingSites: ReadonlySet<string>;
}

/** A concrete violation under a model: the choices reaching it and the property it breaks. */
export interface Refutation {
  readonly choices: readonly number[];
  readonly initial: number;
  readonly property: string;
}

/** How many steps a replay may insert per step of the original trace: the lock and spl steps a placement adds at a site. */
const MAX_INSERTED = 4;

/**
 * Replays `cx` under `m`, step by step by the same contexts: when the context's next step is not
 * the trace's (the placement added a lock or spl step there) it is run too, up to a few per trace
 * step; a choice that is not enabled (a lock now held elsewhere) ends the attempt. Returns the
 * violation reached, confirmed by the checker's replay, or null.
 */
export function replayUnder(m: Model, cx: KnownCounterexample): Refutation | null {
  const exp = new Expander(m);
  if (cx.initial >= exp.initialCount) return null;
  const cur = new Int32Array(m.stateSize);
  exp.initial(cur, cx.initial);
  const enabled = new Int32Array(Math.max(1, m.maxChoices));
  const next = new Int32Array(m.stateSize);
  const path: number[] = [];
  const confirm = (): Refutation | null => {
    const r = replay(m, path, cx.initial);
    return r.violation && !r.error ? { choices: [...path], initial: cx.initial, property: r.violation.name } : null;
  };
  for (let k = 0; k < cx.choices.length; k++) {
    const c = cx.choices[k]!;
    for (let extra = 0; ; extra++) {
      if (extra > MAX_INSERTED) return null;
      const n = exp.enabled(cur, enabled);
      let ok = false;
      for (let i = 0; i < n; i++) if (enabled[i] === c) ok = true;
      if (!ok) return null;
      const label = m.label(cur, c);
      next.set(cur);
      path.push(c);
      try {
        m.step(next, c);
      } catch (e) {
        if (e instanceof ModelAssertion) return confirm();
        return null;
      }
      cur.set(next);
      if (exp.brokenInvariant(cur) >= 0) return confirm();
      if (label === cx.labels[k]) break;
    }
  }
  return exp.enabled(cur, enabled) === 0 && exp.dead(cur) ? confirm() : null;
}

/**
 * Keeps a violation the search found for later replays: the labels of its steps and the sites its
 * racing steps (the model's trace view names them) run under, from `siteRoutines` (each site and
 * the routines it appears in, as `describe` lists them).
 */
export function keepCounterexample(m: Model, v: Violation, siteRoutines: readonly { name: string; routines: readonly string[] }[]): KnownCounterexample | null {
  const initial = v.initial ?? 0;
  const r = replay(m, v.choices, initial);
  if (!r.violation) return null;
  const view = m.traceView?.();
  const states = r.steps.map((s) => s.state);
  const run = { initial: r.initial, choices: r.steps.map((s) => s.choice), contexts: r.steps.map((s) => s.context), states };
  let racing: readonly { step: number }[] = [];
  try {
    racing = view?.racingSteps?.(run, r.violation) ?? [];
  } catch {
    racing = [];
  }
  if (racing.length === 0 && r.steps.length > 0) racing = [{ step: r.steps.length }];
  const sites = new Set<string>();
  for (const { step } of racing) {
    const st = r.steps[step - 1];
    if (!st) continue;
    const before = step === 1 ? r.initial : r.steps[step - 2]!.state;
    const path = new Set(view?.callPath?.(before, st.context) ?? []);
    const main = `${m.contexts[st.context]?.name ?? ""}:main`;
    for (const s of siteRoutines) if (path.has(s.name) || s.routines.some((x) => path.has(x) || x === main)) sites.add(s.name);
  }
  return { choices: r.steps.map((s) => s.choice), labels: r.steps.map((s) => s.label), initial, property: r.violation.name, racingSites: sites };
}

/**
 * Tries the known counterexamples on a candidate's model, first those whose racing sites the
 * candidate leaves unprotected (nothing it adds touches their race, so they are likely to replay);
 * one that refutes moves to the front.
 */
export function refuteByReplay(m: Model, pool: KnownCounterexample[], protectedSites: ReadonlySet<string>): Refutation | null {
  const untouched = (cx: KnownCounterexample) => ![...cx.racingSites].some((s) => protectedSites.has(s));
  const order = [...pool.filter(untouched), ...pool.filter((cx) => !untouched(cx))];
  for (const cx of order) {
    const r = replayUnder(m, cx);
    if (r) {
      pool.splice(pool.indexOf(cx), 1);
      pool.unshift(cx);
      return r;
    }
  }
  return null;
}

/** How many known counterexamples race under a site the candidate protects. */
export function coverage(pool: readonly KnownCounterexample[], sites: ReadonlySet<string>): number {
  let n = 0;
  for (const cx of pool) if ([...cx.racingSites].some((s) => sites.has(s))) n++;
  return n;
}
