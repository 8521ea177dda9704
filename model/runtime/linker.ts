import { ModelAssertion } from "../../checker/index.js";
import type { Ctx } from "./context.js";
import { SPL_DEPTH, STACK_DEPTH } from "./context.js";
import type { Layout } from "./layout.js";
import { protectionsOf, waitPolicyOf, PlacementError, type Placement, type Protection } from "./placement.js";
import { NEXT, type Guard, type Instr, type Op, type Routine, type WaitInfo } from "./program.js";
import type { Lock } from "./sync.js";
import { recordIntent } from "./tracked-word.js";
import type { Policy } from "./composed.js";

export interface LinkEnv {
  readonly policy: Policy;
  readonly placement: Placement;
  readonly layout: Layout;
  readonly cpuSpl: number;
  readonly locks: readonly Lock[];
  readonly contexts: readonly Ctx[];
  readonly ownerName: (v: number) => string;
  readonly sites: ReadonlySet<string>;
  readonly waitSites: ReadonlySet<string>;
}

interface Draft {
  routine: string;
  label: string;
  reads: readonly number[];
  writes: readonly number[];
  guard: Guard | null;
  wait: WaitInfo | null;
  idle: boolean;
  sleeps?: boolean;
  /** Built once the instruction's own index is known. */
  make: (self: number) => (s: Int32Array, c: Ctx) => number | void;
  source: string;
}

/** Lock acquire: the owner again on a non-recursive lock never gets it (self-deadlock). */
function acquireDraft(routine: string, label: string, l: Lock): Draft {
  const owner = l.owner;
  const count = l.count;
  const rec = l.recursive;
  return {
    routine,
    label,
    reads: [owner, count],
    writes: [owner, count],
    guard: (s, c) => s[owner] === 0 || (rec && s[owner] === c.id + 1),
    wait: { what: l.name, holder: (s) => s[owner]! },
    idle: false,
    make: () => (s, c) => {
      s[owner] = c.id + 1;
      s[count]!++;
      return NEXT;
    },
    source: `acquire ${l.name} rec=${rec}`,
  };
}

function releaseDraft(routine: string, label: string, l: Lock, env: LinkEnv): Draft {
  const owner = l.owner;
  const count = l.count;
  return {
    routine,
    label,
    reads: [owner, count],
    writes: [owner, count],
    guard: null,
    wait: null,
    idle: false,
    make: () => (s, c) => {
      if (s[owner] !== c.id + 1)
        throw new ModelAssertion("unlock-not-owner", `${c.name} unlocks ${l.name} at ${routine}:${label}, held by ${env.ownerName(s[owner]!)}`);
      if (--s[count]! === 0) s[owner] = 0;
      return NEXT;
    },
    source: `release ${l.name}`,
  };
}

/**
 * Lowers routines under a placement into one flat instruction array and fills in every label's
 * pc and every routine's entry. Sites become an spl raise, nothing, or a lock operation; wait
 * sites release and re-take locks or not; tracked read-modify-writes become one or two steps.
 */
export function lower(routines: readonly Routine[], env: LinkEnv): Instr[] {
  const drafts: Draft[] = [];
  const cpu = env.cpuSpl;
  const lockOf = (site: string, routine: string, p: Exclude<Protection, "none">): Lock | null => {
    if (p === "spl") {
      if (env.policy !== "bsd-up")
        throw new PlacementError(`placement "${env.placement.name}": site "${site}" uses real spl, which needs the bsd-up policy (this scenario uses ${env.policy}); map it to "none" or a lock`);
      return null;
    }
    const l = env.locks.find((x) => x.name === p.lock);
    if (!l) throw new PlacementError(`placement "${env.placement.name}": site "${site}" in ${routine}: unknown lock "${p.lock}"`);
    return l;
  };
  const entryLevel0 = new Set<string>();
  for (const r of routines)
    for (const op of r.ops) {
      if ((op.kind === "spl" || op.kind === "splx") && !env.sites.has(op.site!)) throw new Error(`${r.name}: site "${op.site}" is not in the kernel's site list`);
      if ((op.kind === "waitBegin" || op.kind === "waitInterlock" || op.kind === "waitEnd") && !env.waitSites.has(op.site!)) throw new Error(`${r.name}: wait site "${op.site}" is not in the kernel's site list`);
      if (op.kind === "spl" && op.level === 0) entryLevel0.add(op.site!);
    }
  for (const r of routines) {
    const opStart: number[] = [];
    for (const op of r.ops) {
      opStart.push(drafts.length);
      lowerOp(r, op, drafts, env, cpu, lockOf, entryLevel0);
    }
    opStart.push(drafts.length);
    for (const l of r.labels) l.pc = opStart[l.op]!;
    r.ref.entry = opStart[0]!;
  }
  return drafts.map((d, i) => {
    const touched = new Set<number>();
    for (const x of [...d.reads, ...d.writes]) {
      const o = env.layout.owner[x];
      if (o !== undefined && o >= 0) touched.add(o);
    }
    return {
      index: i,
      routine: d.routine,
      label: d.label,
      exec: d.make(i),
      guard: d.guard,
      reads: d.reads,
      writes: d.writes,
      touches: Int32Array.from(touched),
      wait: d.wait,
      idle: d.idle,
      sleeps: d.sleeps ?? false,
      source: d.source,
    };
  });
}

