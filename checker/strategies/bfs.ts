import { Chains } from "../reductions/chain.js";
import { SUCC_ASSERTION, SUCC_OK } from "../expander.js";
import { FP, fingerprint } from "../stores/fingerprint.js";
import type { Model } from "../model.js";
import { ModelError } from "../model-error.js";
import { InvariantReaders } from "../invariant-readers.js";
import type { SearchOptions } from "../options.js";
import { AmpleSets } from "../reductions/por.js";
import { LevelSet } from "../reductions/por-frontier.js";
import { addChoice, hasChoice, SleepSets } from "../reductions/sleep-sets.js";
import { Search } from "./search.js";
import { AutoQueue, PackedStateQueue } from "../stores/packed-queue.js";
import { StateQueue } from "../stores/state-queue.js";
import { undeclaredWrites, WriteSetHash } from "../stores/write-set-hash.js";

/**
 * Breadth-first search: level by level, so the first violation found has a shortest path.
 * Invariants are checked when a state is first stored; stuck and terminal checks and
 * assertions raised by steps are found when a state is expanded.
 *
 * The same loop runs the reductions, each off by default. Symmetry stores a state under its
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
 */

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

/** States of at least this many words are queued packed (packed-queue.ts)... */
const PACK_FROM = 32;
/** ...by default once the frontier holds this many bytes whole (AutoQueue). */
const PACK_AFTER = 64 * 1024 * 1024;

export class BfsSearch extends Search {
  private readonly queue: StateQueue | PackedStateQueue | AutoQueue;
  private readonly cur: Int32Array;
  private readonly next: Int32Array;
  private readonly enabledBuf: Int32Array;
  private readonly ampleBuf: Int32Array;
  private readonly restBuf: Int32Array;
  private readonly ample: AmpleSets;
  private readonly reduce: boolean;
  /** Fingerprints queued for the next level, for the proviso's "still queued". */
  private readonly nextLevelSet: LevelSet | null;
  private levelLeft = 0;
  private nextLevel = 0;
  private depth = 0;
  private reducedExpansions = 0;
  private provisoExpansions = 0;
  private curId = -1;
  /** Chaining (POR only, chain.ts). */
  private readonly chains: Chains | null;
  /** Sleep sets (POR only, sleep-sets.ts): the current state's, the choices taken from it so far, a successor's, and those woken since a first expansion. */
  private readonly sleep: SleepSets | null;
  private readonly zCur: Uint32Array;
  private readonly tookHere: Uint32Array;
  private readonly zNext: Uint32Array;
  private readonly woke: Uint32Array;
  private readonly awakeBuf: Int32Array;
  private asleep = 0;
  private readonly useAmple: boolean;

  /** Symmetry: states are told apart by their representative's fingerprint (symmetry.ts). */
  private readonly canon: Int32Array | null;
  /** Incremental fingerprints from the model's write sets (write-set-hash.ts), or null: every successor hashed whole. */
  private readonly inc: WriteSetHash | null;
  /** Test mode: every incremental fingerprint checked against the full sum. */
  private readonly verifyInc: boolean;
  /**
   * Plain BFS with write sets (no chains, sleep sets or bound): successors are stepped in place
   * in `cur` and undone (Expander.stepInPlace), and only the invariants reading a changed word
   * are evaluated (InvariantReaders). Null on every other path, which copies each successor.
   */
  private readonly inPlace: InvariantReaders | null;
  /** The words of `cur` a step in place overwrote, to undo it. */
  private saved: Int32Array;
  /** Set when the chain rule's table lookup hashed a successor (into FP) before any step of a chain. */
  private chainStartHashed = false;
  /** Raw fingerprint sums of the state being expanded (carried in the queue). */
  private curHi = 0;
  private curLo = 0;

