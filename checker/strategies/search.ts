import { Expander } from "../expander.js";
import type { Explorer } from "../explorer.js";
import type { Model } from "../model.js";
import type { SearchOptions } from "../options.js";
import { conclude, searchStats, type Bound, type CheckResult, type Stats, type Violation, type ViolationKind } from "../result.js";
import { NO_PARENT, VisitedTable } from "../stores/visited.js";
import type { VisitedStore } from "../stores/visited-store.js";
import { FP } from "../stores/fingerprint.js";

/**
 * What every stateful strategy shares: the visited set, successor generation, bounds,
 * progress, violation bookkeeping and the final report. A strategy supplies `run`, and how
 * to find the path to a state it reports (`pathTo`, `initialOf`).
 */
export abstract class Search<S extends VisitedStore = VisitedStore> implements Explorer {
  readonly exp: Expander;
  readonly hashSeed: number;
  readonly stopAtFirst: boolean;
  protected readonly bounds = new Set<Bound>();
  protected readonly violations: Violation[] = [];
  private readonly seen = new Set<string>();
  readonly notes: string[] = [];
  protected transitions = 0;
  protected maxDepth = 0;
  protected done = false;
  private readonly started = performance.now();
  private lastProgress = this.started;
  private peakRss = 0;
  private ticks = 0;

  constructor(
    readonly model: Model,
    readonly opts: SearchOptions,
    readonly strategy: string,
    readonly table: S,
  ) {
    this.exp = new Expander(model, opts.preemptionBound ?? -1);
    this.hashSeed = opts.hashSeed ?? 0;
    this.stopAtFirst = opts.stopAtFirst ?? true;
    this.sampleMemory();
  }

  /** The exact visited set: fingerprints with parent links. Roots keep their initial state's number where other states keep a choice. */
  static exactTable(model: Model, opts: SearchOptions): VisitedTable {
    return new VisitedTable(opts.initialCapacity ?? 1 << 16, undefined, Math.max(model.maxChoices, model.initialStates ?? 1));
  }

  /** Explores for up to `budget` expansions; returns true when the search has ended. */
  abstract run(budget: number): boolean;

  /** Current frontier size (BFS queue, DFS stack) for progress lines. */
  abstract frontier(): number;

  /** Ends the search with `bound` (a Ctrl-C, for instance), keeping what was found. */
  stop(bound: Bound): void {
    this.bounds.add(bound);
    this.done = true;
  }

  /**
   * Records a violation at state `at` (plus a final `choice` for assertions) unless one with the
   * same property is already recorded. `at` names the state as the strategy's `pathTo` reads it.
   * Returns true when the search should stop.
   */
  protected record(kind: ViolationKind, property: string, message: string, at: number, choice = -1): boolean {
    const key = `${kind}:${property}`;
    if (!this.seen.has(key)) {
      this.seen.add(key);
      const choices = this.pathTo(at);
      if (choice >= 0) choices.push(choice);
      const initial = this.initialOf(at);
      this.violations.push(initial > 0 ? { kind, property, message, choices, initial } : { kind, property, message, choices });
    }
    if (this.stopAtFirst) this.done = true;
    return this.stopAtFirst;
  }

  /** The choices from the initial state to state `at`. */
  protected abstract pathTo(at: number): number[];

  /** Which initial state state `at` descends from. */
  protected abstract initialOf(at: number): number;

  /**
   * Stores initial state `which` (its fingerprint in FP after `hash`) as a root; returns its id,
   * or -1 when an earlier initial state was the same state.
   */
  protected storeInitial(which: number): number {
    return this.table.insert(FP[0]!, FP[1]!, NO_PARENT, which);
  }

  /** Bound and progress checks, cheap enough to call once per expansion. Returns true to stop. */
  protected tick(): boolean {
    if (this.opts.maxStates !== undefined && this.table.size >= this.opts.maxStates) {
      this.stop("max-states");
      return true;
    }
    if ((++this.ticks & 1023) !== 0) return false;
    const now = performance.now();
    if (this.opts.timeLimitMs !== undefined && now - this.started >= this.opts.timeLimitMs) {
      this.stop("time");
      return true;
    }
    if (this.opts.shouldStop?.()) {
      this.stop("interrupted");
      return true;
    }
    if ((this.ticks & 16383) === 0) {
      this.sampleMemory();
      if (this.opts.maxMemoryBytes !== undefined && this.peakRss >= this.opts.maxMemoryBytes) {
        this.stop("memory");
        return true;
      }
    }
    const every = this.opts.progressIntervalMs ?? 1000;
    if (this.opts.onProgress && now - this.lastProgress >= every) {
      this.lastProgress = now;
      const ms = now - this.started;
      this.opts.onProgress({
        states: this.table.size,
        transitions: this.transitions,
        queue: this.frontier(),
        depth: this.maxDepth,
        elapsedMs: ms,
        statesPerSecond: ms > 0 ? (this.table.size * 1000) / ms : 0,
      });
    }
    return false;
  }

  private sampleMemory(): void {
    const rss = process.memoryUsage.rss();
    if (rss > this.peakRss) this.peakRss = rss;
  }

  protected stats(): Stats {
    this.sampleMemory();
    return searchStats(this.table.size, this.transitions, this.maxDepth, performance.now() - this.started, this.peakRss, this.visitedBytes());
  }

  /** Bytes of what the search keeps per visited state: the table, and whatever a strategy adds to it. */
  protected visitedBytes(): number {
    return this.table.bytes;
  }

  result(): CheckResult {
    const boundsHit = [...this.bounds];
    const { verdict, exhaustive } = conclude(this.done, boundsHit, this.violations.length, this.stopAtFirst);
    return {
      model: this.model.name,
      strategy: this.strategy,
      verdict,
      exhaustive,
      boundsHit,
      violations: this.violations,
      stats: this.stats(),
      notes: this.notes,
    };
  }
}
