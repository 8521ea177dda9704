import type { Footprint } from "../../checker/index.js";
import type { Ctx } from "./context.js";
import type { Instr, Routine } from "./program.js";

/** The slots one context's instruction may touch: `footprint(state with pc = instr, ctx)`. */
export type InstrFootprint = (ctx: number, instr: number) => Footprint;

interface Bits {
  readonly r: Uint32Array;
  readonly w: Uint32Array;
}

/** Per context and instruction, under one set of locks held elsewhere: what is reachable, and whether a return is. */
interface Reach {
  readonly bits: (Bits | null)[];
  readonly returns: Uint8Array;
}

/** Memo: one node per pc, then per return address innermost first; `leaf` is the answer there. */
interface Node {
  readonly below: Map<number, Node>;
  leaf: Footprint | null;
}

/** No slot at all: a context with nothing left to do, or one that cannot step first. */
export const EMPTY: Footprint = { reads: new Int32Array(0), writes: new Int32Array(0) };

/**
 * What a kernel context can still touch from its current point (Model.remainingFootprint, for
 * C1 of the ample sets, reference/reduction.md §2): a context's future is its current routine
 * from its pc on, then each caller's continuation after its call, innermost first.
 *
 * `of(s, ctx, held)` answers the same question for the runs on which the locks in the bit set
 * `held` stay taken by someone else: a context cannot get past an acquire of one of them, so
 * what lies only behind such an acquire is out, and so is a caller's continuation when the
 * routine cannot return without one (KernelModel.footprintBefore: held = the candidate's locks).
 *
 * Precomputed per lock set, context and instruction: the union of the footprints of every
 * instruction reachable from it inside its routine, plus what every routine called from there can
 * reach from its entry. Reachability inside a routine is conservative, because a step's jump
 * target is a closure the linker cannot see: any `step` may fall through, end the context, or jump
 * to any label of its own routine (labels are per RoutineBuilder, so a step cannot name another
 * routine's); a `call` continues after itself once the callee returns, if it can return; a `ret`
 * goes to the caller's continuation, which is on the stack; an acquire of a held lock goes nowhere.
 * The tests in test/model/runtime/remaining-footprint.test.ts check every explored step against it.
 *
 * At run time the answer is the union over the pc and the stack's return addresses, memoised in a
 * trie on (pc, return addresses), so a lookup walks a few Maps and allocates nothing once warm.
 * Interrupt handlers are their own contexts here (runtime/kernel.ts `interrupt`): the handler's
 * steps are charged to the interrupt context, whose main loops back to its delivery, so its
 * remaining footprint is its whole program from any point, as it must be (it can fire again).
 */
export class RemainingFootprints {
  private readonly words: number;
  private readonly range = new Map<string, [number, number]>();
  private readonly labels = new Map<string, number[]>();
  private readonly callee: (string | null)[];
  /** Per context: the routines it can be inside (its main and everything called from it). */
  private readonly routinesOf: Set<string>[] = [];
  private readonly reach = new Map<number, Reach[]>();
  private readonly roots = new Map<number, Node[]>();

  constructor(
    private readonly width: number,
    private readonly ctxs: readonly Ctx[],
    private readonly instrs: readonly Instr[],
    routines: readonly Routine[],
    private readonly fp: InstrFootprint,
    /** Index of the lock instruction `i` acquires (and waits for while it is taken), or -1. */
    private readonly acquires: (i: number) => number = () => -1,
  ) {
    this.words = (width + 31) >>> 5;
    const byName = new Map(routines.map((r) => [r.name, r] as const));
    for (const r of routines) {
      const start = r.ref.entry;
      let end = start;
      while (end < instrs.length && instrs[end]!.routine === r.name) end++;
      this.range.set(r.name, [start, end]);
      this.labels.set(
        r.name,
        r.labels.map((l) => l.pc).filter((pc) => pc >= start && pc < end),
      );
    }
    this.callee = instrs.map((ins) => {
      if (!ins.source.startsWith("call ")) return null;
      const name = ins.source.slice(5);
      if (!byName.has(name)) throw new Error(`remaining footprints: ${ins.routine}:${ins.label} calls unknown routine ${name}`);
      return name;
    });
    for (const c of ctxs) {
      const main = instrs[c.entry]!.routine;
      const seen = new Set([main]);
      const todo = [main];
      while (todo.length) {
        const [s, e] = this.range.get(todo.pop()!)!;
        for (let i = s; i < e; i++) {
          const callee = this.callee[i];
          if (callee && !seen.has(callee)) {
            seen.add(callee);
            todo.push(callee);
          }
        }
      }
      this.routinesOf.push(seen);
    }
  }

