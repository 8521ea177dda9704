import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from "node:worker_threads";
import type { Explorer } from "../explorer.js";
import type { Model } from "../model.js";
import type { SearchOptions } from "../options.js";
import { CMD_GROW, CMD_QUIT, CMD_RUN, CTL, FLAG_MAX_DEPTH, FLAG_PREEMPTIONS, growableBuffer, LevelExpander, STAT, type FoundViolation, type LevelShared } from "./parallel-level.js";
import { conclude, searchStats, type Bound, type CheckResult, type Violation } from "../result.js";
import { ID_BLOCK, SharedTable } from "../stores/shared-table.js";
import { ModelError, type ModelErrorData } from "../model-error.js";
import { initialOf, rebuildChoices } from "../path.js";

/** Frontier buffers reserve this much address space each and grow into it on demand. */
const FRONTIER_MAX_BYTES = 1 << 30;
const READY_TIMEOUT_MS = 60_000;

/**
 * Level-synchronous parallel BFS over worker_threads sharing one fingerprint table
 * (shared-table.ts, parallel-level.ts). Every level ends at a barrier, so the state count and
 * verdict equal one-thread BFS, and counterexamples are shortest; among violations of one
 * property found in the same level, the lexicographically smallest choice sequence is reported.
 * Workers rebuild the model from `opts.modelSource`; without one the search runs on this thread
 * alone (same algorithm, one worker). The table starts at `opts.tableSlots` (default 2^16 slots,
 * 12 bytes each, plus 8 bytes of parent link per state) and grows between levels; one that fills
 * up within a level stops the search with bound "memory".
 */
export class ParallelSearch implements Explorer {
  private readonly W: number;
  private readonly threads: Worker[] = [];
  private readonly ports: MessagePort[] = [];
  private readonly shared: LevelShared;
  private table: SharedTable;
  private readonly maxChoices: number;
  /** States stored and expanded by the last level, to guess how many the next one stores. */
  private lastNew = 0;
  private lastExpanded = 0;
  private tableGen = 0;
  /** Time spent growing the table between levels (every worker copying, or this thread alone). */
  private growMs = 0;
  private readonly ctl: Int32Array;
  private readonly stats: Float64Array;
  private readonly local: LevelExpander | null;
  private readonly bounds = new Set<Bound>();
  private readonly violations: Violation[] = [];
  private readonly seen = new Set<string>();
  readonly notes: string[] = [];
  private readonly started = performance.now();
  private depth = 0;
  /** Initial states stored by this thread (the workers count the rest). */
  private roots = 0;
  private done = false;
  private received = 0;
  private peakRss = 0;
  private readonly stopAtFirst: boolean;

  constructor(
    readonly model: Model,
    readonly opts: SearchOptions,
  ) {
    this.stopAtFirst = opts.stopAtFirst ?? true;
    const workers = opts.modelSource ? Math.max(1, opts.workers ?? 2) : 0;
    this.W = Math.max(1, workers);
    const table = SharedTable.create(opts.tableSlots ?? 1 << 16, this.spareIds());
    this.shared = {
      workers: this.W,
      table: table.buffers,
      ctl: new SharedArrayBuffer(4 * (CTL.COUNTS + 2 * this.W)),
      stats: new SharedArrayBuffer(8 * STAT.WIDTH * this.W),
      frontiers: Array.from({ length: this.W }, () => [
        growableBuffer(4096, FRONTIER_MAX_BYTES),
        growableBuffer(4096, FRONTIER_MAX_BYTES),
      ]),
    };
    this.table = table;
    this.maxChoices = Math.max(1, model.maxChoices);
    this.ctl = new Int32Array(this.shared.ctl);
    this.stats = new Float64Array(this.shared.stats);
    this.ctl[CTL.MAX_DEPTH] = opts.maxDepth ?? -1;
    this.notes.push(
      workers > 0
        ? `parallel BFS: ${workers} worker thread(s) over one shared fingerprint table, a barrier after each level`
        : "parallel BFS without a model source (opts.modelSource): ran on one thread",
    );
    // The initial states: stored by this thread (a root keeps its number where others keep a choice), placed in worker 0's current frontier.
    const lx = new LevelExpander(model, this.shared, 0, opts.preemptionBound ?? -1, opts.hashSeed ?? 0);
    const seeded = lx.seed(model.initialStates ?? 1, this.stopAtFirst);
    this.roots = seeded.roots;
    this.take(seeded.found);
    if (this.stopAtFirst && seeded.found.length > 0) this.done = true;
    if (seeded.full) {
      this.notes.push(`the shared table (${table.capacity} slots) has no room for every initial state; raise tableSlots`);
      this.stop("memory");
    }
    this.ctl[CTL.COUNTS] = seeded.queued;
    if (seeded.queued === 0) this.done = true;
    this.local = workers === 0 ? lx : null;
    if (workers > 0 && !this.done) this.spawn(workers);
  }

