import { SUCC_ASSERTION, SUCC_OK } from "./expander.js";
import { FP, fingerprint } from "./fingerprint.js";
import type { Model } from "./model.js";
import type { SearchOptions } from "./options.js";
import { Search } from "./search.js";
import { StateQueue } from "./state-queue.js";
import { NO_PARENT } from "./visited.js";

/**
 * Breadth-first search: level by level, so the first violation found has a shortest path.
 * Invariants are checked when a state is first stored; stuck and terminal checks and
 * assertions raised by steps are found when a state is expanded.
 */
export class BfsSearch extends Search {
  private readonly queue: StateQueue;
  private readonly cur: Int32Array;
  private readonly next: Int32Array;
  private readonly enabledBuf: Int32Array;
  private levelLeft = 0;
  private nextLevel = 0;
  private depth = 0;
  /** Id of the state being expanded (ids never move when the table grows). */
  private curSlot = -1;

  constructor(model: Model, opts: SearchOptions) {
    super(model, opts, "bfs");
    const w = this.exp.width;
    this.queue = new StateQueue(w);
    this.cur = new Int32Array(w);
    this.next = new Int32Array(w);
    this.enabledBuf = new Int32Array(Math.max(1, model.maxChoices));
    this.exp.initial(this.cur);
    fingerprint(this.cur, w, this.hashSeed);
    const slot = this.table.insert(FP[0]!, FP[1]!, NO_PARENT);
    const bad = this.exp.brokenInvariant(this.cur);
    // A state that breaks an invariant is never expanded, the initial one included (as for every other state).
    if (bad >= 0) {
      this.record("invariant", this.model.invariants[bad]!.name, this.exp.invariantMessage, slot);
      return;
    }
    this.queue.push(this.cur, slot);
    this.levelLeft = 1;
  }

  frontier(): number {
    return this.queue.length;
  }

  run(budget: number): boolean {
    const exp = this.exp;
    const table = this.table;
    const w = exp.width;
    const cur = this.cur;
    const next = this.next;
    const enabled = this.enabledBuf;
    const maxDepth = this.opts.maxDepth ?? Infinity;
    const seed = this.hashSeed;
    while (!this.done && budget-- > 0) {
      if (this.queue.length === 0) {
        this.done = true;
        break;
      }
      if (this.tick()) break;
      if (this.levelLeft === 0) {
        this.levelLeft = this.nextLevel;
        this.nextLevel = 0;
        this.depth++;
      }
      this.levelLeft--;
      const slot = this.queue.shift(cur);
      this.curSlot = slot;
      if (this.depth > this.maxDepth) this.maxDepth = this.depth;
      const n = exp.enabled(cur, enabled);
      if (n === 0) {
        const d = exp.dead(cur);
        if (d && this.record(d.kind, d.finding.name, d.finding.message, this.curSlot)) break;
        continue;
      }
      if (this.depth >= maxDepth) {
        this.bounds.add("max-depth");
        continue;
      }
      const lastEnabled = exp.lastStillEnabled(cur, enabled, n);
      for (let i = 0; i < n; i++) {
        const c = enabled[i]!;
        const r = exp.successor(cur, c, next, lastEnabled);
        if (r !== SUCC_OK) {
          if (r === SUCC_ASSERTION) {
            const a = exp.assertion!;
            if (this.record("assertion", a.property, a.message, this.curSlot, c)) return true;
          } else this.bounds.add("preemptions");
          continue;
        }
        this.transitions++;
        fingerprint(next, w, seed);
        const ns = table.insert(FP[0]!, FP[1]!, this.curSlot, c);
        if (ns < 0) continue;
        const bad = exp.brokenInvariant(next);
        if (bad >= 0) {
          if (this.record("invariant", this.model.invariants[bad]!.name, exp.invariantMessage, ns)) return true;
          continue;
        }
        this.queue.push(next, ns);
        this.nextLevel++;
      }
    }
    return this.done;
  }

}
