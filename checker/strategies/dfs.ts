import { Chains } from "../reductions/chain.js";
import { FingerprintIds } from "../stores/fingerprint-ids.js";
import { SUCC_ASSERTION, SUCC_OK } from "../expander.js";
import { FP, fingerprint } from "../stores/fingerprint.js";
import type { Model } from "../model.js";
import type { SearchOptions } from "../options.js";
import { AmpleSets } from "../reductions/por.js";
import type { VisitedStore } from "../stores/visited-store.js";
import type { DepthFirstObserver } from "./depth-first-observer.js";
import { Search } from "./search.js";

/**
 * Depth-first search with an explicit stack: one frame per state on the current path,
 * holding the state, its slot, its enabled choices and a cursor. Uses memory proportional
 * to the depth rather than the frontier; counterexamples are not shortest.
 *
 * With `por` (strategy "dfs-por", SPIN's default search) a frame takes an ample set first
 * (por.ts) and the cycle proviso is the stack's [Holzmann and Peled, FORTE 1994; reduction.md
 * §2]: when a step of a reduced frame leads to a state on the stack (`onStack`), the frame takes the rest of
 * its enabled choices too. Every ample successor is checked as it is generated, with the same
 * stack below it, so that is the proviso on all of them. So does a frame whose ample steps all
 * raised assertions (as BFS's proviso does when no successor is new). A state whose ample set is
 * one invisible step is passed through, not stored (chain.ts); the proviso looks at where the chain
 * lands, which every cycle passes through.
 *
 * The loop runs over any visited set (visited-store.ts): the exact table, or bitstate's bit
 * array (bitstate.ts). The path to a state is the stack's choices, so a counterexample needs
 * no parent links. An optional observer (depth-first-observer.ts) follows the stack and the
 * states taken for seen: bitstate's omission count.
 */
export class DfsSearch extends Search {
  private states: Int32Array;
  private slots: Int32Array;
  /** The choice that pushed each frame (the bottom frame's is -1). */
  private chosen: Int32Array;
  private cursor: Int32Array;
  private count: Int32Array;
  private lastEn: Uint8Array;
  private enabled: Int32Array;
  private top = -1;
  private readonly next: Int32Array;
  private readonly cur: Int32Array;
  private readonly en: Int32Array;
  private readonly mc: number;
  /** POR: per frame, how many enabled choices there are in all (count holds the ample set's while reduced). */
  private total: Int32Array;
  /** POR: whether a frame's steps have reached any state yet. */
  private went: Uint8Array;
  private fps: Int32Array;
  private readonly ample: AmpleSets | null;
  private readonly ampleBuf: Int32Array;
  /** POR: the stack's states, fingerprint → depth. */
  private readonly onStack: FingerprintIds | null;
  private readonly chains: Chains | null;
  private reducedFrames = 0;
  private provisoFrames = 0;
  private readonly observer: DepthFirstObserver | null;

  /**
   * `features.por`: partial-order reduction; `features.visited`: the visited set (default the
   * exact table) and `features.name` the strategy it makes; `features.observer` is told of pushes,
   * pops, states taken for seen and the end; `mutation.proviso: false` drops the stack proviso
   * (mutation tests only).
   */
  constructor(
    model: Model,
    opts: SearchOptions,
    features: { por?: boolean; visited?: VisitedStore; name?: string; observer?: DepthFirstObserver | null } = {},
    private readonly mutation: { proviso?: boolean } = {},
  ) {
    super(model, opts, features.name ?? (features.por ? "dfs-por" : "dfs"), features.visited ?? Search.exactTable(model, opts));
    const w = this.exp.width;
    this.observer = features.observer ?? null;
    this.mc = Math.max(1, model.maxChoices);
    const cap = 64;
    this.states = new Int32Array(cap * w);
    this.slots = new Int32Array(cap);
    this.chosen = new Int32Array(cap);
    this.cursor = new Int32Array(cap);
    this.count = new Int32Array(cap);
    this.lastEn = new Uint8Array(cap);
    this.enabled = new Int32Array(cap * this.mc);
    this.next = new Int32Array(w);
    this.cur = new Int32Array(w);
    this.en = new Int32Array(this.mc);
    this.total = new Int32Array(cap);
    this.went = new Uint8Array(cap);
    this.fps = new Int32Array(cap * 2);
    this.ampleBuf = new Int32Array(this.mc);
    const ample = features.por ? new AmpleSets(model) : null;
    this.ample = ample && ample.available && !this.exp.bounded ? ample : null;
    this.onStack = this.ample ? new FingerprintIds(1 << 8) : null;
    // A depth bound counts frames, and a chain is many steps in one frame.
    this.chains =
      this.ample && opts.maxDepth === undefined
        ? new Chains(this.exp, this.ample, null, (s) => {
            fingerprint(s, w, this.hashSeed);
            return this.table.has(FP[0]!, FP[1]!);
          })
        : null;
    if (!ample) {
      /* plain DFS */
    } else if (!ample.available) this.notes.push(`partial-order reduction off: ${ample.reason}; every state expanded in full`);
    else if (this.exp.bounded) this.notes.push("partial-order reduction off: it is unsound combined with a preemption bound");
    else this.notes.push("partial-order reduction: ample sets with the stack proviso; depth-first, so counterexamples are not shortest");
    this.seedInitial();
  }

