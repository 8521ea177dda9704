/**
 * The data a random small model is built from. Plain JSON, so fast-check can print and shrink it
 * and a failing case can be pasted into a regression test as a literal.
 */

/** One instruction of a context's program. `to` targets are absolute pcs in 0..program.length. */
export type Instr =
  /** tmp = var[v] */
  | { readonly op: "load"; readonly v: number }
  /** var[v] = tmp */
  | { readonly op: "store"; readonly v: number }
  /** tmp = (tmp + 1) mod domain; touches only the context's own slots */
  | { readonly op: "inc" }
  /** var[v] = (var[v] + 1) mod domain, in one step */
  | { readonly op: "add"; readonly v: number }
  /** var[v] = k */
  | { readonly op: "set"; readonly v: number; readonly k: number }
  /** blocks while lock l is held; then takes it */
  | { readonly op: "acquire"; readonly l: number }
  /** releases lock l; a release by anyone but the owner raises unlock-not-owner */
  | { readonly op: "release"; readonly l: number }
  /** semaphore P: blocks while the count is 0 */
  | { readonly op: "P" }
  /** semaphore V: count + 1, saturating at SEM_MAX */
  | { readonly op: "V" }
  /** frees object o; freeing it again raises double-free */
  | { readonly op: "free"; readonly o: number }
  /** uses object o; after its free this raises use-after-free */
  | { readonly op: "use"; readonly o: number }
  /** sets the interrupt priority level (threads only; a no-op in a handler) */
  | { readonly op: "spl"; readonly k: number }
  /** if var[v] == k go to `to`, else fall through (a spin when `to` is the instruction itself) */
  | { readonly op: "jmpif"; readonly v: number; readonly k: number; readonly to: number }
  /** a nondeterministic branch inside one context: two choices, fall through or go to `to` */
  | { readonly op: "choose"; readonly to: number }
  /**
   * a guarded alternative (an environment's "this may arrive now"): two choices, fall through
   * (always enabled) or go to `to`, enabled only while var[v] == k. Taking either one moves the pc,
   * so it disables the other: the disabled choice's guard reads what other contexts write (C1).
   */
  | { readonly op: "guarded"; readonly v: number; readonly k: number; readonly to: number }
  | { readonly op: "goto"; readonly to: number };

export type Op = Instr["op"];

/**
 * A context. Threads and environment contexts run whenever no handler is active. An interrupt
 * handler fires at most once, only while the spl is below its level and no other handler is
 * active, and then runs until it finishes (no nesting). A handler that never fired counts as
 * finished: an interrupt that never arrives is not a deadlock.
 */
export interface ContextSpec {
  readonly kind: "thread" | "interrupt" | "environment";
  /** Interrupt level, 1..3 (ignored for threads). */
  readonly level: number;
  readonly program: readonly Instr[];
}

/** A named predicate over shared slots. Names are made unique by the builder. */
export type InvariantSpec =
  /** var[v] <= k */
  | { readonly kind: "le"; readonly v: number; readonly k: number }
  /** var[v] + var[w] <= k */
  | { readonly kind: "sum-le"; readonly v: number; readonly w: number; readonly k: number }
  /** var[v] != k */
  | { readonly kind: "ne"; readonly v: number; readonly k: number }
  /** at most one context is inside its region [from, to) of pcs at a time (property mutual-exclusion) */
  | { readonly kind: "mutex"; readonly regions: readonly { readonly ctx: number; readonly from: number; readonly to: number }[] };

export interface RandomModelSpec {
  /** Shared variables take values 0..domain-1. */
  readonly domain: number;
  /** Initial value of each shared variable. */
  readonly vars: readonly number[];
  readonly locks: number;
  /** Initial semaphore count, or null for no semaphore. */
  readonly semaphore: number | null;
  /** Objects that start allocated and may be freed once. */
  readonly objects: number;
  readonly contexts: readonly ContextSpec[];
  readonly invariants: readonly InvariantSpec[];
  /**
   * End-of-run check when every context finished: var[v] must equal k (else lost-update).
   * Every complete run also checks that no lock is still held (else leak).
   */
  readonly terminal: { readonly v: number; readonly k: number } | null;
}

export const SEM_MAX = 2;
export const MAX_LEVEL = 3;

/** Why `spec` cannot be built, or null. Indices out of range are the usual mistake in a hand-written spec. */
export function specError(spec: RandomModelSpec): string | null {
  const { domain, vars, locks, objects, semaphore } = spec;
  if (!Number.isInteger(domain) || domain < 2) return `domain must be an integer >= 2, got ${domain}`;
  if (vars.length === 0) return "at least one shared variable is needed";
  if (vars.some((x) => !inRange(x, domain))) return `initial values must be in 0..${domain - 1}`;
  if (semaphore !== null && !inRange(semaphore, SEM_MAX + 1)) return `semaphore count must be in 0..${SEM_MAX}`;
  if (spec.contexts.length === 0) return "at least one context is needed";
  const v = (x: number) => inRange(x, vars.length);
  for (const [i, c] of spec.contexts.entries()) {
    if (c.kind === "interrupt" && (!Number.isInteger(c.level) || c.level < 1 || c.level > MAX_LEVEL))
      return `context ${i}: interrupt level must be in 1..${MAX_LEVEL}`;
    const len = c.program.length;
    for (const [pc, ins] of c.program.entries()) {
      const where = `context ${i} pc ${pc} (${ins.op})`;
      const ok = (() => {
        switch (ins.op) {
          case "load":
          case "store":
          case "add":
            return v(ins.v);
          case "set":
            return v(ins.v) && inRange(ins.k, domain);
          case "acquire":
          case "release":
            return inRange(ins.l, locks);
          case "P":
          case "V":
            return semaphore !== null;
          case "free":
          case "use":
            return inRange(ins.o, objects);
          case "spl":
            return inRange(ins.k, MAX_LEVEL + 1);
          case "jmpif":
          case "guarded":
            return v(ins.v) && inRange(ins.k, domain) && inRange(ins.to, len + 1);
          case "choose":
          case "goto":
            return inRange(ins.to, len + 1);
          case "inc":
            return true;
        }
      })();
      if (!ok) return `${where}: operand out of range`;
    }
  }
  for (const inv of spec.invariants) {
    if (inv.kind === "mutex") {
      if (inv.regions.some((r) => !inRange(r.ctx, spec.contexts.length) || r.from < 0 || r.to < r.from))
        return "mutex invariant: bad region";
    } else if (!v(inv.v) || (inv.kind === "sum-le" && !v(inv.w))) return `invariant ${inv.kind}: variable out of range`;
  }
  if (spec.terminal && (!v(spec.terminal.v) || !inRange(spec.terminal.k, domain))) return "terminal check out of range";
  return null;
}

function inRange(x: number, n: number): boolean {
  return Number.isInteger(x) && x >= 0 && x < n;
}
