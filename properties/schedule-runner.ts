import { Expander, SUCC_ASSERTION, SUCC_OK } from "../checker/expander.js";
import type { Model, ViolationKind } from "../checker/index.js";
import type { Schedule } from "./schedule.js";

/** What one run along a schedule found. */
export interface ScheduleOutcome {
  /** The choices actually taken, from the initial state; replaying them reaches `violation`. */
  readonly choices: readonly number[];
  readonly violation: { readonly kind: ViolationKind; readonly property: string; readonly message: string } | null;
  /** "ended": nothing left to run; "cut": stopped at maxSteps (a looping model) or at the schedule's end without `extend`. */
  readonly end: "violation" | "ended" | "cut";
  /** Which initial state the run started from (Model.initialStates > 1: the schedule's first pick chose it). */
  readonly initial: number;
}

export interface RunOptions {
  /** After the schedule's picks run out, keep going with pick 0 until the run ends (default true), so end-of-run checks are reached. */
  readonly extend?: boolean;
  /** Longest run, picks and extension together (default 1000). */
  readonly maxSteps?: number;
}

/**
 * Drives a model along schedules with the engine's own semantics (the Expander every search
 * uses): every invariant is checked on the initial state and after every step, an assertion raised
 * by a step ends the run, and a state where nothing is enabled gets the stuck or end-of-run check.
 * Buffers are allocated once per runner, so the step loop allocates only the recorded choices.
 */
export class ScheduleRunner {
  private readonly exp: Expander;
  private readonly cur: Int32Array;
  private readonly next: Int32Array;
  private readonly enabled: Int32Array;

  constructor(readonly model: Model) {
    this.exp = new Expander(model);
    this.cur = new Int32Array(model.stateSize);
    this.next = new Int32Array(model.stateSize);
    this.enabled = new Int32Array(Math.max(1, model.maxChoices));
  }

  run(schedule: Schedule, opts: RunOptions = {}): ScheduleOutcome {
    const exp = this.exp;
    const extend = opts.extend ?? true;
    const maxSteps = opts.maxSteps ?? 1000;
    const choices: number[] = [];
    // Several initial states: the first pick chooses one, so every list of naturals stays a schedule.
    const several = exp.initialCount > 1;
    const initial = several ? (schedule[0] ?? 0) % exp.initialCount : 0;
    const picks = several ? schedule.slice(1) : schedule;
    const found = (kind: ViolationKind, property: string, message: string): ScheduleOutcome => ({
      choices,
      violation: { kind, property, message },
      end: "violation",
      initial,
    });
    exp.initial(this.cur, initial);
    let bad = exp.brokenInvariant(this.cur);
    if (bad >= 0) return found("invariant", this.model.invariants[bad]!.name, exp.invariantMessage);
    for (let i = 0; ; i++) {
      const n = exp.enabled(this.cur, this.enabled);
      if (n === 0) {
        const d = exp.dead(this.cur);
        return d ? found(d.kind, d.finding.name, d.finding.message) : { choices, violation: null, end: "ended", initial };
      }
      if (i >= maxSteps || (!extend && i >= picks.length)) return { choices, violation: null, end: "cut", initial };
      const pick = i < picks.length ? picks[i]! : 0;
      const c = this.enabled[pick % n]!;
      choices.push(c);
      if (exp.successor(this.cur, c, this.next, false) === SUCC_ASSERTION) {
        const a = exp.assertion!;
        return found("assertion", a.property, a.message);
      }
      this.cur.set(this.next);
      bad = exp.brokenInvariant(this.cur);
      if (bad >= 0) return found("invariant", this.model.invariants[bad]!.name, exp.invariantMessage);
    }
  }
}

/** One run of `model` along `schedule` (allocates a runner; keep a ScheduleRunner for many runs). */
export function runSchedule(model: Model, schedule: Schedule, opts: RunOptions = {}): ScheduleOutcome {
  return new ScheduleRunner(model).run(schedule, opts);
}

/**
 * The schedule that makes exactly `choices` from initial state `initial` (each pick is the choice's
 * index among those enabled, after a first pick naming the initial state when the model has
 * several), so a counterexample from any search can be re-run through the runner. Null if some
 * choice is not enabled where it is taken.
 */
export function scheduleOf(model: Model, choices: readonly number[], initial = 0): number[] | null {
  const exp = new Expander(model);
  let cur = new Int32Array(model.stateSize);
  let next = new Int32Array(model.stateSize);
  const enabled = new Int32Array(Math.max(1, model.maxChoices));
  exp.initial(cur, initial);
  const picks: number[] = exp.initialCount > 1 ? [initial] : [];
  for (const c of choices) {
    const n = exp.enabled(cur, enabled);
    const k = enabled.subarray(0, n).indexOf(c);
    if (k < 0) return null;
    picks.push(k);
    if (exp.successor(cur, c, next, false) !== SUCC_OK) break;
    [cur, next] = [next, cur];
  }
  return picks;
}