  private spawn(n: number): void {
    const url = new URL("./parallel-worker.js", import.meta.url);
    for (let me = 0; me < n; me++) {
      const { port1, port2 } = new MessageChannel();
      const t = new Worker(url, {
        workerData: { shared: this.shared, source: this.opts.modelSource, me, preemptionBound: this.opts.preemptionBound ?? -1, hashSeed: this.opts.hashSeed ?? 0, port: port2 },
        transferList: [port2],
      });
      t.unref();
      this.threads.push(t);
      this.ports.push(port1);
    }
    const deadline = performance.now() + READY_TIMEOUT_MS;
    while (Atomics.load(this.ctl, CTL.READY) < n) {
      if (performance.now() > deadline) {
        this.quit();
        throw new Error("parallel search: workers did not start (is opts.modelSource importable?)");
      }
      Atomics.wait(this.ctl, CTL.READY, Atomics.load(this.ctl, CTL.READY), 50);
    }
    this.take(this.drain());
  }

  currentDepth(): number {
    return this.depth;
  }

  frontier(): number {
    let t = 0;
    for (let k = 0; k < this.W; k++) t += this.ctl[CTL.COUNTS + k]!;
    return t;
  }

  private statesStored(): number {
    let s = this.roots;
    for (let k = 0; k < this.W; k++) s += this.stats[k * STAT.WIDTH + STAT.STATES]!;
    return s;
  }

  stop(bound: Bound): void {
    this.bounds.add(bound);
    this.done = true;
    this.quit();
  }

  /** Runs one level per call (budget is ignored: a level cannot be cut without losing BFS order). */
  run(_budget: number): boolean {
    if (this.done) return true;
    const ctl = this.ctl;
    if (this.frontier() === 0) return this.finish();
    const before = this.statesStored();
    const expanding = this.frontier();
    this.ensureRoom(before, expanding);
    ctl[CTL.DEPTH] = this.depth;
    ctl[CTL.HEAD] = 0;
    ctl[CTL.DONE] = 0;
    let found: FoundViolation[];
    if (this.local) found = this.local.runLevel();
    else {
      Atomics.add(ctl, CTL.GEN, 1);
      Atomics.notify(ctl, CTL.GEN);
      while (Atomics.load(ctl, CTL.DONE) < this.W) {
        Atomics.wait(ctl, CTL.DONE, Atomics.load(ctl, CTL.DONE), 50);
        const stopping = this.pollStop();
        if (stopping) Atomics.store(ctl, CTL.STOP, 1);
      }
      found = this.drain();
    }
    this.lastNew = this.statesStored() - before;
    this.lastExpanded = expanding;
    // The next level becomes the current one.
    for (let k = 0; k < this.W; k++) ctl[CTL.COUNTS + k] = ctl[CTL.COUNTS + this.W + k]!;
    ctl[CTL.PARITY] = 1 - ctl[CTL.PARITY]!;
    this.depth++;
    this.take(found);
    if (ctl[CTL.FULL]) {
      this.notes.push(`the shared table (${this.table.capacity} slots) filled up within one level; raise tableSlots`);
      this.bounds.add("memory");
    }
    if (ctl[CTL.STOP] && !ctl[CTL.FULL] && this.bounds.size === 0) this.bounds.add("interrupted");
    if (ctl[CTL.STOP] || (this.violations.length > 0 && this.stopAtFirst)) return this.finish();
    if (this.opts.maxStates !== undefined && this.statesStored() >= this.opts.maxStates) {
      this.bounds.add("max-states");
      return this.finish();
    }
    if (this.local && this.pollStop()) return this.finish();
    this.progress();
    return false;
  }