type LockOf = (site: string, routine: string, p: Exclude<Protection, "none">) => Lock | null;

function lowerOp(r: Routine, op: Op, out: Draft[], env: LinkEnv, cpu: number, lockOf: LockOf, entryLevel0: ReadonlySet<string>): void {
  const base = { routine: r.name, label: op.label, guard: null, wait: null, idle: false };
  switch (op.kind) {
    case "step": {
      // Unwrapped: KernelModel.step takes a step that returns nothing as falling through.
      const fn = op.exec!;
      out.push({
        ...base,
        reads: op.reads,
        writes: op.writes,
        guard: op.guard ?? null,
        wait: op.wait ?? null,
        idle: op.idle ?? false,
        sleeps: op.sleeps ?? false,
        make: () => fn,
        source: op.exec!.toString() + (op.guard ? op.guard.toString() : ""),
      });
      return;
    }
    case "call": {
      const callee = op.callee!;
      out.push({
        ...base,
        reads: [],
        writes: [],
        make: (self) => (s, c) => {
          const sp = s[c.sp]!;
          if (sp >= STACK_DEPTH) throw new Error(`${c.name}: call stack overflow calling ${callee.name}`);
          s[c.stack + sp] = self + 1;
          s[c.sp] = sp + 1;
          return callee.entry;
        },
        source: `call ${callee.name}`,
      });
      return;
    }
    case "ret": {
      out.push({
        ...base,
        reads: [],
        writes: [],
        make: () => (s, c) => {
          const sp = s[c.sp]! - 1;
          if (sp < 0) throw new Error(`${c.name}: return with an empty call stack in ${r.name}`);
          s[c.sp] = sp;
          const to = s[c.stack + sp]!;
          s[c.stack + sp] = 0;
          return to;
        },
        source: "ret",
      });
      return;
    }
    case "spl": {
      const site = op.site!;
      const prots = protectionsOf(env.placement, site);
      // With one lock the labels stay "lock@site", as traces written before lists existed name them.
      const tag = (l: Lock) => (prots.length > 1 ? ` ${l.name}` : "");
      for (const p of prots) {
        // An entry site (level 0) under real spl is nothing: 4.4 takes no spl at a syscall's entry.
        if (p === "spl" && op.level === 0) continue;
        const lock = lockOf(site, r.name, p);
        if (lock) out.push(acquireDraft(r.name, `lock${tag(lock)}@${site}`, lock));
        else out.push(splRaiseDraft(base, site, op.level!, cpu));
      }
      return;
    }
    case "splx": {
      const site = op.site!;
      const prots = protectionsOf(env.placement, site);
      const tag = (l: Lock) => (prots.length > 1 ? ` ${l.name}` : "");
      for (const p of [...prots].reverse()) {
        if (p === "spl" && entryLevel0.has(site)) continue;
        const lock = lockOf(site, r.name, p);
        if (lock) out.push(releaseDraft(r.name, `unlock${tag(lock)}@${site}`, lock, env));
        else out.push(splxDraft(base, site, cpu));
      }
      return;
    }
    case "lock": {
      out.push(acquireDraft(r.name, op.label, op.lock!));
      return;
    }
    case "unlock": {
      out.push(releaseDraft(r.name, op.label, op.lock!, env));
      return;
    }
    case "waitBegin":
    case "waitInterlock":
    case "waitEnd": {
      const policy = waitPolicyOf(env.placement, op.site!);
      if (policy === "hold") return;
      if (op.kind === "waitBegin" && policy !== "release") return;
      if (op.kind === "waitInterlock" && policy !== "interlock") return;
      for (const l of env.locks) {
        const owner = l.owner;
        const count = l.count;
        if (op.kind !== "waitEnd") {
          out.push({
            ...base,
            label: `unlock ${l.name}@${op.site}`,
            reads: [owner, count],
            writes: [owner, count],
            make: () => (s, c) => {
              const save = c.lockSave + l.index;
              if (s[owner] === c.id + 1) {
                s[save] = s[count]!;
                s[owner] = 0;
                s[count] = 0;
              } else s[save] = 0;
              return NEXT;
            },
            source: `waitBegin ${l.name}`,
          });
        } else {
          out.push({
            ...base,
            label: `relock ${l.name}@${op.site}`,
            reads: [owner, count],
            writes: [owner, count],
            guard: (s, c) => s[c.lockSave + l.index] === 0 || s[owner] === 0,
            wait: { what: l.name, holder: (s) => s[owner]! },
            make: () => (s, c) => {
              const save = c.lockSave + l.index;
              if (s[save]! > 0) {
                s[owner] = c.id + 1;
                s[count] = s[save]!;
                s[save] = 0;
              }
              return NEXT;
            },
            source: `waitEnd ${l.name}`,
          });
        }
      }
      return;
    }
    case "rmw": {
      const w = op.word!;
      const set = op.set!;
      const clear = op.clear!;
      const slot = w.slot;
      if ((env.placement.rmw ?? "split") === "atomic") {
        out.push({
          ...base,
          reads: op.reads,
          writes: op.writes,
          make: () => (s) => {
            s[slot] = (s[slot]! & ~clear) | set;
            recordIntent(s, w, set, clear);
            return NEXT;
          },
          source: `rmw ${w.name} +${set} -${clear}`,
        });
      } else {
        out.push({
          ...base,
          label: `${op.label}:load`,
          reads: [slot],
          writes: [],
          make: () => (s, c) => {
            s[c.r1] = s[slot]!;
            return NEXT;
          },
          source: `load ${w.name}`,
        });
        out.push({
          ...base,
          label: `${op.label}:store`,
          reads: [],
          writes: [slot, w.ghostSet, w.ghostClear],
          make: () => (s, c) => {
            s[slot] = (s[c.r1]! & ~clear) | set;
            s[c.r1] = 0;
            recordIntent(s, w, set, clear);
            return NEXT;
          },
          source: `store ${w.name} +${set} -${clear}`,
        });
      }
      return;
    }
  }
}