  /**
   * `mutation` switches a soundness condition or a part of the reduction off; only tests use it
   * (`ample: false` with POR leaves sleep sets alone, which must store every state full BFS stores
   * when no invariant stops the search).
   * `features` picks the reductions (none: plain BFS).
   */
  constructor(
    model: Model,
    opts: SearchOptions,
    private readonly mutation: PorMutation = {},
    features: { por: boolean; symmetry: boolean } = { por: false, symmetry: false },
  ) {
    super(model, opts, features.por && features.symmetry ? "por-symmetry" : features.por ? "por" : features.symmetry ? "symmetry" : "bfs");
    const w = this.exp.width;
    const mc = Math.max(1, model.maxChoices);
    this.cur = new Int32Array(w);
    this.next = new Int32Array(w);
    this.enabledBuf = new Int32Array(mc);
    this.ampleBuf = new Int32Array(mc);
    this.restBuf = new Int32Array(mc);
    this.ample = new AmpleSets(model, mutation.visibility ?? true, mutation.disabledReads ?? true);
    this.reduce = features.por && this.ample.available && !this.exp.bounded;
    this.nextLevelSet = this.reduce && mutation.queued !== false ? new LevelSet() : null;
    if (!features.por) {
      /* symmetry alone */
    } else if (!this.ample.available) this.notes.push(`partial-order reduction off: ${this.ample.reason}; every state expanded in full`);
    else if (this.exp.bounded) this.notes.push("partial-order reduction off: it is unsound combined with a preemption bound");
    else this.notes.push("partial-order reduction: a counterexample is shortest in the reduced graph, not necessarily in the full one");
    const symmetric = features.symmetry && !!model.canonicalize && !this.exp.bounded;
    this.canon = symmetric ? new Int32Array(w) : null;
    this.inc = !symmetric && model.writeSet !== undefined && opts.fingerprints !== "full" ? new WriteSetHash(w, this.exp.modelWidth, this.hashSeed) : null;
    this.verifyInc = this.inc !== null && opts.fingerprints === "verify";
    // Packing pays on wide states (a kernel's 100-220 words); a few words copy faster whole.
    const pack = opts.packQueue ?? "auto";
    this.queue =
      pack === false || w < PACK_FROM ? new StateQueue(w, this.inc ? 2 : 0) : pack === true ? new PackedStateQueue(w) : new AutoQueue(w, opts.packAfterBytes ?? PACK_AFTER);
    // A depth bound counts steps: with chaining a level could hold a thousand of them.
    this.useAmple = mutation.ample !== false;
    // Re-expansions are queued a level late, which a depth bound would count against them. A sleep
    // set names concrete choices, which mean other contexts in another member of a symmetry class.
    this.sleep = this.reduce && !symmetric && mutation.sleep !== false && opts.maxDepth === undefined ? new SleepSets(model, mutation) : null;
    const sw = this.sleep ? this.sleep.words : 0;
    this.zCur = new Uint32Array(sw);
    this.tookHere = new Uint32Array(sw);
    this.zNext = new Uint32Array(sw);
    this.woke = new Uint32Array(sw);
    this.awakeBuf = new Int32Array(this.sleep ? mc : 0);
    if (this.sleep) this.notes.push("sleep sets: a step whose branch an earlier sibling covers is not taken");
    const chain = this.reduce && mutation.chain !== false && opts.maxDepth === undefined;
    this.chains = chain
      ? new Chains(this.exp, this.ample, this.sleep, (s) => {
          this.hash(s);
          this.chainStartHashed = true;
          return this.table.has(FP[0]!, FP[1]!);
        })
      : null;
    this.inPlace = this.inc !== null && this.chains === null && this.sleep === null && !this.exp.bounded ? new InvariantReaders(model) : null;
    this.saved = new Int32Array(this.inPlace ? this.exp.modelWidth : 0);
    this.reported = new Uint8Array(model.invariants.length);
    if (features.symmetry && !model.canonicalize) this.notes.push("symmetry reduction off: the model declares no canonicalize()");
    else if (features.symmetry && this.exp.bounded) this.notes.push("symmetry reduction off: a preemption bound tells symmetric states apart by their last context");
    else if (symmetric) this.notes.push("symmetry reduction: one state stored per symmetry class; traces are concrete runs");
    // Level 0 holds every initial state (TLA+'s Init with several solutions), each a root.
    for (let i = 0; i < this.exp.initialCount && !this.done; i++) {
      this.exp.initial(this.cur, i);
      this.hash(this.cur);
      const id = this.storeInitial(i);
      if (id < 0) continue;
      this.sleep?.store(id, FP[0]!, FP[1]!, this.zNext);
      const bad = this.exp.brokenInvariant(this.cur);
      // A state that breaks an invariant is never expanded, the initial one included (as for every other state).
      if (bad >= 0) {
        this.record("invariant", this.model.invariants[bad]!.name, this.exp.invariantMessage, id);
        continue;
      }
      this.queue.push(this.cur, id, this.inc?.hi ?? 0, this.inc?.lo ?? 0);
      this.levelLeft++;
    }
  }

  /** Fingerprint of `s`, or of its symmetry representative; the queue keeps the concrete state, so traces replay as they are. */
  private hash(s: Int32Array): void {
    const w = this.exp.width;
    if (this.inc) this.inc.full(s);
    else if (this.canon) {
      this.model.canonicalize!(s, this.canon);
      fingerprint(this.canon, w, this.hashSeed);
    } else fingerprint(s, w, this.hashSeed);
  }

