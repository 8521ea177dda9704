import { Chains } from "../reductions/chain.js";
import { ClassFingerprint } from "../reductions/class-fingerprint.js";
import { SUCC_ASSERTION, SUCC_OK, type Expander } from "../expander.js";
import { FP, fingerprint } from "../stores/fingerprint.js";
import { InvariantReaders } from "../invariant-readers.js";
import { ModelError } from "../model-error.js";
import type { SearchOptions } from "../options.js";
import { AmpleSets } from "../reductions/por.js";
import { LevelSet } from "../reductions/por-frontier.js";
import type { ViolationKind } from "../result.js";
import { addChoice, hasChoice, SleepSets } from "../reductions/sleep-sets.js";
import { TABLE_FULL } from "../stores/shared-table.js";
import { NO_PARENT } from "../stores/visited.js";
import { undeclaredWrites, WriteSetHash } from "../stores/write-set-hash.js";

/** Parts of the reduction the tests switch off (por-bfs.ts). */
export interface PorMutation {
  readonly proviso?: boolean;
  readonly visibility?: boolean;
  readonly queued?: boolean;
  readonly chain?: boolean;
  readonly ample?: boolean;
  readonly sleep?: boolean;
  readonly wake?: boolean;
  readonly sleepVisibility?: boolean;
  /** false: C1 ignores what the candidate's disabled choices read. */
  readonly disabledReads?: boolean;
  /** false: sleep sets take two choices of one context as independent when their footprints allow. */
  readonly sameContext?: boolean;
}

/** The visited set a level is expanded into: the search's own table, or the table parallel workers share (TABLE_FULL when it has no room). */
export interface LevelStore {
  insert(hi: number, lo: number, parent: number, choice: number): number;
}

/** Where a level's successors go: the BFS queue, or a parallel worker's next-level buffer. `x0`, `x1`: a carried fingerprint. */
export interface Frontier {
  push(state: Int32Array, id: number, x0: number, x1: number): void;
}

/** What the owner of a level does with what an expansion finds. */
export interface LevelOwner {
  /** A violation at stored state `id` (plus the step `choice` for an assertion, else -1); returns true to stop the search. */
  found(kind: ViolationKind, property: string, message: string, id: number, choice: number): boolean;
  /** A bound kept part of the graph out of the search. */
  cut(bound: "preemptions" | "max-depth"): void;
}

/** Reductions and fingerprinting, each off unless asked for. */
export interface LevelConfig {
  readonly por?: boolean;
  readonly symmetry?: boolean;
  /** Parts of the reduction switched off (tests only). */
  readonly mutation?: PorMutation;
  readonly maxDepth?: number;
  readonly fingerprints?: SearchOptions["fingerprints"];
  readonly hashSeed: number;
  /** Whether a fingerprint is stored (the table's `has`), for chaining; without it there is none. */
  readonly stored?: (hi: number, lo: number) => boolean;
  /** Where the reductions say what they do or why they are off. */
  readonly notes: string[];
  /**
   * The owner ignores a violation of a property it has already recorded (serial BFS collecting
   * all), so a repeated broken invariant needs no message.
   */
  readonly repeatsIgnored?: boolean;
}

/**
 * Expands the states of a breadth-first level, one at a time: the one loop that serial BFS
 * (bfs.ts), each parallel worker (parallel-level.ts) and the reductions run. Its owner puts a
 * state in `cur` and calls `expandState`; successors new to the store go to the frontier,
 * violations and bounds to the owner. Invariants are checked when a state is first stored;
 * stuck and terminal checks and assertions raised by steps are found when a state is expanded.
 *
 * The reductions, each off by default (serial BFS only). Symmetry stores a state under its
 * representative's fingerprint (symmetry.ts). Partial-order reduction expands each state by an
 * ample set (por.ts) instead of every enabled choice. The cycle proviso C3 is the BFS form for safety
 * (reference/reduction.md §2, Bošnački and Holzmann, SPIN 2005; LTSmin's reach.c): a reduced
 * expansion stands only if one of its successors is new or still queued in the next level,
 * otherwise the state is expanded in full. Either way that successor is expanded after this state,
 * so following such successors from any reduced state climbs strictly in expansion order and ends
 * at a full expansion: every cycle of reduced states is broken and no step is ignored for good. Preserved: deadlocks and end-of-run findings (C0, C1), invariants (C2, C3), assertions
 * raised by steps. A counterexample is shortest in the reduced graph only.
 * With a preemption bound the reduction is off: the two combined are unsound (reduction.md §6).
 * Sleep sets (sleep-sets.ts) then skip the choices an earlier sibling's branch covers; a state
 * that woke up choices after its expansion is queued once more for them (`reexpand`).
 *
 * With POR a state whose ample set is one invisible step is not stored (chain.ts): the search
 * follows such steps and stores where the graph branches or a visible step lands.
 *
 * Buffers are allocated once; nothing here allocates per state.
 */