  /**
   * Grows the table between levels, so the level about to run fits at load ≤ 0.75: its new
   * states are guessed as twice the last level's yield per state expanded (maxChoices for the
   * first). A wrong guess costs only a full table: bound "memory", never a wrong verdict. States
   * keep their ids, so the frontier stays as it is. The workers get the new buffers and copy the
   * old table into them together (SharedTable.copyPart), so the pause shrinks with their number.
   */
  private ensureRoom(stored: number, expanding: number): void {
    const perState = this.lastExpanded > 0 ? Math.min(this.maxChoices, (2 * this.lastNew) / this.lastExpanded + 1) : this.maxChoices;
    const need = stored + expanding * perState;
    if (need <= 0.75 * this.table.capacity) return;
    let slots = this.table.capacity * 2;
    while (need > 0.5 * slots) slots *= 2;
    const ctl = this.ctl;
    const t0 = performance.now();
    this.tableGen++;
    if (this.local) {
      this.table = this.table.grownTo(slots, this.spareIds());
      this.local.useTable(this.table.buffers);
      this.growMs += performance.now() - t0;
      return;
    }
    const table = this.table.emptyGrown(slots, this.spareIds());
    this.table = table;
    for (const p of this.ports) p.postMessage({ table: table.buffers, gen: this.tableGen });
    Atomics.store(ctl, CTL.TABLE_GEN, this.tableGen);
    ctl[CTL.CMD] = CMD_GROW;
    ctl[CTL.HEAD] = 0;
    ctl[CTL.DONE] = 0;
    Atomics.add(ctl, CTL.GEN, 1);
    Atomics.notify(ctl, CTL.GEN);
    while (Atomics.load(ctl, CTL.DONE) < this.W) Atomics.wait(ctl, CTL.DONE, Atomics.load(ctl, CTL.DONE), 50);
    ctl[CTL.CMD] = CMD_RUN;
    this.growMs += performance.now() - t0;
  }

  /** Ids a thread may hold unused at once: one block each for the workers and two for this thread. */
  private spareIds(): number {
    return (this.W + 2) * ID_BLOCK;
  }

  /** Time, Ctrl-C and memory limits, checked between levels and while waiting for workers. */
  private pollStop(): boolean {
    const rss = process.memoryUsage.rss();
    if (rss > this.peakRss) this.peakRss = rss;
    const ms = performance.now() - this.started;
    if (this.opts.timeLimitMs !== undefined && ms >= this.opts.timeLimitMs) this.bounds.add("time");
    else if (this.opts.shouldStop?.()) this.bounds.add("interrupted");
    else if (this.opts.maxMemoryBytes !== undefined && rss >= this.opts.maxMemoryBytes) this.bounds.add("memory");
    else return false;
    return true;
  }

  private progress(): void {
    if (!this.opts.onProgress) return;
    const ms = performance.now() - this.started;
    const states = this.statesStored();
    this.opts.onProgress({ states, transitions: this.transitions(), queue: this.frontier(), depth: this.depth, elapsedMs: ms, statesPerSecond: ms > 0 ? (states * 1000) / ms : 0 });
  }

  private transitions(): number {
    let t = 0;
    for (let k = 0; k < this.W; k++) t += this.stats[k * STAT.WIDTH + STAT.TRANSITIONS]!;
    return t;
  }

