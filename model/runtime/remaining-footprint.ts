import type { Footprint } from "../../checker/index.js";
import type { Ctx } from "./context.js";
import type { Instr, Routine } from "./program.js";

/** The slots one context's instruction may touch: `footprint(state with pc = instr, ctx)`. */
export type InstrFootprint = (ctx: number, instr: number) => Footprint;

interface Bits {
  readonly r: Uint32Array;
  readonly w: Uint32Array;
}

/** One node per call-stack prefix; `leaf` memoises the answer for a pc under that prefix. */
interface Node {
  readonly bits: Bits;
  readonly below: Map<number, Node>;
  readonly leaf: Map<number, Footprint>;
}

const EMPTY: Footprint = { reads: new Int32Array(0), writes: new Int32Array(0) };

/**
 * What a kernel context can still touch from its current point (Model.remainingFootprint, for
 * C1 of the ample sets, reference/reduction.md §2): a context's future is its current routine
 * from its pc on, then each caller's continuation after its call, innermost first.
 *
 * Precomputed once per model, per context and instruction: the union of the footprints of every
 * instruction reachable from it inside its routine, plus the whole transitive footprint of every
 * routine called from there. Reachability inside a routine is conservative, because a step's
 * jump target is a closure the linker cannot see: any `step` may fall through, end the context,
 * or jump to any label of its own routine (labels are per RoutineBuilder, so a step cannot name
 * another routine's); a `call` continues after itself once the callee returns; a `ret` goes to
 * the caller's continuation, which is on the stack. The test in
 * test/model/runtime/remaining-footprint.test.ts checks every explored step against that.
 *
 * At run time the answer is the union over the pc and the stack's return addresses, memoised in
 * a trie on (stack frames, pc), so a lookup walks a few Maps and allocates nothing once warm.
 * Interrupt handlers are their own contexts here (runtime/kernel.ts `interrupt`): the handler's
 * steps are charged to the interrupt context, whose main loops back to its delivery, so its
 * remaining footprint is its whole program from any point, as it must be (it can fire again).
 */
export class RemainingFootprints {
  private readonly words: number;
  /** Per context: per instruction, the bits of everything reachable from it (null: not reachable by the context). */
  private readonly fromInstr: (Bits | null)[][] = [];
  private readonly roots: Node[] = [];

  constructor(
    private readonly width: number,
    private readonly ctxs: readonly Ctx[],
    private readonly instrs: readonly Instr[],
    routines: readonly Routine[],
    fp: InstrFootprint,
  ) {
    this.words = (width + 31) >>> 5;
    const byName = new Map(routines.map((r) => [r.name, r] as const));
    const range = new Map<string, [number, number]>();
    for (const r of routines) {
      const start = r.ref.entry;
      let end = start;
      while (end < instrs.length && instrs[end]!.routine === r.name) end++;
      range.set(r.name, [start, end]);
    }
    const calleeOf = (i: number): Routine | null => {
      const src = instrs[i]!.source;
      if (!src.startsWith("call ")) return null;
      const r = byName.get(src.slice(5));
      if (!r) throw new Error(`remaining footprints: ${instrs[i]!.routine}:${instrs[i]!.label} calls unknown routine ${src.slice(5)}`);
      return r;
    };
    for (const c of ctxs) {
      const per: (Bits | null)[] = new Array<Bits | null>(instrs.length).fill(null);
      const whole = new Map<string, Bits>();
      // Whole transitive footprint of a routine for this context (call graphs here are acyclic,
      // but a cycle would only be cut short by `whole` already holding the entry: mark first).
      const wholeOf = (name: string): Bits => {
        const hit = whole.get(name);
        if (hit) return hit;
        const b = this.bits();
        whole.set(name, b);
        const [s, e] = range.get(name)!;
        for (let i = s; i < e; i++) {
          this.addFp(b, fp(c.id, i));
          const callee = calleeOf(i);
          if (callee) this.or(b, wholeOf(callee.name));
        }
        return b;
      };
      const local = (name: string): void => {
        if (per[range.get(name)![0]]) return;
        const r = byName.get(name)!;
        const [s, e] = range.get(name)!;
        const own: Bits[] = [];
        for (let i = s; i < e; i++) {
          const b = this.bits();
          this.addFp(b, fp(c.id, i));
          const callee = calleeOf(i);
          if (callee) this.or(b, wholeOf(callee.name));
          own.push(b);
          per[i] = this.bits();
        }
        const labels = r.labels.map((l) => l.pc).filter((pc) => pc >= s && pc < e);
        // Fixpoint: reach(i) = own(i) ∪ reach(successors of i); labels may point backwards (loops).
        for (let changed = true; changed; ) {
          changed = false;
          for (let i = e - 1; i >= s; i--) {
            const acc = per[i]!;
            changed = this.or(acc, own[i - s]!) || changed;
            if (instrs[i]!.source === "ret") continue;
            if (i + 1 < e) changed = this.or(acc, per[i + 1]!) || changed;
            if (calleeOf(i)) continue;
            for (const pc of labels) changed = this.or(acc, per[pc]!) || changed;
          }
        }
      };
      // Every routine the context can be inside: its main and everything called from it.
      const main = instrs[c.entry]!.routine;
      const todo = [main];
      const reach = new Set([main]);
      while (todo.length) {
        const name = todo.pop()!;
        local(name);
        const [s, e] = range.get(name)!;
        for (let i = s; i < e; i++) {
          const callee = calleeOf(i);
          if (callee && !reach.has(callee.name)) {
            reach.add(callee.name);
            todo.push(callee.name);
          }
        }
      }
      this.fromInstr.push(per);
      this.roots.push({ bits: this.bits(), below: new Map(), leaf: new Map() });
    }
  }

  /** Slots context `ctx` may still read or write from `s`: its pc's continuation and each caller's. */
  of(s: Int32Array, ctx: number): Footprint {
    const c = this.ctxs[ctx]!;
    const pc = s[c.pc]!;
    if (pc < 0) return EMPTY;
    const sp = s[c.sp]!;
    let node = this.roots[ctx]!;
    for (let k = 0; k < sp; k++) {
      const ret = s[c.stack + k]!;
      let next = node.below.get(ret);
      if (!next) {
        const b = this.bits();
        this.or(b, node.bits);
        this.or(b, this.at(ctx, ret));
        next = { bits: b, below: new Map(), leaf: new Map() };
        node.below.set(ret, next);
      }
      node = next;
    }
    let f = node.leaf.get(pc);
    if (!f) {
      const b = this.bits();
      this.or(b, node.bits);
      this.or(b, this.at(ctx, pc));
      f = { reads: this.list(b.r), writes: this.list(b.w) };
      node.leaf.set(pc, f);
    }
    return f;
  }

  private at(ctx: number, pc: number): Bits {
    const b = this.fromInstr[ctx]![pc];
    // A pc outside the context's call graph means the static analysis above is wrong: say so
    // rather than answer with too little.
    if (!b) throw new Error(`remaining footprints: ${this.ctxs[ctx]!.name} at pc ${pc} (${this.instrs[pc]?.routine}) outside its call graph`);
    return b;
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