type DraftBase = Pick<Draft, "routine" | "label" | "guard" | "wait" | "idle">;

/** A real spl raise: push the old level on the context's spl stack and raise (never lower) the CPU's. */
function splRaiseDraft(base: DraftBase, site: string, level: number, cpu: number): Draft {
  return {
    ...base,
    reads: [cpu],
    writes: [cpu],
    make: () => (s, c) => {
      const sp = s[c.splSp]!;
      if (sp >= SPL_DEPTH) throw new Error(`${c.name}: spl nesting deeper than ${SPL_DEPTH}`);
      s[c.splStack + sp] = s[cpu]!;
      s[c.splSp] = sp + 1;
      if (s[cpu]! < level) s[cpu] = level;
      return NEXT;
    },
    source: `spl ${site} ${level}`,
  };
}

/** The matching splx: restore the level saved by the raise. */
function splxDraft(base: DraftBase, site: string, cpu: number): Draft {
  return {
    ...base,
    reads: [cpu],
    writes: [cpu],
    make: () => (s, c) => {
      const sp = s[c.splSp]! - 1;
      if (sp < 0) throw new Error(`${c.name}: splx without a matching spl at ${site}`);
      s[c.splSp] = sp;
      s[cpu] = s[c.splStack + sp]!;
      s[c.splStack + sp] = 0;
      return NEXT;
    },
    source: `splx ${site}`,
  };
}