export class LevelExpansion {
  /** The state being expanded, written by the owner. */
  readonly cur: Int32Array;
  private readonly next: Int32Array;
  private readonly enabledBuf: Int32Array;
  private readonly ampleBuf: Int32Array;
  private readonly restBuf: Int32Array;
  private readonly ample: AmpleSets;
  /** Whether partial-order reduction is on. */
  readonly reduce: boolean;
  /** Fingerprints queued for the next level, for the proviso's "still queued". */
  private readonly nextLevelSet: LevelSet | null;
  private readonly maxDepth: number;
  private readonly mutation: PorMutation;
  private reducedExpansions = 0;
  private provisoExpansions = 0;
  /** Successors computed, and states stored, since the owner last cleared them. */
  transitions = 0;
  stored = 0;
  /** Set when the store had no room: the expansion stopped. */
  full = false;
  private curId = -1;
  /** Chaining (POR only, chain.ts). */
  readonly chains: Chains | null;
  /** Sleep sets (POR only, sleep-sets.ts): the current state's, the choices taken from it so far, a successor's, and those woken since a first expansion. */
  readonly sleep: SleepSets | null;
  private readonly zCur: Uint32Array;
  private readonly tookHere: Uint32Array;
  private readonly zNext: Uint32Array;
  private readonly woke: Uint32Array;
  private readonly awakeBuf: Int32Array;
  private asleep = 0;
  private readonly useAmple: boolean;

  /** Symmetry: states are told apart by their representative's fingerprint (symmetry.ts). */
  private readonly canon: Int32Array | null;
  /** Symmetry from the model's class codes, worked out from `cur` and the steps since (class-fingerprint.ts), or null: canonicalize. */
  private readonly classes: ClassFingerprint | null;
  /** Incremental fingerprints from the model's write sets (write-set-hash.ts), or null: every successor hashed whole. */
  private readonly inc: WriteSetHash | null;
  /** Test mode: every incremental fingerprint checked against the full sum. */
  private readonly verifyInc: boolean;
  private readonly hashSeed: number;
  /** Raw fingerprint sums of the state being expanded (carried in the queue). */
  private curHi = 0;
  private curLo = 0;
  /**
   * With write sets and no chains, sleep sets or bound: successors are stepped in place in `cur`
   * and undone (Expander.stepInPlace), and only the invariants reading a changed word are
   * evaluated (InvariantReaders). Null on every other path, which copies each successor.
   */
  private readonly inPlace: InvariantReaders | null;
  /** The words of `cur` a step in place overwrote, to undo it. */
  private saved: Int32Array;
  /** Set when the chain rule's table lookup hashed a successor (into FP) before any step of a chain. */
  private chainStartHashed = false;
  /** Invariants already reported (by index), when the owner ignores repeats. */
  private readonly reported: Uint8Array;
  private readonly repeatsIgnored: boolean;

