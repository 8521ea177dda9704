import type { ComposedKernel } from "./composed.js";
import type { Instr } from "./program.js";
import { SPL_DEPTH, STACK_DEPTH } from "./context.js";

/**
 * Symmetry reduction for the kernel runtime (reduction.md §5; Ip and Dill, FMSD 1996): states that
 * differ only by a permutation of interchangeable instances (a close storm's connections, each
 * with its application thread) are stored once. The canonical form sorts the instances by their
 * own words and then renames, everywhere in the state, every value that names an instance's
 * context, object, sleep channel, instruction or segment. The representative is not unique when
 * two instances tie on their own words but differ in what other slots say of them: that costs
 * reduction only, never soundness, because the output is always a true permutation of the input.
 */

/** What a slot's value names, so a permutation can rename it. */
export const V_PLAIN = 0;
/** Context id + 1 (0: none): lock owners, cpu.curthread, an object's freedBy. */
export const V_CTX = 1;
/** Object id + 1 (0: none): the fault words. */
export const V_OBJ = 2;
/** Channel id + 1 (0: awake): a context's sleep word. */
export const V_CHAN = 3;
/** An instruction index, or DONE (-1): a context's pc. */
export const V_PC = 4;
/** Instruction index + 1 (0: none): return addresses, where a fault or a free happened. */
export const V_PC1 = 5;
/** A segment (0: none) whose instance index sits from the group's tag shift up. */
export const V_TAG = 6;

/** One interchangeable instance: each list in the same order for every instance of the group. */
export interface SymmetryInstance {
  /** Its own words: its objects' fields and ghosts, its wire and peer words, its contexts' private slots. */
  readonly slots: readonly number[];
  readonly contexts: readonly number[];
  readonly objects: readonly number[];
  readonly channels: readonly number[];
  /** Instructions that act on it alone: its routines, its contexts' programs, dispatch steps for it. */
  readonly pcs: readonly number[];
}

export interface SymmetryGroup {
  readonly instances: readonly SymmetryInstance[];
  /** Per slot, what its value names (V_*); slots past the end are plain. */
  readonly kinds: Uint8Array;
  /** For V_TAG slots: the instance index is value >> tagShift. */
  readonly tagShift: number;
}

/**
 * The value kinds every kernel runtime slot has by construction (context records, objects, locks,
 * the current thread); a component adds its own (segments) before building the group.
 */
export function runtimeValueKinds(k: ComposedKernel): Uint8Array {
  const kinds = new Uint8Array(k.layout.size);
  kinds[k.cur] = V_CTX;
  for (const l of k.locks) kinds[l.owner] = V_CTX;
  for (const o of k.objects.list) {
    kinds[o.freedBy] = V_CTX;
    kinds[o.freedAt] = V_PC1;
  }
  for (const c of k.contexts) {
    kinds[c.pc] = V_PC;
    for (let i = 0; i < STACK_DEPTH; i++) kinds[c.stack + i] = V_PC1;
    for (let i = 0; i < SPL_DEPTH; i++) kinds[c.splStack + i] = V_PLAIN;
    kinds[c.sleep] = V_CHAN;
    kinds[c.fDoubleFree] = V_OBJ;
    kinds[c.fDoubleDestroy] = V_OBJ;
    kinds[c.fUse] = V_OBJ;
    kinds[c.fDoubleFreeAt] = V_PC1;
    kinds[c.fDoubleDestroyAt] = V_PC1;
    kinds[c.fUseAt] = V_PC1;
  }
  return kinds;
}

/**
 * Checks that the instances really are alike: as many slots, contexts, objects, channels and
 * instructions each; slots with the same value kind and initial value; contexts of one kind and
 * priority; instructions with the same reads/writes shape and labels once instance numbers are
 * dropped. Throws naming the first difference (a composition error, not a user error).
 */
