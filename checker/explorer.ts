import type { Bound, CheckResult } from "./result.js";

/** The surface every strategy offers, so callers can run it in slices and stop it cleanly. */
export interface Explorer {
  /** Explores for up to `budget` expansions; returns true when finished. */
  run(budget: number): boolean;
  result(): CheckResult;
  /** Ends the search early with `bound`, keeping what was found. */
  stop(bound: Bound): void;
  frontier(): number;
  /** Steps from the initial state to the state being expanded, for a ModelError's step number. */
  currentDepth?(): number;
}
