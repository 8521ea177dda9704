import { Expander, SUCC_ASSERTION } from "../expander.js";
import type { Model } from "../model.js";
import type { SearchOptions } from "../options.js";
import { Prng } from "../prng.js";
import {
  collisionProbability,
  type Bound,
  type CheckResult,
  type Violation,
  type ViolationKind,
} from "../result.js";
import type { Explorer } from "../explorer.js";

/**
 * Random walks from the initial state, reproducible from a seed. No visited set: memory stays
 * flat however big the model. Never a proof, so the verdict is a violation or inconclusive.
 */
export class RandomWalk implements Explorer {
  private readonly exp: Expander;
  private readonly prng: Prng;
  private readonly walks: number;
  private readonly depth: number;
  private readonly cur: Int32Array;
  private readonly next: Int32Array;
  private readonly enabled: Int32Array;
  private readonly path: number[] = [];
  private readonly violations: Violation[] = [];
  private readonly seen = new Set<string>();
  private readonly bounds = new Set<Bound>(["random"]);
  private walk = 0;
  private steps = 0;
  private maxDepth = 0;
  private done = false;
  private readonly started = performance.now();

  constructor(
    readonly model: Model,
    readonly opts: SearchOptions,
  ) {
    this.exp = new Expander(model);
    this.prng = new Prng(opts.seed ?? 1);
    this.walks = opts.walks ?? 1000;
    this.depth = opts.maxDepth ?? opts.walkDepth ?? 1000;
    this.cur = new Int32Array(model.stateSize);
    this.next = new Int32Array(model.stateSize);
    this.enabled = new Int32Array(Math.max(1, model.maxChoices));
  }

  frontier(): number {
    return this.walks - this.walk;
  }

  currentDepth(): number {
    return this.at;
  }
  /** Steps taken by the current walk before the one being taken now, and the initial state it started from. */
  private at = 0;
  private root = 0;

  stop(bound: Bound): void {
    this.bounds.add(bound);
    this.done = true;
  }

  private record(kind: ViolationKind, property: string, message: string): void {
    const key = `${kind}:${property}`;
    if (!this.seen.has(key)) {
      this.seen.add(key);
      const choices = [...this.path];
      this.violations.push(this.root > 0 ? { kind, property, message, choices, initial: this.root } : { kind, property, message, choices });
    }
    if (this.opts.stopAtFirst ?? true) this.done = true;
  }

  run(budget: number): boolean {
    const exp = this.exp;
    while (!this.done && budget-- > 0) {
      if (this.walk >= this.walks) {
        this.done = true;
        break;
      }
      if (this.opts.timeLimitMs !== undefined && performance.now() - this.started >= this.opts.timeLimitMs) {
        this.stop("time");
        break;
      }
      if (this.opts.shouldStop?.()) {
        this.stop("interrupted");
        break;
      }
      this.walk++;
      this.path.length = 0;
      this.at = 0;
      // Several initial states: each walk starts from one at random (one state: the PRNG is not drawn, so seeds keep their walks).
      this.root = exp.initialCount > 1 ? this.prng.below(exp.initialCount) : 0;
      exp.initial(this.cur, this.root);
      // A walk never continues from a state that breaks an invariant, the initial one included.
      if (this.checkInvariants(this.cur)) continue;
      for (let d = 0; d < this.depth && !this.done; d++) {
        this.at = d;
        const n = exp.enabled(this.cur, this.enabled);
        if (n === 0) {
          const dead = exp.dead(this.cur);
          if (dead) this.record(dead.kind, dead.finding.name, dead.finding.message);
          break;
        }
        const c = this.enabled[this.prng.below(n)]!;
        this.path.push(c);
        const r = exp.successor(this.cur, c, this.next, false);
        this.steps++;
        if (r === SUCC_ASSERTION) {
          this.record("assertion", exp.assertion!.property, exp.assertion!.message);
          break;
        }
        this.cur.set(this.next);
        if (this.path.length > this.maxDepth) this.maxDepth = this.path.length;
        if (this.checkInvariants(this.cur)) break;
      }
    }
    return this.done;
  }

  private checkInvariants(s: Int32Array): boolean {
    const bad = this.exp.brokenInvariant(s);
    if (bad < 0) return false;
    this.record("invariant", this.model.invariants[bad]!.name, this.exp.invariantMessage);
    return true;
  }

  result(): CheckResult {
    const elapsedMs = performance.now() - this.started;
    return {
      model: this.model.name,
      strategy: "random",
      verdict: this.violations.length > 0 ? "violation" : "inconclusive",
      exhaustive: false,
      boundsHit: [...this.bounds],
      violations: this.violations,
      stats: {
        states: this.steps,
        transitions: this.steps,
        maxDepth: this.maxDepth,
        elapsedMs,
        statesPerSecond: elapsedMs > 0 ? (this.steps * 1000) / elapsedMs : 0,
        peakMemoryBytes: process.memoryUsage.rss(),
        visitedBytes: 0,
        bytesPerState: 0,
        collisionProbability: collisionProbability(0),
        collisionProbabilityTLC: 0,
      },
      notes: [`${this.walk} random walks of at most ${this.depth} steps, seed ${this.opts.seed ?? 1}`],
    };
  }
}