  constructor(
    private readonly exp: Expander,
    private store: LevelStore,
    private readonly out: Frontier,
    private readonly owner: LevelOwner,
    config: LevelConfig,
  ) {
    const model = exp.model;
    const w = exp.width;
    const mc = Math.max(1, model.maxChoices);
    const mutation = (this.mutation = config.mutation ?? {});
    const notes = config.notes;
    const por = config.por ?? false;
    this.hashSeed = config.hashSeed;
    this.maxDepth = config.maxDepth ?? Infinity;
    this.cur = new Int32Array(w);
    this.next = new Int32Array(w);
    this.enabledBuf = new Int32Array(mc);
    this.ampleBuf = new Int32Array(mc);
    this.restBuf = new Int32Array(mc);
    this.ample = new AmpleSets(model, mutation.visibility ?? true, mutation.disabledReads ?? true);
    this.reduce = por && this.ample.available && !exp.bounded;
    this.nextLevelSet = this.reduce && mutation.queued !== false ? new LevelSet() : null;
    if (!por) {
      /* symmetry alone */
    } else if (!this.ample.available) notes.push(`partial-order reduction off: ${this.ample.reason}; every state expanded in full`);
    else if (exp.bounded) notes.push("partial-order reduction off: it is unsound combined with a preemption bound");
    else notes.push("partial-order reduction: a counterexample is shortest in the reduced graph, not necessarily in the full one");
    const symmetric = LevelExpansion.symmetric(exp, config);
    this.canon = symmetric ? new Int32Array(w) : null;
    this.classes = symmetric ? ClassFingerprint.of(model, config.fingerprints, this.hashSeed) : null;
    this.inc = LevelExpansion.incremental(exp, config) ? new WriteSetHash(w, exp.modelWidth, this.hashSeed) : null;
    this.verifyInc = this.inc !== null && config.fingerprints === "verify";
    this.useAmple = mutation.ample !== false;
    // Re-expansions are queued a level late, which a depth bound would count against them. A sleep
    // set names concrete choices, which mean other contexts in another member of a symmetry class.
    this.sleep = this.reduce && !symmetric && mutation.sleep !== false && config.maxDepth === undefined ? new SleepSets(model, mutation) : null;
    const sw = this.sleep ? this.sleep.words : 0;
    this.zCur = new Uint32Array(sw);
    this.tookHere = new Uint32Array(sw);
    this.zNext = new Uint32Array(sw);
    this.woke = new Uint32Array(sw);
    this.awakeBuf = new Int32Array(this.sleep ? mc : 0);
    if (this.sleep) notes.push("sleep sets: a step whose branch an earlier sibling covers is not taken");
    // A depth bound counts steps: with chaining a level could hold a thousand of them.
    const stored = config.stored;
    this.chains =
      this.reduce && stored && mutation.chain !== false && config.maxDepth === undefined
        ? new Chains(exp, this.ample, this.sleep, (s) => {
            this.hash(s);
            this.chainStartHashed = true;
            return stored(FP[0]!, FP[1]!);
          }, this.classes && ((s, c) => s === this.next && this.classes!.step(s, c)))
        : null;
    this.inPlace = this.inc !== null && this.chains === null && this.sleep === null && !exp.bounded ? new InvariantReaders(model) : null;
    this.saved = new Int32Array(this.inPlace ? exp.modelWidth : 0);
    this.reported = new Uint8Array(model.invariants.length);
    this.repeatsIgnored = config.repeatsIgnored ?? false;
    if (config.symmetry && !model.canonicalize) notes.push("symmetry reduction off: the model declares no canonicalize()");
    else if (config.symmetry && exp.bounded) notes.push("symmetry reduction off: a preemption bound tells symmetric states apart by their last context");
    else if (symmetric) notes.push("symmetry reduction: one state stored per symmetry class; traces are concrete runs");
  }

  /** Whether states are told apart by their symmetry representative: asked for, declared by the model, and no preemption bound. */
  static symmetric(exp: Expander, config: LevelConfig): boolean {
    return (config.symmetry ?? false) && !!exp.model.canonicalize && !exp.bounded;
  }

  /**
   * Whether fingerprints are updated from each step's write set, so the frontier carries two
   * words a state (the raw fingerprint sums); symmetry hashes the representative whole.
   */
  static incremental(exp: Expander, config: LevelConfig): boolean {
    return !LevelExpansion.symmetric(exp, config) && exp.model.writeSet !== undefined && config.fingerprints !== "full";
  }

  /**
   * Stores initial state `which` as a root and sends it to the frontier, unless an earlier one
   * was the same state. One that breaks an invariant is reported and never expanded (as every
   * other state). Returns true to stop the search.
   */
  seed(which: number): boolean {
    const exp = this.exp;
    const cur = this.cur;
    exp.initial(cur, which);
    this.classes?.base(cur);
    this.hash(cur);
    const id = this.store.insert(FP[0]!, FP[1]!, NO_PARENT, which);
    if (id < 0) {
      if (id === TABLE_FULL) this.full = true;
      return this.full;
    }
    this.stored++;
    this.sleep?.store(id, FP[0]!, FP[1]!, this.zNext);
    const bad = exp.brokenInvariant(cur);
    if (bad >= 0) return this.owner.found("invariant", exp.model.invariants[bad]!.name, exp.invariantMessage, id, -1);
    this.out.push(cur, id, this.inc?.hi ?? 0, this.inc?.lo ?? 0);
    return false;
  }

