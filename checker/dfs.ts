import { SUCC_ASSERTION, SUCC_OK } from "./expander.js";
import { FP, fingerprint } from "./fingerprint.js";
import type { Model } from "./model.js";
import type { SearchOptions } from "./options.js";
import { Search } from "./search.js";
import { NO_PARENT } from "./visited.js";

/**
 * Depth-first search with an explicit stack: one frame per state on the current path,
 * holding the state, its slot, its enabled choices and a cursor. Uses memory proportional
 * to the depth rather than the frontier; counterexamples are not shortest.
 */
export class DfsSearch extends Search {
  private states: Int32Array;
  private slots: Int32Array;
  private cursor: Int32Array;
  private count: Int32Array;
  private lastEn: Uint8Array;
  private enabled: Int32Array;
  private top = -1;
  private readonly next: Int32Array;
  private readonly cur: Int32Array;
  private readonly en: Int32Array;
  private readonly mc: number;

  constructor(model: Model, opts: SearchOptions) {
    super(model, opts, "dfs");
    const w = this.exp.width;
    this.mc = Math.max(1, model.maxChoices);
    const cap = 64;
    this.states = new Int32Array(cap * w);
    this.slots = new Int32Array(cap);
    this.cursor = new Int32Array(cap);
    this.count = new Int32Array(cap);
    this.lastEn = new Uint8Array(cap);
    this.enabled = new Int32Array(cap * this.mc);
    this.next = new Int32Array(w);
    this.cur = new Int32Array(w);
    this.en = new Int32Array(this.mc);
    const init = new Int32Array(w);
    this.exp.initial(init);
    fingerprint(init, w, this.hashSeed);
    const slot = this.table.insert(FP[0]!, FP[1]!, NO_PARENT);
    const bad = this.exp.brokenInvariant(init);
    // A state that breaks an invariant is never expanded, the initial one included (as for every other state).
    if (bad >= 0) {
      this.record("invariant", model.invariants[bad]!.name, this.exp.invariantMessage, slot);
      return;
    }
    this.push(init, slot);
  }

  frontier(): number {
    return this.top + 1;
  }

  /** True when the stack is on the current path of `slot` (used by reductions' cycle provisos). */
  onStack(slot: number): boolean {
    for (let i = 0; i <= this.top; i++) if (this.slots[i] === slot) return true;
    return false;
  }

  private push(state: Int32Array, slot: number): void {
    const w = this.exp.width;
    const d = ++this.top;
    if (d >= this.slots.length) this.growStack();
    // Every state pushed is a `w`-word buffer of this search's, so no view (one per push) is needed.
    this.states.set(state, d * w);
    this.slots[d] = slot;
    this.cursor[d] = -1;
    if (d > this.maxDepth) this.maxDepth = d;
  }

  private growStack(): void {
    const cap = this.slots.length * 2;
    const grow = <T extends Int32Array | Uint8Array>(a: T, n: number): T => {
      const b = new (a.constructor as new (n: number) => T)(n);
      b.set(a);
      return b;
    };
    this.states = grow(this.states, cap * this.exp.width);
    this.slots = grow(this.slots, cap);
    this.cursor = grow(this.cursor, cap);
    this.count = grow(this.count, cap);
    this.lastEn = grow(this.lastEn, cap);
    this.enabled = grow(this.enabled, cap * this.mc);
  }

  run(budget: number): boolean {
    const exp = this.exp;
    const w = exp.width;
    const mc = this.mc;
    const next = this.next;
    const maxDepth = this.opts.maxDepth ?? Infinity;
    const seed = this.hashSeed;
    while (!this.done && budget-- > 0) {
      const d = this.top;
      if (d < 0) {
        this.done = true;
        break;
      }
      if (this.tick()) break;
      // Copies rather than subarray views: views would allocate on every step.
      const cur = this.cur;
      const en = this.en;
      const states = this.states;
      for (let j = 0, o = d * w; j < w; j++) cur[j] = states[o + j]!;
      if (this.cursor[d] === -1) {
        const n = exp.enabled(cur, en);
        for (let j = 0, o = d * mc; j < n; j++) this.enabled[o + j] = en[j]!;
        this.count[d] = n;
        this.cursor[d] = 0;
        if (n === 0) {
          const dead = exp.dead(cur);
          this.top--;
          if (dead && this.record(dead.kind, dead.finding.name, dead.finding.message, this.slots[d]!)) break;
          continue;
        }
        if (d >= maxDepth) {
          this.bounds.add("max-depth");
          this.top--;
          continue;
        }
        this.lastEn[d] = exp.lastStillEnabled(cur, en, n) ? 1 : 0;
      }
      const k = this.cursor[d]!;
      if (k >= this.count[d]!) {
        this.top--;
        continue;
      }
      this.cursor[d] = k + 1;
      const c = this.enabled[d * mc + k]!;
      const r = exp.successor(cur, c, next, this.lastEn[d] === 1);
      if (r !== SUCC_OK) {
        if (r === SUCC_ASSERTION) {
          const a = exp.assertion!;
          if (this.record("assertion", a.property, a.message, this.slots[d]!, c)) break;
        } else this.bounds.add("preemptions");
        continue;
      }
      this.transitions++;
      fingerprint(next, w, seed);
      const ns = this.table.insert(FP[0]!, FP[1]!, this.slots[d]!, c);
      if (ns < 0) continue;
      const bad = exp.brokenInvariant(next);
      if (bad >= 0) {
        if (this.record("invariant", this.model.invariants[bad]!.name, exp.invariantMessage, ns)) break;
        continue;
      }
      this.push(next, ns);
    }
    return this.done;
  }
}