  /** The initial state the current stack starts from, and the next one to start from (several: TLA+'s Init); the search moves to the next when the stack empties. */
  private root = 0;
  private nextInitial = 0;

  /** Pushes the next initial state not seen yet; returns false when there is none left. */
  private seedInitial(): boolean {
    const w = this.exp.width;
    while (this.nextInitial < this.exp.initialCount && !this.done) {
      const i = (this.root = this.nextInitial++);
      this.exp.initial(this.cur, i);
      fingerprint(this.cur, w, this.hashSeed);
      const slot = this.storeInitial(i);
      if (slot < 0) {
        this.observer?.onSeen(this.cur, FP[0]!, FP[1]!, 0, this.transitions);
        continue;
      }
      const bad = this.exp.brokenInvariant(this.cur);
      // A state that breaks an invariant is never expanded, the initial one included (as for every other state).
      if (bad >= 0) {
        this.record("invariant", this.model.invariants[bad]!.name, this.exp.invariantMessage, -1);
        continue;
      }
      this.push(this.cur, slot, -1);
      return true;
    }
    return false;
  }

  frontier(): number {
    return this.top + 1;
  }

  currentDepth(): number {
    return Math.max(0, this.top);
  }

  /** Pushes `state`, whose fingerprint is in FP, reached by `choice`. */
  private push(state: Int32Array, slot: number, choice: number): void {
    const w = this.exp.width;
    const d = ++this.top;
    if (d >= this.slots.length) this.growStack();
    // Every state pushed is a `w`-word buffer of this search's, so no view (one per push) is needed.
    this.states.set(state, d * w);
    this.slots[d] = slot;
    this.chosen[d] = choice;
    this.cursor[d] = -1;
    this.went[d] = 0;
    if (d > this.maxDepth) this.maxDepth = d;
    if (this.onStack) {
      this.fps[2 * d] = FP[0]!;
      this.fps[2 * d + 1] = FP[1]!;
      this.onStack.set(FP[0]!, FP[1]!, d);
    }
    this.observer?.enter(d, FP[0]!, FP[1]!);
  }

  private pop(): void {
    const d = this.top--;
    this.onStack?.delete(this.fps[2 * d]!, this.fps[2 * d + 1]!);
    this.observer?.leave(d);
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
    this.chosen = grow(this.chosen, cap);
    this.cursor = grow(this.cursor, cap);
    this.count = grow(this.count, cap);
    this.lastEn = grow(this.lastEn, cap);
    this.enabled = grow(this.enabled, cap * this.mc);
    this.total = grow(this.total, cap);
    this.went = grow(this.went, cap);
    this.fps = grow(this.fps, cap * 2);
  }