  /** Expands into `store` from now on (a parallel search grows its table between levels). */
  useStore(store: LevelStore): void {
    this.store = store;
  }

  /** A new level starts: nothing is queued in the next one yet. */
  nextLevel(): void {
    this.nextLevelSet?.clear();
  }

  /**
   * Expands the state in `cur`, stored as `id` (with raw fingerprint sums `hi`, `lo` when the
   * frontier carries them) at `depth` steps from its root. Returns true to stop the search.
   */
  expandState(id: number, hi: number, lo: number, depth: number): boolean {
    const exp = this.exp;
    const cur = this.cur;
    const enabled = this.enabledBuf;
    const ampleBuf = this.ampleBuf;
    this.curId = id;
    this.curHi = hi;
    this.curLo = lo;
    if (this.sleep) {
      this.sleep.moved();
      this.tookHere.fill(0);
      const again = this.sleep.begin(id, this.zCur, this.woke);
      if (again > 0) return this.reexpand(again === 2) < 0;
    }
    const n = exp.enabled(cur, enabled);
    if (n === 0) {
      const d = exp.dead(cur);
      return d !== null && this.owner.found(d.kind, d.finding.name, d.finding.message, id, -1);
    }
    if (depth >= this.maxDepth) {
      this.owner.cut("max-depth");
      return false;
    }
    this.classes?.base(cur);
    const lastEnabled = exp.lastStillEnabled(cur, enabled, n);
    const m = this.reduce && this.useAmple ? this.ample.choose(cur, enabled, n, ampleBuf) : n;
    if (m === n) {
      this.sleep?.markFull(id);
      return this.expandAwake(enabled, n, lastEnabled) < 0;
    }
    this.reducedExpansions++;
    const fresh = this.expandAwake(ampleBuf, m, lastEnabled);
    if (fresh < 0) return true;
    if (fresh > 0 || this.mutation.proviso === false) return false;
    // C3: nothing new behind the ample set, so a cycle may close here; expand the rest too.
    this.provisoExpansions++;
    this.sleep?.markFull(id);
    const k = this.ample.rest(enabled, n, ampleBuf, m, this.restBuf);
    return this.expandAwake(this.restBuf, k, lastEnabled) < 0;
  }

  /** Fingerprint of `s` into FP, or of its symmetry representative; the frontier keeps the concrete state, so traces replay as they are. */
  private hash(s: Int32Array): void {
    const w = this.exp.width;
    if (this.inc) this.inc.full(s);
    // A chain replayed to rebuild a trace (Chains.replay) runs in buffers of its own, from no base.
    else if (this.classes) this.classes.hash(s, s === this.next || s === this.cur);
    else if (this.canon) {
      this.exp.model.canonicalize!(s, this.canon);
      fingerprint(this.canon, w, this.hashSeed);
    } else fingerprint(s, w, this.hashSeed);
  }

