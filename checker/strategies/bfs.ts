import type { Model } from "../model.js";
import type { SearchOptions } from "../options.js";
import { initialOf, rebuildChoices } from "../path.js";
import { Search } from "./search.js";
import { LevelExpansion, type LevelConfig, type LevelOwner, type PorMutation } from "./level-expansion.js";
import { AutoQueue, PackedStateQueue } from "../stores/packed-queue.js";
import { StateQueue } from "../stores/state-queue.js";
import type { VisitedTable } from "../stores/visited.js";

/**
 * Breadth-first search: level by level, so the first violation found has a shortest path.
 * A queue holds the frontier; each state taken from it is expanded by the level loop
 * (level-expansion.ts), which also runs the reductions, each off by default: symmetry,
 * partial-order reduction with the BFS cycle proviso, sleep sets and chaining.
 */

/** States of at least this many words are queued packed (packed-queue.ts)... */
const PACK_FROM = 32;
/** ...by default once the frontier holds this many bytes whole (AutoQueue). */
const PACK_AFTER = 64 * 1024 * 1024;

export class BfsSearch extends Search<VisitedTable> {
  private readonly queue: StateQueue | PackedStateQueue | AutoQueue;
  private readonly level: LevelExpansion;
  /** States of the current level not yet taken from the queue; the rest of the queue is the next level. */
  private levelLeft = 0;
  private depth = 0;

  /**
   * `mutation` switches a soundness condition or a part of the reduction off; only tests use it
   * (`ample: false` with POR leaves sleep sets alone, which must store every state full BFS stores
   * when no invariant stops the search).
   * `features` picks the reductions (none: plain BFS).
   */
  constructor(model: Model, opts: SearchOptions, mutation: PorMutation = {}, features: { por: boolean; symmetry: boolean } = { por: false, symmetry: false }) {
    super(model, opts, features.por && features.symmetry ? "por-symmetry" : features.por ? "por" : features.symmetry ? "symmetry" : "bfs", Search.exactTable(model, opts));
    const w = this.exp.width;
    const config: LevelConfig = {
      ...features,
      mutation,
      maxDepth: opts.maxDepth,
      fingerprints: opts.fingerprints,
      hashSeed: this.hashSeed,
      stored: (hi, lo) => this.table.has(hi, lo),
      notes: this.notes,
      repeatsIgnored: !this.stopAtFirst,
    };
    // Packing pays on wide states (a kernel's 100-220 words); a few words copy faster whole.
    const pack = opts.packQueue ?? "auto";
    this.queue =
      pack === false || w < PACK_FROM
        ? new StateQueue(w, LevelExpansion.incremental(this.exp, config) ? 2 : 0)
        : pack === true
          ? new PackedStateQueue(w)
          : new AutoQueue(w, opts.packAfterBytes ?? PACK_AFTER);
    const owner: LevelOwner = {
      found: (kind, property, message, id, choice) => this.record(kind, property, message, id, choice),
      cut: (bound) => void this.bounds.add(bound),
    };
    this.level = new LevelExpansion(this.exp, this.table, this.queue, owner, config);
    // Level 0 holds every initial state (TLA+'s Init with several solutions), each a root.
    for (let i = 0; i < this.exp.initialCount && !this.done; i++) this.level.seed(i);
    this.levelLeft = this.queue.length;
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

  protected pathTo(slot: number): number[] {
    const first = rebuildChoices(this.table, slot);
    // The table keeps each chain's first choice; the rest is replayed by the rule that made it.
    const chains = this.level.chains;
    return chains ? chains.replay(first, this.initialOf(slot)) : first;
  }

  protected initialOf(slot: number): number {
    return initialOf(this.table, slot);
  }

  run(budget: number): boolean {
    const level = this.level;
    const queue = this.queue;
    while (!this.done && budget-- > 0) {
      if (queue.length === 0) {
        this.done = true;
        break;
      }
      if (this.tick()) break;
      if (this.levelLeft === 0) {
        // The current level is all taken, so the queue holds exactly the next one.
        this.levelLeft = queue.length;
        this.depth++;
        level.nextLevel();
      }
      this.levelLeft--;
      const id = queue.shift(level.cur);
      if (this.depth > this.maxDepth) this.maxDepth = this.depth;
      const stop = level.expandState(id, queue.x0, queue.x1, this.depth);
      this.transitions = level.transitions;
      if (stop) return true;
    }
    return this.done;
  }

  private counted = false;

  /** Sleep sets keep a mask per stored state and a fingerprint-to-id map. */
  protected override visitedBytes(): number {
    return super.visitedBytes() + (this.level.sleep?.bytes ?? 0);
  }

  override result() {
    if (!this.counted) {
      this.counted = true;
      this.notes.push(...this.level.summary());
    }
    return super.result();
  }
}