  /** Bytes a queued state takes (packed or whole, with its slot and carried words). */
  get queueEntryBytes(): number {
    return this.queue.entryBytes;
  }

  frontier(): number {
    return this.queue.length;
  }

  currentDepth(): number {
    return this.depth;
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
      const r = exp.successor(this.cur, c, this.next, lastEnabled);
      if (r !== SUCC_OK) {
        if (r === SUCC_ASSERTION) {
          const a = exp.assertion!;
          if (this.record("assertion", a.property, a.message, this.curId, c)) return -1;
        } else this.bounds.add("preemptions");
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
      const ns = this.table.insert(FP[0]!, FP[1]!, this.curId, c);
      if (ns < 0) {
        fresh += this.stillQueued();
        const again = sleep?.arrive(FP[0]!, FP[1]!, this.zNext) ?? -1;
        if (again >= 0) {
          this.queue.push(this.next, again, hi, lo);
          this.nextLevel++;
        }
        continue;
      }
      fresh++;
      sleep?.store(ns, FP[0]!, FP[1]!, this.zNext);
      // Chained: the invariants were checked before the chain, whose invisible steps keep them.
      if (!this.chains) bad = exp.brokenInvariant(this.next);
      if (bad >= 0) {
        if (this.record("invariant", this.model.invariants[bad]!.name, exp.invariantMessage, ns)) return -1;
        continue;
      }
      this.queue.push(this.next, ns, hi, lo);
      this.nextLevelSet?.add(FP[0]!, FP[1]!);
      this.nextLevel++;
    }
    return fresh;
  }