export function checkGroup(k: ComposedKernel, instrs: readonly Instr[], g: SymmetryGroup): void {
  const a = g.instances[0];
  if (!a) throw new Error("symmetry: a group without instances");
  // Names carry the instance number (soclose#1, &so_rcv1.sb_flags, "connection 1:"): drop digits.
  const strip = (x: string) => x.replace(/#?\d+/g, "");
  for (let i = 1; i < g.instances.length; i++) {
    const b = g.instances[i]!;
    for (const f of ["slots", "contexts", "objects", "channels", "pcs"] as const)
      if (a[f].length !== b[f].length) throw new Error(`symmetry: instance ${i} has ${b[f].length} ${f}, instance 0 ${a[f].length}`);
    a.slots.forEach((s, j) => {
      const t = b.slots[j]!;
      if (g.kinds[s] !== g.kinds[t]) throw new Error(`symmetry: slot ${k.layout.names[t]} is not of ${k.layout.names[s]}'s kind`);
    });
    a.contexts.forEach((x, j) => {
      const p = k.contexts[x]!;
      const q = k.contexts[b.contexts[j]!]!;
      if (p.kind !== q.kind || p.priority !== q.priority || p.level !== q.level) throw new Error(`symmetry: contexts ${p.name} and ${q.name} differ in kind or priority`);
    });
    a.pcs.forEach((x, j) => {
      const p = instrs[x]!;
      const q = instrs[b.pcs[j]!]!;
      const same = strip(`${p.routine}:${p.label}`) === strip(`${q.routine}:${q.label}`) && p.reads.length === q.reads.length && p.writes.length === q.writes.length;
      if (!same) throw new Error(`symmetry: instruction ${q.routine}:${q.label} does not pair with ${p.routine}:${p.label}`);
    });
  }
}

/**
 * The canonical form of one symmetry group. Everything is laid out in typed tables when built;
 * `canonicalize` allocates nothing.
 */
export class Canonicalizer {
  /** How many instances, and words each. */
  readonly n: number;
  private readonly kinds: Uint8Array;
  private readonly shift: number;
  private readonly mask: number;
  /** Per slot: its instance (-1: shared); per context / object / channel / instruction: its instance and its place in it. */
  private readonly slotInst: Int32Array;
  private readonly ctx: Table;
  private readonly obj: Table;
  private readonly chan: Table;
  private readonly pc: Table;
  /** The table of each named kind (V_CTX .. V_PC1). */
  private readonly byKind: readonly (Table | null)[];
  /** Instance i's slot at place k is instSlots[i * nSlots + k]; a slot's place in its instance is slotPlace[slot]. */
  readonly instSlots: Int32Array;
  private readonly slotPlace: Int32Array;
  readonly nSlots: number;
  private readonly keys: Int32Array;
  /** order[new place] = old instance; perm[old instance] = new place. */
  private readonly order: Int32Array;
  private readonly perm: Int32Array;
  /** Per place in an instance, its slots' value kind (alike in every instance: checkGroup). */
  private readonly placeKind: Uint8Array;
  /** Shared slots whose value names something (their kind is not plain): renamed in place. */
  private readonly sharedNamed: Int32Array;
  /** Every shared slot (in no instance), in slot order. */
  readonly sharedSlots: Int32Array;
  /** A permutation that sends instance 0 to a given place (placeBlock). */
  private readonly toPlace: Int32Array;

  constructor(stateSize: number, counts: { contexts: number; objects: number; channels: number; instrs: number }, g: SymmetryGroup) {
    const inst = g.instances;
    this.n = inst.length;
    this.kinds = g.kinds;
    this.shift = g.tagShift;
    this.mask = (1 << g.tagShift) - 1;
    this.nSlots = inst[0]?.slots.length ?? 0;
    this.slotInst = new Int32Array(stateSize).fill(-1);
    this.instSlots = new Int32Array(this.n * this.nSlots);
    this.slotPlace = new Int32Array(stateSize);
    inst.forEach((x, i) =>
      x.slots.forEach((s, k) => {
        this.slotInst[s] = i;
        this.slotPlace[s] = k;
        this.instSlots[i * this.nSlots + k] = s;
      }),
    );
    this.ctx = new Table(counts.contexts, inst.map((x) => x.contexts));
    this.obj = new Table(counts.objects, inst.map((x) => x.objects));
    this.chan = new Table(counts.channels, inst.map((x) => x.channels));
    this.pc = new Table(counts.instrs, inst.map((x) => x.pcs));
    this.byKind = [null, this.ctx, this.obj, this.chan, this.pc, this.pc];
    this.keys = new Int32Array(this.n * this.nSlots);
    this.order = new Int32Array(this.n);
    this.perm = new Int32Array(this.n);
    this.placeKind = Uint8Array.from(inst[0]?.slots ?? [], (slot) => g.kinds[slot] ?? V_PLAIN);
    const shared: number[] = [];
    for (let slot = 0; slot < stateSize; slot++) if (this.slotInst[slot]! < 0) shared.push(slot);
    this.sharedSlots = Int32Array.from(shared);
    this.sharedNamed = this.sharedSlots.filter((slot) => (g.kinds[slot] ?? V_PLAIN) !== V_PLAIN);
    this.toPlace = new Int32Array(this.n);
  }

  /** The instance a slot belongs to, or -1 for a shared slot. */
  instanceOf(slot: number): number {
    return this.slotInst[slot] ?? -1;
  }

  /** The place of an instance's slot in its instance. */
  placeOf(slot: number): number {
    return this.slotPlace[slot]!;
  }

  /** `v` (of `kind`) renamed: by `perm` (old instance to new place), or, when `perm` is null, to instance 0's counterpart. */
  private rename(kind: number, v: number, perm: Int32Array | null): number {
    switch (kind) {
      case V_CTX:
        return v === 0 ? 0 : this.ctx.map(v - 1, perm) + 1;
      case V_OBJ:
        return v === 0 ? 0 : this.obj.map(v - 1, perm) + 1;
      case V_CHAN:
        return v === 0 ? 0 : this.chan.map(v - 1, perm) + 1;
      case V_PC:
        return v < 0 ? v : this.pc.map(v, perm);
      case V_PC1:
        return v === 0 ? 0 : this.pc.map(v - 1, perm) + 1;
      case V_TAG: {
        const i = v >> this.shift;
        if (v === 0 || i >= this.n) return v;
        return ((perm === null ? 0 : perm[i]!) << this.shift) | (v & this.mask);
      }
      default:
        return v;
    }
  }

  /**
   * Instance i's sort key into key[at, at + nSlots): its own words, with the names of its own
   * things renamed to instance 0's. Returns true when the key is a faithful copy of the words,
   * that is when they name nothing of another instance and no segment of their own without
   * segment bits: renaming instance 0's names to those of the instance at any place then gives
   * back exactly what canonicalize writes there (symmetry-encoder.ts relies on it).
   */
  keyOf(s: Int32Array, i: number, key: Int32Array, at: number): boolean {
    const w = this.nSlots;
    const base = i * w;
    const instSlots = this.instSlots;
    const placeKind = this.placeKind;
    this.crossed = false;
    // Most words are plain, copied without a call: this loop is most of a full canonicalize.
    for (let k = 0; k < w; k++) {
      const v = s[instSlots[base + k]!]!;
      const kind = placeKind[k]!;
      key[at + k] = kind === V_PLAIN ? v : this.firstName(kind, v, i);
    }
    return !this.crossed;
  }

  /** Word k of instance i's key when the word holds `v` (as keyOf writes it); sets `crossed` when the word is not faithful. */
  keyWord(k: number, v: number, i: number): number {
    const kind = this.placeKind[k]!;
    return kind === V_PLAIN ? v : this.firstName(kind, v, i);
  }

  /** Set by keyOf and keyWord (cleared by keyOf only): a word named another instance, or a segment that renaming would turn into "none". */
  crossed = false;

  /** `v` (of `kind`, a word of instance i) renamed to instance 0's counterpart, as rename(kind, v, null) does. */
  private firstName(kind: number, v: number, i: number): number {
    if (kind === V_TAG) {
      const j = v >> this.shift;
      if (v === 0 || j >= this.n) return v;
      if (j !== i || (v & this.mask) === 0) this.crossed = true;
      return v & this.mask;
    }
    // Context, object and channel ids and return addresses are stored plus one (0: none); pcs as they are (negative: done).
    const off = kind === V_PC ? 0 : 1;
    if (v < off) return v;
    const t = this.byKind[kind]!;
    const id = v - off;
    const o = t.owner(id);
    if (o < 0) return v;
    if (o !== i) this.crossed = true;
    return t.first(id) + off;
  }

  /** The shared words of `s` (sharedSlots' order) into out[at, ...), renamed by `perm` as canonicalize renames them. */
  sharedInto(s: Int32Array, perm: Int32Array, out: Int32Array, at: number): void {
    const shared = this.sharedSlots;
    const kinds = this.kinds;
    for (let j = 0; j < shared.length; j++) {
      const slot = shared[j]!;
      const kind = kinds[slot] ?? V_PLAIN;
      out[at + j] = kind === V_PLAIN ? s[slot]! : this.rename(kind, s[slot]!, perm);
    }
  }

  /** Writes at place `p` of `out` the words a faithful key (keyOf) stands for there. */
  placeBlock(key: Int32Array, at: number, p: number, out: Int32Array): void {
    const w = this.nSlots;
    const instSlots = this.instSlots;
    this.toPlace[0] = p;
    for (let k = 0; k < w; k++) {
      const kind = this.placeKind[k]!;
      const v = key[at + k]!;
      out[instSlots[p * w + k]!] = kind === V_PLAIN ? v : this.rename(kind, v, this.toPlace);
    }
  }

  canonicalize(s: Int32Array, out: Int32Array): void {
    const n = this.n;
    const w = this.nSlots;
    const instSlots = this.instSlots;
    const placeKind = this.placeKind;
    for (let i = 0; i < n; i++) {
      this.keyOf(s, i, this.keys, i * w);
      this.order[i] = i;
    }
    for (let i = 1; i < n; i++) {
      const x = this.order[i]!;
      let j = i;
      while (j > 0 && this.less(x, this.order[j - 1]!)) {
        this.order[j] = this.order[j - 1]!;
        j--;
      }
      this.order[j] = x;
    }
    let identity = true;
    for (let p = 0; p < n; p++) {
      this.perm[this.order[p]!] = p;
      if (this.order[p] !== p) identity = false;
    }
    if (identity) {
      out.set(s);
      return;
    }
    // Shared words stay where they are (renamed if they name something); instance i's words
    // move to instance perm[i]'s places.
    out.set(s);
    const shared = this.sharedNamed;
    for (let j = 0; j < shared.length; j++) {
      const slot = shared[j]!;
      out[slot] = this.rename(this.kinds[slot]!, s[slot]!, this.perm);
    }
    for (let i = 0; i < n; i++) {
      const from = i * w;
      const to = this.perm[i]! * w;
      for (let k = 0; k < w; k++) {
        const v = s[instSlots[from + k]!]!;
        const kind = placeKind[k]!;
        out[instSlots[to + k]!] = kind === V_PLAIN ? v : this.rename(kind, v, this.perm);
      }
    }
  }

  private less(a: number, b: number): boolean {
    const w = this.nSlots;
    for (let k = 0; k < w; k++) {
      const d = this.keys[a * w + k]! - this.keys[b * w + k]!;
      if (d !== 0) return d < 0;
    }
    return a < b;
  }
}

/** Ids of one kind (contexts, objects, ...): which instance each belongs to and its place there. */
class Table {
  private readonly inst: Int32Array;
  private readonly pos: Int32Array;
  private readonly ids: Int32Array;
  private readonly width: number;

  constructor(count: number, lists: readonly (readonly number[])[]) {
    this.inst = new Int32Array(count).fill(-1);
    this.pos = new Int32Array(count);
    this.width = lists[0]?.length ?? 0;
    this.ids = new Int32Array(lists.length * this.width);
    lists.forEach((l, i) =>
      l.forEach((id, k) => {
        this.inst[id] = i;
        this.pos[id] = k;
        this.ids[i * this.width + k] = id;
      }),
    );
  }

  /** `id` renamed: to the id at its place in instance perm[its instance], or in instance 0 when `perm` is null. */
  map(id: number, perm: Int32Array | null): number {
    const i = this.inst[id];
    if (i === undefined || i < 0) return id;
    return this.ids[(perm === null ? 0 : perm[i]!) * this.width + this.pos[id]!]!;
  }

  /** The instance `id` belongs to, or -1. */
  owner(id: number): number {
    return this.inst[id] ?? -1;
  }

  /** Instance 0's id at the place `id` has in its instance (which it must have). */
  first(id: number): number {
    return this.ids[this.pos[id]!]!;
  }
}
