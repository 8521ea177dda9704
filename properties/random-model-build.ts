import { fingerprintHex, ModelAssertion, type Footprint, type Invariant, type Model } from "../checker/index.js";
import { SEM_MAX, specError, type Instr, type RandomModelSpec } from "./random-model-spec.js";

/**
 * Compiles a RandomModelSpec into a Model whose footprints are exact: for every state and choice,
 * `reads` holds every slot the choice's guard or effect reads (the scheduler slots included) and
 * `writes` every slot it may change. test/properties/random-model.test.ts checks this with the
 * LTSmin-style oracle (randomize what is outside `reads`: enabledness and written values stay).
 *
 * Layout: [vars..., locks..., sem?, objects..., SPL?, ACTIVE?, then per context pc, tmp].
 * Locks hold owner + 1 (0 = free); objects hold 1 while allocated. SPL and ACTIVE (the running
 * handler + 1) exist only when some context is an interrupt.
 * Choices: 2*ctx runs the context's next instruction; 2*ctx + 1 is the taken branch of a `choose`
 * or a `guarded` (whose footprint alone reads the guard's variable).
 */
export function buildRandomModel(spec: RandomModelSpec, name?: string): Model {
  const err = specError(spec);
  if (err) throw new RangeError(`bad random model spec: ${err}`);
  const L = layout(spec);
  const K = spec.contexts.length;
  const D = spec.domain;
  const progs = spec.contexts.map((c) => c.program);
  const lens = progs.map((p) => p.length);
  const isIrq = spec.contexts.map((c) => c.kind === "interrupt");
  const levels = spec.contexts.map((c) => c.level);
  const ctxNames = spec.contexts.map((c, i) => (c.kind === "interrupt" ? `I${i}` : c.kind === "environment" ? `E${i}` : `T${i}`));
  const { SPL, ACTIVE } = L;
  const hasIrq = SPL >= 0;

  /** Whether context i may run now as far as scheduling goes (its instruction's own guard aside). */
  const scheduled = (s: Int32Array, i: number): boolean => {
    if (!hasIrq) return true;
    const a = s[ACTIVE]!;
    if (!isIrq[i]) return a === 0;
    return a === i + 1 || (a === 0 && s[SPL]! < levels[i]!);
  };

  const guard = (s: Int32Array, ins: Instr): boolean => {
    switch (ins.op) {
      case "acquire":
        return s[L.lock(ins.l)] === 0;
      case "P":
        return s[L.SEM]! > 0;
      default:
        return true;
    }
  };

  const fpTable = buildFootprints(spec, L, ctxNames);

  const invariants: Invariant[] = spec.invariants.map((inv, n) => {
    switch (inv.kind) {
      case "le":
        return { name: `inv${n}:x${inv.v}<=${inv.k}`, reads: [inv.v], check: (s) => (s[inv.v]! <= inv.k ? null : `x${inv.v} is ${s[inv.v]}, above ${inv.k}`) };
      case "sum-le":
        return {
          name: `inv${n}:x${inv.v}+x${inv.w}<=${inv.k}`,
          reads: [...new Set([inv.v, inv.w])],
          check: (s) => (s[inv.v]! + s[inv.w]! <= inv.k ? null : `x${inv.v} + x${inv.w} is ${s[inv.v]! + s[inv.w]!}, above ${inv.k}`),
        };
      case "ne":
        return { name: `inv${n}:x${inv.v}!=${inv.k}`, reads: [inv.v], check: (s) => (s[inv.v] !== inv.k ? null : `x${inv.v} reached ${inv.k}`) };
      case "mutex": {
        const regions = inv.regions;
        return {
          name: spec.invariants.filter((i) => i.kind === "mutex").length > 1 ? `mutual-exclusion#${n}` : "mutual-exclusion",
          reads: [...new Set(regions.map((r) => L.pc(r.ctx)))],
          check: (s) => {
            let inside = 0;
            for (const r of regions) {
              const p = s[L.pc(r.ctx)]!;
              if (p >= r.from && p < r.to) inside++;
            }
            return inside <= 1 ? null : `${inside} contexts are inside the critical section`;
          },
        };
      }
    }
  });

  const signature = JSON.stringify(spec);
  return {
    name: name ?? `random-${fingerprintHex(Int32Array.from(signature, (ch) => ch.charCodeAt(0))).slice(0, 8)}`,
    stateSize: L.size,
    contexts: spec.contexts.map((c, i) => ({ name: ctxNames[i]!, kind: c.kind })),
    maxChoices: 2 * K,
    initial(out) {
      spec.vars.forEach((x, v) => (out[v] = x));
      if (L.SEM >= 0) out[L.SEM] = spec.semaphore!;
      for (let o = 0; o < spec.objects; o++) out[L.obj(o)] = 1;
    },
    enabled(s, out) {
      let k = 0;
      for (let i = 0; i < K; i++) {
        const pc = s[L.pc(i)]!;
        if (pc >= lens[i]!) continue;
        if (!scheduled(s, i)) continue;
        const ins = progs[i]![pc]!;
        if (!guard(s, ins)) continue;
        out[k++] = 2 * i;
        if (ins.op === "choose" || (ins.op === "guarded" && s[ins.v] === ins.k)) out[k++] = 2 * i + 1;
      }
      return k;
    },
    contextOf: (c) => c >> 1,
    step(s, c) {
      const i = c >> 1;
      const PC = L.pc(i);
      const TMP = PC + 1;
      const pc = s[PC]!;
      const ins = progs[i]![pc];
      if (!ins) throw new ModelAssertion("program", `${ctxNames[i]} stepped after finishing`);
      let next = pc + 1;
      switch (ins.op) {
        case "load":
          s[TMP] = s[ins.v]!;
          break;
        case "store":
          s[ins.v] = s[TMP]!;
          break;
        case "inc":
          s[TMP] = (s[TMP]! + 1) % D;
          break;
        case "add":
          s[ins.v] = (s[ins.v]! + 1) % D;
          break;
        case "set":
          s[ins.v] = ins.k;
          break;
        case "acquire":
          s[L.lock(ins.l)] = i + 1;
          break;
        case "release": {
          const owner = s[L.lock(ins.l)]!;
          if (owner !== i + 1)
            throw new ModelAssertion("unlock-not-owner", `${ctxNames[i]} released L${ins.l}, ${owner === 0 ? "which was free" : `held by ${ctxNames[owner - 1]}`}`);
          s[L.lock(ins.l)] = 0;
          break;
        }
        case "P":
          s[L.SEM]!--;
          break;
        case "V":
          s[L.SEM] = Math.min(SEM_MAX, s[L.SEM]! + 1);
          break;
        case "free":
          if (s[L.obj(ins.o)] === 0) throw new ModelAssertion("double-free", `${ctxNames[i]} freed O${ins.o} a second time`);
          s[L.obj(ins.o)] = 0;
          break;
        case "use":
          if (s[L.obj(ins.o)] === 0) throw new ModelAssertion("use-after-free", `${ctxNames[i]} used O${ins.o} after it was freed`);
          break;
        case "spl":
          if (!isIrq[i]) s[SPL] = ins.k;
          break;
        case "jmpif":
          if (s[ins.v] === ins.k) next = ins.to;
          break;
        case "choose":
        case "guarded":
          if (c & 1) next = ins.to;
          break;
        case "goto":
          next = ins.to;
          break;
      }
      if (isIrq[i]) s[ACTIVE] = next === lens[i] ? 0 : i + 1;
      s[PC] = next;
    },
    // A handler that never fired is finished: an interrupt that never arrives is not a deadlock.
    isFinished: (s, i) => {
      const pc = s[L.pc(i)]!;
      return pc === lens[i] || (isIrq[i]! && pc === 0);
    },
    invariants,
    terminal(s) {
      for (let l = 0; l < spec.locks; l++) {
        const owner = s[L.lock(l)]!;
        if (owner !== 0) return { name: "leak", message: `L${l} is still held by ${ctxNames[owner - 1]} at the end` };
      }
      const t = spec.terminal;
      if (t && s[t.v] !== t.k) return { name: "lost-update", message: `x${t.v} is ${s[t.v]} at the end, expected ${t.k}` };
      return null;
    },
    footprint(s, c) {
      const i = c >> 1;
      const pc = Math.min(s[L.pc(i)]!, lens[i]!);
      // A handler reads SPL only when it is not yet the running one (see `scheduled`).
      const entering = hasIrq && isIrq[i] && s[ACTIVE] !== i + 1 ? 1 : 0;
      return fpTable[c]![2 * pc + entering]!;
    },
    label(s, c) {
      const i = c >> 1;
      const ins = progs[i]![s[L.pc(i)]!];
      if (!ins) return `${ctxNames[i]}:done`;
      const text = instrText(ins);
      return `${ctxNames[i]}:${ins.op === "choose" || ins.op === "guarded" ? `${text} ${c & 1 ? "taken" : "not taken"}` : text}`;
    },
    slotNames: () => L.names,
    formatSlot(slot, value) {
      if (slot >= L.LOCK0 && slot < L.LOCK0 + spec.locks) return value === 0 ? "free" : `held by ${ctxNames[value - 1] ?? value}`;
      if (slot >= L.OBJ0 && slot < L.OBJ0 + spec.objects) return value ? "allocated" : "freed";
      if (slot === ACTIVE) return value === 0 ? "none" : (ctxNames[value - 1] ?? String(value));
      return String(value);
    },
    signature: () => signature,
  };
}