  /** Expands `choices[0..m)` from cur; returns -1 to stop the search, else how many successors are new or queued for the next level. */
  private expand(choices: Int32Array, m: number, lastEnabled: boolean): number {
    const exp = this.exp;
    const sleep = this.sleep;
    let fresh = 0;
    for (let i = 0; i < m; i++) {
      const c = choices[i]!;
      if (sleep) {
        // Asleep after c: what was asleep here or taken before c, and commutes with c.
        for (let j = 0; j < sleep.words; j++) this.zNext[j] = this.zCur[j]! | this.tookHere[j]!;
        sleep.keepIndependent(this.cur, this.zNext, c, true);
        // Even if c raises an assertion: it raises it again wherever it commutes to, and goes nowhere.
        addChoice(this.tookHere, c);
      }
      if (this.classes) {
        this.classes.restart();
        this.classes.step(this.cur, c);
      }
      const r = exp.successor(this.cur, c, this.next, lastEnabled);
      if (r !== SUCC_OK) {
        if (r === SUCC_ASSERTION) {
          const a = exp.assertion!;
          if (this.owner.found("assertion", a.property, a.message, this.curId, c)) return -1;
        } else this.owner.cut("preemptions");
        continue;
      }
      this.transitions++;
      // A state that breaks an invariant is reported as it is and never left (as without chaining).
      let bad = -1;
      let chained = 0;
      this.chainStartHashed = false;
      if (this.chains && (bad = exp.brokenInvariant(this.next)) < 0) this.transitions += chained = this.chains.follow(this.next, null, sleep ? this.zNext : null);
      if (this.inc !== null && chained === 0) this.incremental(c);
      // A chain that stopped where it started, after asking the table, left that state's fingerprint in FP.
      else if (chained !== 0 || !this.chainStartHashed) this.hash(this.next);
      const hi = this.inc?.hi ?? 0;
      const lo = this.inc?.lo ?? 0;
      const ns = this.store.insert(FP[0]!, FP[1]!, this.curId, c);
      if (ns < 0) {
        if (ns === TABLE_FULL) {
          this.full = true;
          return -1;
        }
        fresh += this.stillQueued();
        const again = sleep?.arrive(FP[0]!, FP[1]!, this.zNext) ?? -1;
        if (again >= 0) this.out.push(this.next, again, hi, lo);
        continue;
      }
      fresh++;
      this.stored++;
      sleep?.store(ns, FP[0]!, FP[1]!, this.zNext);
      // Chained: the invariants were checked before the chain, whose invisible steps keep them.
      if (!this.chains) bad = exp.brokenInvariant(this.next);
      if (bad >= 0) {
        if (this.owner.found("invariant", exp.model.invariants[bad]!.name, exp.invariantMessage, ns, -1)) return -1;
        continue;
      }
      this.out.push(this.next, ns, hi, lo);
      this.nextLevelSet?.add(FP[0]!, FP[1]!);
    }
    return fresh;
  }

  /** The successor's fingerprint from its parent's and the words step `c` declares it wrote. */
  private incremental(c: number): void {
    const inc = this.inc!;
    const model = this.exp.model;
    const ws = model.writeSet!(this.exp.view(this.cur), c);
    inc.update(this.cur, this.next, ws, this.curHi, this.curLo);
    if (!this.verifyInc) return;
    const hi = inc.hi;
    const lo = inc.lo;
    inc.full(this.next);
    if (inc.hi !== hi || inc.lo !== lo) this.writeSetBroken(c, undeclaredWrites(this.cur, this.next, ws, this.exp.modelWidth));
  }

  /** The model broke its contract (writeSet declares too little), from parent `cur`: a model error, not socheck's. */
  private writeSetBroken(c: number, missed: readonly number[]): never {
    const model = this.exp.model;
    const names = model.slotNames?.();
    const label = model.label(this.exp.view(this.cur), c);
    const words = missed.map((i) => names?.[i] ?? `slot ${i}`);
    throw new ModelError("writeSet", `left out a written word: the incremental fingerprint differs from the full one after ${label}: written but not declared: ${words.join(", ") || "(none)"}`, false, c, label);
  }

  /**
   * `expand` stepping in place (inPlace): each successor is `cur` with the words of its write set
   * changed, hashed and checked from those words, sent on if new, then undone.
   */
  private expandInPlace(choices: Int32Array, m: number): number {
    const exp = this.exp;
    const cur = this.cur;
    const inc = this.inc!;
    const readers = this.inPlace!;
    const model = exp.model;
    let fresh = 0;
    for (let i = 0; i < m; i++) {
      const c = choices[i]!;
      const ws = model.writeSet!(cur, c);
      if (ws.length > this.saved.length) this.saved = new Int32Array(ws.length);
      const saved = this.saved;
      if (this.verifyInc) this.next.set(cur);
      if (exp.stepInPlace(cur, c, ws, saved) !== SUCC_OK) {
        exp.undo(cur, ws, saved);
        const a = exp.assertion!;
        if (this.owner.found("assertion", a.property, a.message, this.curId, c)) return -1;
        continue;
      }
      this.transitions++;
      inc.updateSaved(saved, cur, ws, this.curHi, this.curLo);
      if (this.verifyInc) this.verifyInPlace(c, ws);
      const ns = this.store.insert(FP[0]!, FP[1]!, this.curId, c);
      if (ns < 0) {
        exp.undo(cur, ws, saved);
        if (ns === TABLE_FULL) {
          this.full = true;
          return -1;
        }
        fresh += this.stillQueued();
        continue;
      }
      fresh++;
      this.stored++;
      const mask = readers.changed(cur, ws, saved);
      const bad = exp.brokenInvariantAmong(cur, mask, true);
      if (this.verifyInc) this.verifySkipped(bad, mask);
      if (bad >= 0) {
        const stop = this.recordBroken(bad, ns);
        exp.undo(cur, ws, saved);
        if (stop) return -1;
        continue;
      }
      this.out.push(cur, ns, inc.hi, inc.lo);
      this.nextLevelSet?.add(FP[0]!, FP[1]!);
      exp.undo(cur, ws, saved);
    }
    return fresh;
  }

