import fc from "fast-check";

/**
 * A schedule: a list of picks. At step i the runner takes enabled[pick_i mod n], n the number of
 * choices enabled there, so every list of naturals is a valid schedule for every model, and
 * fast-check's shrinking (drop picks, move picks towards 0) always yields another valid schedule,
 * towards "the lowest-numbered enabled choice, as few deviations as possible".
 */
export type Schedule = readonly number[];

export interface ScheduleArbOptions {
  /** Most picks in a generated schedule (default 200). Past its end the runner picks 0. */
  readonly maxLength?: number;
  readonly minLength?: number;
}

/** Picks are drawn below this: enough to reach any of a model's choices without favouring one. */
export const MAX_PICK = 1 << 10;

export function scheduleArb(opts: ScheduleArbOptions = {}): fc.Arbitrary<number[]> {
  // size "max": fast-check's default size keeps arrays to about ten picks, after which the runner
  // only takes the first choice, so a race deep in a kernel routine would never be scheduled.
  return fc.array(fc.nat({ max: MAX_PICK - 1 }), { minLength: opts.minLength ?? 0, maxLength: opts.maxLength ?? 200, size: "max" });
}