  run(budget: number): boolean {
    const exp = this.exp;
    const w = exp.width;
    const mc = this.mc;
    const next = this.next;
    const maxDepth = this.opts.maxDepth ?? Infinity;
    const seed = this.hashSeed;
    while (!this.done && budget-- > 0) {
      if (this.top < 0 && !this.seedInitial()) {
        this.observer?.end(!this.done);
        this.done = true;
        break;
      }
      const d = this.top;
      if (this.tick()) break;
      // Copies rather than subarray views: views would allocate on every step.
      const cur = this.cur;
      const en = this.en;
      const states = this.states;
      for (let j = 0, o = d * w; j < w; j++) cur[j] = states[o + j]!;
      if (this.cursor[d] === -1) {
        const n = exp.enabled(cur, en);
        this.cursor[d] = 0;
        if (n === 0) {
          const dead = exp.dead(cur);
          this.pop();
          if (dead && this.record(dead.kind, dead.finding.name, dead.finding.message, d)) break;
          continue;
        }
        if (d >= maxDepth) {
          this.bounds.add("max-depth");
          this.pop();
          continue;
        }
        this.total[d] = n;
        this.count[d] = n;
        const ample = this.ample;
        const m = ample ? ample.choose(cur, en, n, this.ampleBuf) : n;
        if (ample && m < n) {
          // The ample set first; the rest follows it in the frame, taken only if the proviso asks.
          this.count[d] = m;
          this.reducedFrames++;
          const o = d * mc;
          for (let j = 0; j < m; j++) this.enabled[o + j] = this.ampleBuf[j]!;
          ample.rest(en, n, this.ampleBuf, m, this.enabled, o + m);
        } else for (let j = 0, o = d * mc; j < n; j++) this.enabled[o + j] = en[j]!;
        this.lastEn[d] = exp.lastStillEnabled(cur, en, n) ? 1 : 0;
      }
      const k = this.cursor[d]!;
      if (k >= this.count[d]!) {
        // An ample set whose every step raised an assertion went nowhere: what the other contexts
        // do from here was left to states that do not exist, so the frame takes them itself.
        if (this.count[d]! < this.total[d]! && this.went[d] === 0) {
          this.count[d] = this.total[d]!;
          this.provisoFrames++;
          continue;
        }
        this.pop();
        continue;
      }
      this.cursor[d] = k + 1;
      const c = this.enabled[d * mc + k]!;
      const r = exp.successor(cur, c, next, this.lastEn[d] === 1);
      if (r !== SUCC_OK) {
        if (r === SUCC_ASSERTION) {
          const a = exp.assertion!;
          if (this.record("assertion", a.property, a.message, d, c)) break;
        } else this.bounds.add("preemptions");
        continue;
      }
      this.transitions++;
      this.went[d] = 1;
      // A state that breaks an invariant is reported as it is and never left (as without chaining).
      let bad = -1;
      if (this.chains && (bad = exp.brokenInvariant(next)) < 0) this.transitions += this.chains.follow(next, null);
      fingerprint(next, w, seed);
      const ns = this.table.insert(FP[0]!, FP[1]!, this.slots[d]!, c);
      if (ns < 0) {
        // C3: a reduced frame whose step closes a cycle through the stack takes every choice.
        if (this.onStack && this.count[d]! < this.total[d]! && this.mutation.proviso !== false && this.onStack.get(FP[0]!, FP[1]!) >= 0) {
          this.count[d] = this.total[d]!;
          this.provisoFrames++;
        }
        // After the proviso: the observer may hash states of its own, and so overwrite FP.
        this.observer?.onSeen(next, FP[0]!, FP[1]!, d + 1, this.transitions);
        continue;
      }
      // Chained: the invariants were checked before the chain, whose invisible steps keep them.
      if (!this.chains) bad = exp.brokenInvariant(next);
      if (bad >= 0) {
        if (this.record("invariant", this.model.invariants[bad]!.name, exp.invariantMessage, d, c)) break;
        continue;
      }
      this.push(next, ns, c);
    }
    return this.done;
  }

  /** The choices that pushed frames 1..d; a frame keeps its chain's first choice, and the rest is replayed by the rule that made it. */
  protected pathTo(d: number): number[] {
    const first = Array.from(this.chosen.subarray(1, d + 1));
    return this.chains ? this.chains.replay(first, this.root) : first;
  }

  protected initialOf(): number {
    return this.root;
  }

  private counted = false;

  override result() {
    if (this.ample && !this.counted) {
      this.counted = true;
      this.notes.push(`${this.reducedFrames} states expanded by a proper ample set, ${this.provisoFrames} of them completed by the stack proviso`);
      if (this.chains) this.notes.push(this.chains.note());
    }
    return super.result();
  }
}