  /**
   * Reads every message the workers posted (their count is in shared memory, so none is missed).
   * A worker's failure ends the search: out of memory as bound "memory", anything else (a model
   * that throws, a source that does not load) as an error, as it would on one thread.
   */
  private drain(): FoundViolation[] {
    let posted = 0;
    for (let k = 0; k < this.W; k++) posted += this.stats[k * STAT.WIDTH + STAT.POSTED]!;
    const out: FoundViolation[] = [];
    let failure: { error: string; memory: boolean; model?: ModelErrorData } | null = null;
    while (this.received < posted) {
      for (const p of this.ports) {
        for (let m = receiveMessageOnPort(p); m; m = receiveMessageOnPort(p)) {
          this.received++;
          const msg = m.message as FoundViolation[] | { error: string; memory: boolean; model?: ModelErrorData };
          if (Array.isArray(msg)) out.push(...msg);
          else failure ??= msg;
        }
      }
    }
    if (failure) {
      if (!failure.memory) {
        this.quit();
        if (failure.model) throw ModelError.fromJSON({ ...failure.model, step: failure.model.step >= 0 ? failure.model.step : this.depth + (failure.model.choice >= 0 ? 1 : 0) });
        throw new Error(`parallel search worker: ${failure.error}`);
      }
      this.notes.push(`a worker ran out of memory: ${failure.error}`);
      this.bounds.add("memory");
      Atomics.store(this.ctl, CTL.STOP, 1);
    }
    return out;
  }

  private pathOf(v: FoundViolation): number[] {
    const choices = rebuildChoices(this.table, v.slot);
    if (v.choice >= 0) choices.push(v.choice);
    return choices;
  }

  /** Keeps, per property not yet seen, the smallest path among this level's findings (deterministic whatever the thread timing). */
  private take(found: readonly FoundViolation[]): void {
    const best = new Map<string, Violation>();
    for (const v of found) {
      const key = `${v.kind}:${v.property}`;
      if (this.seen.has(key)) continue;
      const choices = this.pathOf(v);
      const initial = initialOf(this.table, v.slot);
      const old = best.get(key);
      const oldInitial = old?.initial ?? 0;
      if (!old || initial < oldInitial || (initial === oldInitial && lexLess(choices, old.choices)))
        best.set(key, initial > 0 ? { kind: v.kind, property: v.property, message: v.message, choices, initial } : { kind: v.kind, property: v.property, message: v.message, choices });
    }
    for (const key of [...best.keys()].sort()) {
      this.seen.add(key);
      this.violations.push(best.get(key)!);
    }
  }

  private finish(): boolean {
    this.done = true;
    this.quit();
    return true;
  }

  private quit(): void {
    if (this.threads.length === 0) return;
    Atomics.store(this.ctl, CTL.CMD, CMD_QUIT);
    Atomics.add(this.ctl, CTL.GEN, 1);
    Atomics.notify(this.ctl, CTL.GEN);
    for (const p of this.ports) p.close();
    this.threads.length = 0;
  }

  result(): CheckResult {
    let flags = 0;
    for (let k = 0; k < this.W; k++) flags |= this.stats[k * STAT.WIDTH + STAT.FLAGS]!;
    if (flags & FLAG_PREEMPTIONS) this.bounds.add("preemptions");
    if (flags & FLAG_MAX_DEPTH) this.bounds.add("max-depth");
    const boundsHit = [...this.bounds];
    const { verdict, exhaustive } = conclude(this.done, boundsHit, this.violations.length, this.stopAtFirst);
    const elapsedMs = performance.now() - this.started;
    const n = this.statesStored();
    const t = this.transitions();
    const rss = process.memoryUsage.rss();
    if (rss > this.peakRss) this.peakRss = rss;
    if (this.tableGen > 0 && !this.notes.some((n) => n.startsWith("table grown"))) {
      this.notes.push(`table grown ${this.tableGen} times between levels, ${this.growMs.toFixed(0)} ms in all`);
    }
    return {
      model: this.model.name,
      strategy: "parallel",
      verdict,
      exhaustive,
      boundsHit,
      violations: this.violations,
      stats: searchStats(n, t, Math.max(0, this.depth - 1), elapsedMs, this.peakRss, this.table.bytes),
      notes: this.notes,
    };
  }
}

function lexLess(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return a.length < b.length;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! < b[i]!;
  return false;
}