  /**
   * `expand` stepping in place (inPlace): each successor is `cur` with the words of its write set
   * changed, hashed and checked from those words, pushed if new, then undone.
   */
  private expandInPlace(choices: Int32Array, m: number): number {
    const exp = this.exp;
    const cur = this.cur;
    const inc = this.inc!;
    const readers = this.inPlace!;
    let fresh = 0;
    for (let i = 0; i < m; i++) {
      const c = choices[i]!;
      const ws = this.model.writeSet!(cur, c);
      if (ws.length > this.saved.length) this.saved = new Int32Array(ws.length);
      const saved = this.saved;
      if (this.verifyInc) this.next.set(cur);
      if (exp.stepInPlace(cur, c, ws, saved) !== SUCC_OK) {
        exp.undo(cur, ws, saved);
        const a = exp.assertion!;
        if (this.record("assertion", a.property, a.message, this.curId, c)) return -1;
        continue;
      }
      this.transitions++;
      inc.updateSaved(saved, cur, ws, this.curHi, this.curLo);
      if (this.verifyInc) this.verifyInPlace(c, ws);
      const ns = this.table.insert(FP[0]!, FP[1]!, this.curId, c);
      if (ns < 0) {
        fresh += this.stillQueued();
        exp.undo(cur, ws, saved);
        continue;
      }
      fresh++;
      const mask = readers.changed(cur, ws, saved);
      const bad = exp.brokenInvariantAmong(cur, mask, true);
      if (this.verifyInc) this.verifySkipped(bad, mask);
      if (bad >= 0) {
        const stop = this.recordBroken(bad, ns);
        exp.undo(cur, ws, saved);
        if (stop) return -1;
        continue;
      }
      this.queue.push(cur, ns, inc.hi, inc.lo);
      this.nextLevelSet?.add(FP[0]!, FP[1]!);
      this.nextLevel++;
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
    const name = JSON.stringify(this.model.invariants[i]!.name);
    if (i < 31 && ((mask >>> i) & 1) === 0) throw new ModelError(`invariants[${name}].reads`, "left out a word it reads: it is broken after a step that changed none of its reads", false);
    throw new ModelError(`invariants[${name}].holds`, `returned ${all === i ? "true where check() returns a message" : "false where check() returns null"}`, false);
  }

  /** Invariants already reported (by index): under --collect-all a repeat needs no message. */
  private readonly reported: Uint8Array;

  /** record() of invariant `bad` broken in `cur` (stored as `slot`), writing its message only if it will be kept. */
  private recordBroken(bad: number, slot: number): boolean {
    if (!this.stopAtFirst && this.reported[bad] === 1) return false;
    this.reported[bad] = 1;
    return this.record("invariant", this.model.invariants[bad]!.name, this.exp.messageOf(bad, this.cur), slot);
  }

  /** The proviso's "still queued": 1 when the successor in FP, already stored, waits in the next level (it counts as new). */
  private stillQueued(): number {
    return this.nextLevelSet !== null && this.nextLevelSet.has(FP[0]!, FP[1]!) ? 1 : 0;
  }

  /** The successor's fingerprint from its parent's and the words step `c` declares it wrote. */
  private incremental(c: number): void {
    const inc = this.inc!;
    const ws = this.model.writeSet!(this.exp.view(this.cur), c);
    inc.update(this.cur, this.next, ws, this.curHi, this.curLo);
    if (!this.verifyInc) return;
    const hi = inc.hi;
    const lo = inc.lo;
    inc.full(this.next);
    if (inc.hi !== hi || inc.lo !== lo) this.writeSetBroken(c, undeclaredWrites(this.cur, this.next, ws, this.exp.modelWidth));
  }

  /** The model broke its contract (writeSet declares too little), from parent `cur`: a model error, not socheck's. */
  private writeSetBroken(c: number, missed: readonly number[]): never {
    const names = this.model.slotNames?.();
    const label = this.model.label(this.exp.view(this.cur), c);
    const words = missed.map((i) => names?.[i] ?? `slot ${i}`);
    throw new ModelError("writeSet", `left out a written word: the incremental fingerprint differs from the full one after ${label}: written but not declared: ${words.join(", ") || "(none)"}`, false, c, label);
  }

  /** The table keeps each chain's first choice; the rest is replayed by the rule that made it. */
  protected override pathTo(slot: number): number[] {
    const first = super.pathTo(slot);
    return this.chains ? this.chains.replay(first, this.initialOf(slot)) : first;
  }

  run(budget: number): boolean {
    const exp = this.exp;
    const cur = this.cur;
    const enabled = this.enabledBuf;
    const ampleBuf = this.ampleBuf;
    const rest = this.restBuf;
    const maxDepth = this.opts.maxDepth ?? Infinity;
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
        this.nextLevelSet?.clear();
      }
      this.levelLeft--;
      this.curId = this.queue.shift(cur);
      this.curHi = this.queue.x0;
      this.curLo = this.queue.x1;
      if (this.depth > this.maxDepth) this.maxDepth = this.depth;
      if (this.sleep) {
        this.sleep.moved();
        this.tookHere.fill(0);
        const again = this.sleep.begin(this.curId, this.zCur, this.woke);
        if (again > 0) {
          if (this.reexpand(again === 2) < 0) return true;
          continue;
        }
      }
      const n = exp.enabled(cur, enabled);
      if (n === 0) {
        const d = exp.dead(cur);
        if (d && this.record(d.kind, d.finding.name, d.finding.message, this.curId)) break;
        continue;
      }
      if (this.depth >= maxDepth) {
        this.bounds.add("max-depth");
        continue;
      }
      const lastEnabled = exp.lastStillEnabled(cur, enabled, n);
      const m = this.reduce && this.useAmple ? this.ample.choose(cur, enabled, n, ampleBuf) : n;
      if (m === n) {
        this.sleep?.markFull(this.curId);
        if (this.expandAwake(enabled, n, lastEnabled) < 0) return true;
        continue;
      }
      this.reducedExpansions++;
      const fresh = this.expandAwake(ampleBuf, m, lastEnabled);
      if (fresh < 0) return true;
      if (fresh > 0 || this.mutation.proviso === false) continue;
      // C3: nothing new behind the ample set, so a cycle may close here; expand the rest too.
      this.provisoExpansions++;
      this.sleep?.markFull(this.curId);
      const k = this.ample.rest(enabled, n, ampleBuf, m, rest);
      if (this.expandAwake(rest, k, lastEnabled) < 0) return true;
    }
    return this.done;
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

  private counted = false;

  /** Sleep sets keep a mask per stored state and a fingerprint-to-id map. */
  protected override visitedBytes(): number {
    return super.visitedBytes() + (this.sleep?.bytes ?? 0);
  }

  override result() {
    if (this.reduce && !this.counted) {
      this.counted = true;
      this.notes.push(`${this.reducedExpansions} stored states expanded by a proper ample set, ${this.provisoExpansions} of them completed by the cycle proviso`);
      if (this.chains) this.notes.push(this.chains.note());
      if (this.sleep) this.notes.push(`sleep sets: ${this.asleep} steps not taken (asleep), ${this.sleep.requeued} stored states expanded again for steps that woke up`);
    }
    return super.result();
  }
}