export interface Layout {
  readonly size: number;
  readonly LOCK0: number;
  readonly SEM: number;
  readonly OBJ0: number;
  readonly SPL: number;
  readonly ACTIVE: number;
  readonly names: readonly string[];
  lock(l: number): number;
  obj(o: number): number;
  pc(ctx: number): number;
}

export function layout(spec: RandomModelSpec): Layout {
  const V = spec.vars.length;
  const LOCK0 = V;
  let n = LOCK0 + spec.locks;
  const SEM = spec.semaphore !== null ? n++ : -1;
  const OBJ0 = n;
  n += spec.objects;
  const irq = spec.contexts.some((c) => c.kind === "interrupt");
  const SPL = irq ? n++ : -1;
  const ACTIVE = irq ? n++ : -1;
  const CTX0 = n;
  n += 2 * spec.contexts.length;
  const names = [
    ...spec.vars.map((_, v) => `x${v}`),
    ...Array.from({ length: spec.locks }, (_, l) => `L${l}`),
    ...(SEM >= 0 ? ["sem"] : []),
    ...Array.from({ length: spec.objects }, (_, o) => `O${o}`),
    ...(irq ? ["spl", "active"] : []),
    ...spec.contexts.flatMap((c, i) => {
      const nm = c.kind === "interrupt" ? `I${i}` : c.kind === "environment" ? `E${i}` : `T${i}`;
      return [`${nm}.pc`, `${nm}.tmp`];
    }),
  ];
  return { size: n, LOCK0, SEM, OBJ0, SPL, ACTIVE, names, lock: (l) => LOCK0 + l, obj: (o) => OBJ0 + o, pc: (i) => CTX0 + 2 * i };
}

