/**
 * The trace file: what socheck writes for a counterexample and reads back to replay it.
 *
 * The choices are the ground truth; labels and context names ride along so a person can read the
 * file and so replay can say where a changed model parts ways with the trace. Everything else
 * (text, Mermaid, HTML, a regression test) is rendered by replaying the choices, never stored.
 */
import type { ContextKind, ViolationKind } from "../checker/index.js";

/** Bumped whenever a reader of the previous version would misread a file of this one. */
export const TRACE_FORMAT_VERSION = 1;

export interface TraceStep {
  readonly choice: number;
  /** The context's name, for humans and drift diagnosis. */
  readonly context: string;
  readonly label: string;
}

export interface TraceViolation {
  readonly kind: ViolationKind;
  readonly property: string;
  readonly message: string;
}

/** Lengths before and after minimisation, so a reader sees both. */
export interface TraceShape {
  readonly steps: number;
  readonly switches: number;
  readonly contexts: number;
}

export interface TraceMinimisation {
  readonly original: TraceShape & { readonly choices: readonly number[] };
  readonly minimised: TraceShape;
  /** True when the minimiser proved no trace with fewer contexts or switches breaks the property. */
  readonly optimal: boolean;
}

export interface TraceFile {
  readonly socheckTrace: number;
  readonly scenario: { readonly name: string; readonly parameters: Readonly<Record<string, unknown>> };
  readonly model: {
    readonly name: string;
    /** sha256 of the model's signature (or of its shape, see `hashOf`), hex. */
    readonly hash: string;
    /** "signature" when the model has one; "shape" (name, stateSize, contexts, slot names) otherwise. */
    readonly hashOf: "signature" | "shape";
    readonly contexts: readonly { readonly name: string; readonly kind: ContextKind }[];
  };
  /** How the counterexample was found (strategy, bounds); informative only. */
  readonly search?: Readonly<Record<string, unknown>>;
  /** Which initial state the steps start from, for a model with several (Model.initialStates); absent means 0. */
  readonly initial?: number;
  readonly steps: readonly TraceStep[];
  readonly violation: TraceViolation;
  readonly minimisation?: TraceMinimisation;
  readonly createdBy?: string;
}