  /**
   * Test mode, stepped in place: `next` holds the parent. The incremental fingerprint must be the
   * full one, and undoing the step must give the parent back (every written word declared).
   */
  private verifyInPlace(c: number, ws: Int32Array): void {
    const inc = this.inc!;
    const hi = inc.hi;
    const lo = inc.lo;
    inc.full(this.cur);
    const missed = undeclaredWrites(this.next, this.cur, ws, this.exp.modelWidth);
    if (inc.hi !== hi || inc.lo !== lo || missed.length > 0) {
      this.cur.set(this.next);
      this.writeSetBroken(c, missed);
    }
  }

  /**
   * Test mode: an invariant skipped because the step changed none of its reads must hold, and
   * holds() must agree with check().
   */
  private verifySkipped(bad: number, mask: number): void {
    // The first broken invariant is the same unless a skipped one is broken or holds() is wrong.
    const all = this.exp.brokenInvariant(this.cur);
    if (all === bad) return;
    const i = all >= 0 ? all : bad;
    const name = JSON.stringify(this.exp.model.invariants[i]!.name);
    if (i < 31 && ((mask >>> i) & 1) === 0) throw new ModelError(`invariants[${name}].reads`, "left out a word it reads: it is broken after a step that changed none of its reads", false);
    throw new ModelError(`invariants[${name}].holds`, `returned ${all === i ? "true where check() returns a message" : "false where check() returns null"}`, false);
  }

  /** Reports invariant `bad` broken in `cur` (stored as `id`), writing its message only if the owner will keep it. */
  private recordBroken(bad: number, id: number): boolean {
    if (this.repeatsIgnored && this.reported[bad] === 1) return false;
    this.reported[bad] = 1;
    return this.owner.found("invariant", this.exp.model.invariants[bad]!.name, this.exp.messageOf(bad, this.cur), id, -1);
  }

  /** The proviso's "still queued": 1 when the successor in FP, already stored, waits in the next level (it counts as new). */
  private stillQueued(): number {
    return this.nextLevelSet !== null && this.nextLevelSet.has(FP[0]!, FP[1]!) ? 1 : 0;
  }

  /** `expand` on the choices of `list[0..k)` that are not asleep (all of them without sleep sets). */
  private expandAwake(list: Int32Array, k: number, lastEnabled: boolean): number {
    if (this.sleep === null) return this.inPlace ? this.expandInPlace(list, k) : this.expand(list, k, lastEnabled);
    const out = this.awakeBuf;
    let a = 0;
    for (let i = 0; i < k; i++) if (!hasChoice(this.zCur, list[i]!)) out[a++] = list[i]!;
    this.asleep += k - a;
    return this.expand(out, a, lastEnabled);
  }

  /**
   * A state queued again by `SleepSets.arrive`: takes the choices that woke up since its first
   * expansion, among those that expansion would take (its ample set, which the same state gives
   * again, or every enabled choice when it was `full`). Its dead-state checks were made then.
   */
  private reexpand(full: boolean): number {
    const cur = this.cur;
    const enabled = this.enabledBuf;
    const n = this.exp.enabled(cur, enabled);
    const list = full || !this.useAmple ? enabled : this.ampleBuf;
    const m = list === enabled ? n : this.ample.choose(cur, enabled, n, list);
    const woke = this.restBuf;
    let k = 0;
    for (let i = 0; i < m; i++) if (hasChoice(this.woke, list[i]!)) woke[k++] = list[i]!;
    return this.expand(woke, k, false);
  }

  /** What the reductions did, for the search's notes. */
  summary(): string[] {
    if (!this.reduce) return [];
    const notes = [`${this.reducedExpansions} stored states expanded by a proper ample set, ${this.provisoExpansions} of them completed by the cycle proviso`];
    if (this.chains) notes.push(this.chains.note());
    if (this.sleep) notes.push(`sleep sets: ${this.asleep} steps not taken (asleep), ${this.sleep.requeued} stored states expanded again for steps that woke up`);
    return notes;
  }
}
