/**
 * A model that broke its contract: it threw from one of its methods (other than the
 * ModelAssertion a step raises on purpose), or returned a value the checker cannot trust (a
 * count out of range, a choice id past maxChoices, a context id past its contexts). Either way
 * no verdict can be given, so the search stops with this error instead of a "safe" or a
 * deadlock that the broken value made up.
 */
export class ModelError extends Error {
  override name = "ModelError";
  /**
   * Steps from the initial state to where it happened: the step being taken for `step`, or the
   * state being looked at for the other methods; -1 while the search has not said yet (check.ts
   * fills it in from the explorer's current depth).
   */
  step = -1;

  constructor(
    /** The model method, as the model spells it: "enabled", "step", "invariant no-double-free", "build"... */
    readonly method: string,
    /** What it did: "threw: <message>" or "returned <value> (<what was expected>)". */
    readonly detail: string,
    /** True when the method threw; false when it returned a bad value. */
    readonly threw: boolean,
    /** The choice being taken (-1: none) and its label ("" when none or when label() failed too). */
    readonly choice = -1,
    readonly label = "",
    /** False for a property of the model as a whole (stateSize, contexts): no step to name. */
    readonly located = true,
  ) {
    // Fields (stateSize, contexts[2]) are named as they are, methods with their parentheses.
    super(`${method}${/^(stateSize|contexts|maxChoices|initialStates|invariants)(\[\d+\])?$/.test(method) ? "" : "()"} ${detail}`);
  }

  /** One line: what, and where (step, choice). */
  describe(): string {
    const where = this.located && this.step >= 0 ? ` at step ${this.step}` : "";
    const choice = this.choice >= 0 ? ` (choice ${this.choice}${this.label ? ` "${this.label}"` : ""})` : "";
    return `${this.message}${where}${choice}`;
  }

  /** Plain data, for a worker thread to post (an Error loses its class on the way). */
  toJSON(): ModelErrorData {
    return { method: this.method, detail: this.detail, threw: this.threw, choice: this.choice, label: this.label, step: this.step, located: this.located };
  }

  static fromJSON(d: ModelErrorData): ModelError {
    const e = new ModelError(d.method, d.detail, d.threw, d.choice, d.label, d.located);
    e.step = d.step;
    return e;
  }

  /** A ModelError for `method` having thrown `cause`. */
  static threw(method: string, cause: unknown, choice = -1, label = ""): ModelError {
    if (cause instanceof ModelError) return cause;
    const text = cause instanceof Error ? cause.message : String(cause);
    return new ModelError(method, `threw: ${text.split("\n")[0]}`, true, choice, label);
  }
}

export interface ModelErrorData {
  readonly method: string;
  readonly detail: string;
  readonly threw: boolean;
  readonly choice: number;
  readonly label: string;
  readonly step: number;
  readonly located: boolean;
}