/**
 * Footprints for every (choice, pc, entering) precomputed once, so `footprint` allocates nothing
 * and callers may keep what it returns. Index: table[choice][2 * pc + entering].
 */
function buildFootprints(spec: RandomModelSpec, L: Layout, _names: readonly string[]): Footprint[][] {
  const hasIrq = L.SPL >= 0;
  return Array.from({ length: 2 * spec.contexts.length }, (_, c) => {
    const i = c >> 1;
    const ctx = spec.contexts[i]!;
    const irq = ctx.kind === "interrupt";
    const len = ctx.program.length;
    const PC = L.pc(i);
    const TMP = PC + 1;
    const table: Footprint[] = [];
    for (let pc = 0; pc <= len; pc++) {
      for (let entering = 0; entering < 2; entering++) {
        const r = new Set<number>([PC]);
        const w = new Set<number>();
        const ins = ctx.program[pc];
        if (ins) {
          w.add(PC);
          if (hasIrq) {
            r.add(L.ACTIVE);
            if (irq && entering) r.add(L.SPL);
            if (irq && (entering || successors(ins, pc).includes(len))) w.add(L.ACTIVE);
          }
          const { reads, writes } = instrSlots(ins, L, TMP, irq, (c & 1) === 1);
          reads.forEach((x) => r.add(x));
          writes.forEach((x) => w.add(x));
        }
        table.push(Object.freeze({ reads: Object.freeze([...r].sort((a, b) => a - b)), writes: Object.freeze([...w].sort((a, b) => a - b)) }));
      }
    }
    return table;
  });
}

