import type { Model } from "../checker/index.js";

/**
 * A built-in or user scenario: a model plus the verdict its source document says it should get.
 * The expectation is data beside the scenario; the checker never reads it to decide.
 */
export interface Expectation {
  readonly verdict: "safe" | "violation";
  /** For a violation: the properties any of which counts as the expected finding (e.g. "double-free"). */
  readonly properties?: readonly string[];
}

export interface Scenario {
  readonly name: string;
  /** One line for `socheck list`. */
  readonly summary: string;
  /** Where the case comes from: a seed document, a section of the reference. */
  readonly source: string;
  readonly group: "example" | "seed" | "user";
  readonly expected: Expectation;
  build(): Model;
}

/** Whether a check's outcome matches the expectation. */
export function meetsExpectation(
  expected: Expectation,
  got: { verdict: string; violations: readonly { property: string }[] },
): boolean {
  if (expected.verdict !== got.verdict) return false;
  if (expected.verdict === "violation" && expected.properties && expected.properties.length > 0)
    return got.violations.some((v) => expected.properties!.includes(v.property));
  return true;
}