  /** Slots context `ctx` may still read or write from `s`, with the locks in `held` taken by another context throughout. */
  of(s: Int32Array, ctx: number, held = 0): Footprint {
    const c = this.ctxs[ctx]!;
    const pc = s[c.pc]!;
    if (pc < 0) return EMPTY;
    let roots = this.roots.get(held);
    if (!roots) {
      roots = this.ctxs.map(() => ({ below: new Map(), leaf: null }));
      this.roots.set(held, roots);
    }
    const sp = s[c.sp]!;
    let node = this.child(roots[ctx]!, pc);
    for (let k = sp - 1; k >= 0; k--) node = this.child(node, s[c.stack + k]!);
    if (node.leaf === null) {
      const reach = this.reachFor(held)[ctx]!;
      const b = this.bits();
      let at = pc;
      for (let k = sp - 1; ; k--) {
        this.or(b, this.at(reach, ctx, at));
        if (!reach.returns[at] || k < 0) break;
        at = s[c.stack + k]!;
      }
      node.leaf = { reads: this.list(b.r), writes: this.list(b.w) };
    }
    return node.leaf;
  }

  private child(node: Node, key: number): Node {
    let next = node.below.get(key);
    if (!next) {
      next = { below: new Map(), leaf: null };
      node.below.set(key, next);
    }
    return next;
  }

  private at(reach: Reach, ctx: number, pc: number): Bits {
    const b = reach.bits[pc];
    // A pc outside the context's call graph means the static analysis above is wrong: say so
    // rather than answer with too little.
    if (!b) throw new Error(`remaining footprints: ${this.ctxs[ctx]!.name} at pc ${pc} (${this.instrs[pc]?.routine}) outside its call graph`);
    return b;
  }

  private reachFor(held: number): Reach[] {
    let r = this.reach.get(held);
    if (!r) {
      r = this.ctxs.map((c) => this.compute(c, held));
      this.reach.set(held, r);
    }
    return r;
  }

  /** reach(i) = own(i) ∪ reach(successors of i), to a fixpoint per routine (labels may point backwards). */
  private compute(c: Ctx, held: number): Reach {
    const n = this.instrs.length;
    const out: Reach = { bits: new Array<Bits | null>(n).fill(null), returns: new Uint8Array(n) };
    const done = new Set<string>();
    const local = (name: string): void => {
      if (done.has(name)) return;
      // Marked first: a recursive call (none so far) would see the callee as returning and empty
      // until its own pass is over, so each routine must then be recomputed; throw instead.
      done.add(name);
      const [s, e] = this.range.get(name)!;
      for (let i = s; i < e; i++) {
        const callee = this.callee[i];
        if (callee && !done.has(callee)) local(callee);
        else if (callee && out.bits[this.range.get(callee)![0]] === null) throw new Error(`remaining footprints: recursive call to ${callee}`);
      }
      const own: Bits[] = [];
      for (let i = s; i < e; i++) {
        const b = this.bits();
        this.addFp(b, this.fp(c.id, i));
        const callee = this.callee[i];
        if (callee) this.or(b, out.bits[this.range.get(callee)![0]]!);
        own.push(b);
        out.bits[i] = this.bits();
      }
      const labels = this.labels.get(name)!;
      for (let changed = true; changed; ) {
        changed = false;
        for (let i = e - 1; i >= s; i--) {
          const acc = out.bits[i]!;
          changed = this.or(acc, own[i - s]!) || changed;
          const lock = this.acquires(i);
          if (lock >= 0 && (held & (1 << lock)) !== 0) continue;
          if (this.instrs[i]!.source === "ret") {
            if (!out.returns[i]) changed = true;
            out.returns[i] = 1;
            continue;
          }
          const callee = this.callee[i];
          if (callee) {
            const entry = this.range.get(callee)![0];
            if (out.returns[entry] && i + 1 < e) changed = this.flow(out, acc, i, i + 1) || changed;
            continue;
          }
          if (i + 1 < e) changed = this.flow(out, acc, i, i + 1) || changed;
          for (const pc of labels) changed = this.flow(out, acc, i, pc) || changed;
        }
      }
    };
    for (const name of this.routinesOf[c.id]!) local(name);
    return out;
  }

  /** What `from` reaches includes what `to` reaches, and so does its ability to return. */
  private flow(out: Reach, acc: Bits, from: number, to: number): boolean {
    let changed = this.or(acc, out.bits[to]!);
    if (out.returns[to] && !out.returns[from]) {
      out.returns[from] = 1;
      changed = true;
    }
    return changed;
  }

  private bits(): Bits {
    return { r: new Uint32Array(this.words), w: new Uint32Array(this.words) };
  }

  private addFp(b: Bits, f: Footprint): void {
    for (let i = 0; i < f.reads.length; i++) b.r[f.reads[i]! >>> 5]! |= 1 << (f.reads[i]! & 31);
    for (let i = 0; i < f.writes.length; i++) b.w[f.writes[i]! >>> 5]! |= 1 << (f.writes[i]! & 31);
  }

  /** a |= b; whether a changed. */
  private or(a: Bits, b: Bits): boolean {
    let changed = false;
    for (let i = 0; i < this.words; i++) {
      const r = (a.r[i]! | b.r[i]!) >>> 0;
      const w = (a.w[i]! | b.w[i]!) >>> 0;
      if (r !== a.r[i] || w !== a.w[i]) changed = true;
      a.r[i] = r;
      a.w[i] = w;
    }
    return changed;
  }

  private list(bits: Uint32Array): Int32Array {
    const out: number[] = [];
    for (let x = 0; x < this.width; x++) if (bits[x >>> 5]! & (1 << (x & 31))) out.push(x);
    return Int32Array.from(out);
  }
}