/** The slots an instruction reads and writes; `taken` is choice 2i+1, whose guard alone reads a `guarded`'s variable. */
function instrSlots(ins: Instr, L: Layout, TMP: number, irq: boolean, taken: boolean): { reads: number[]; writes: number[] } {
  switch (ins.op) {
    case "load":
      return { reads: [ins.v], writes: [TMP] };
    case "store":
      return { reads: [TMP], writes: [ins.v] };
    case "inc":
      return { reads: [TMP], writes: [TMP] };
    case "add":
      return { reads: [ins.v], writes: [ins.v] };
    case "set":
      return { reads: [], writes: [ins.v] };
    case "acquire":
    case "release":
      return { reads: [L.lock(ins.l)], writes: [L.lock(ins.l)] };
    case "P":
    case "V":
      return { reads: [L.SEM], writes: [L.SEM] };
    case "free":
      return { reads: [L.obj(ins.o)], writes: [L.obj(ins.o)] };
    case "use":
      return { reads: [L.obj(ins.o)], writes: [] };
    case "spl":
      return { reads: [], writes: irq ? [] : [L.SPL] };
    case "jmpif":
      return { reads: [ins.v], writes: [] };
    case "guarded":
      return { reads: taken ? [ins.v] : [], writes: [] };
    case "choose":
    case "goto":
      return { reads: [], writes: [] };
  }
}

/** The pcs an instruction at `pc` may go to. */
export function successors(ins: Instr, pc: number): number[] {
  switch (ins.op) {
    case "jmpif":
    case "choose":
    case "guarded":
      return [pc + 1, ins.to];
    case "goto":
      return [ins.to];
    default:
      return [pc + 1];
  }
}

export function instrText(ins: Instr): string {
  switch (ins.op) {
    case "load":
      return `tmp = x${ins.v}`;
    case "store":
      return `x${ins.v} = tmp`;
    case "inc":
      return "tmp++";
    case "add":
      return `x${ins.v}++`;
    case "set":
      return `x${ins.v} = ${ins.k}`;
    case "acquire":
      return `acquire L${ins.l}`;
    case "release":
      return `release L${ins.l}`;
    case "P":
      return "P(sem)";
    case "V":
      return "V(sem)";
    case "free":
      return `free O${ins.o}`;
    case "use":
      return `use O${ins.o}`;
    case "spl":
      return `spl ${ins.k}`;
    case "jmpif":
      return `if x${ins.v} == ${ins.k} goto ${ins.to}`;
    case "choose":
      return `choose goto ${ins.to}`;
    case "guarded":
      return `may goto ${ins.to} while x${ins.v} == ${ins.k}`;
    case "goto":
      return `goto ${ins.to}`;
  }
}
