import type { KernelModel } from "./kernel-model.js";
import { protectionOf, waitPolicyOf, type SiteProtection, type WaitPolicy } from "./placement.js";
import { SPL_NAMES } from "./spl.js";

/** One routine as `describe` shows it: what it follows, its steps, and whom it calls. */
export interface RoutineDescription {
  readonly name: string;
  readonly cite: string;
  /** Each op's label in the C's order; spl sites as "spl(site, level)", regions as "region NAME { … }". */
  readonly steps: readonly string[];
  readonly calls: readonly string[];
}

/** A site (an spl call or entry point of the code) or a region, and what the placement makes of it. */
export interface SiteDescription {
  readonly name: string;
  readonly kind: "spl" | "entry" | "region";
  /** The levels the code raises to there ("splnet"); empty for entries and regions. */
  readonly levels: readonly string[];
  readonly routines: readonly string[];
  readonly protection: SiteProtection;
}

/** Everything a composed kernel is made of, as plain data (`socheck describe --json`). */
export interface KernelDescription {
  readonly name: string;
  readonly policy: string;
  readonly placement: string;
  readonly rmw: "atomic" | "split";
  readonly contexts: readonly { name: string; kind: string; priority?: number; level?: string; runsCallouts: boolean }[];
  readonly routines: readonly RoutineDescription[];
  readonly sites: readonly SiteDescription[];
  readonly waits: readonly { name: string; routines: readonly string[]; policy: WaitPolicy }[];
  readonly locks: readonly { name: string; recursive: boolean; livesIn: string | null; declaredBy: "placement" | "kernel" }[];
  readonly objects: readonly { name: string; kind: string; fields: readonly string[]; allocatedAtStart: boolean; mustFree: boolean }[];
  readonly events: readonly string[];
  /** Invariants checked in every state, then what ends a run: deadlock, lost wakeup, leak. */
  readonly properties: readonly string[];
}

/** Describes a composed kernel from its linked program and builder: nothing here is hand-kept. */
export function describeKernel(m: KernelModel): KernelDescription {
  const k = m.kernel;
  const L = k.layout;
  const p = k.placement;
  const steps = (r: (typeof m.routines)[number]) => {
    const out: string[] = [];
    for (const op of r.ops) {
      if (op.kind === "ret") continue;
      if (op.kind === "spl" && op.region) out.push(`region ${op.site} {`);
      else if (op.kind === "splx" && op.region) out.push(`} ${op.site}`);
      else if (op.kind === "spl") out.push(`spl(${op.site}, ${SPL_NAMES[op.level!] ?? op.level})`);
      else if (op.kind === "splx") out.push(`splx(${op.site})`);
      else if (op.kind === "call") out.push(`call ${op.callee!.name}`);
      else if (op.kind === "waitBegin" || op.kind === "waitInterlock" || op.kind === "waitEnd") out.push(`${op.kind}(${op.site})`);
      else out.push(op.label);
    }
    return out;
  };
  const sites = new Map<string, { kind: SiteDescription["kind"]; levels: Set<string>; routines: Set<string> }>();
  const waits = new Map<string, Set<string>>();
  // Contexts' own programs (an input thread's loop around tcp_input) hold entry sites too.
  const all = k.allRoutines();
  for (const r of all)
    for (const op of r.ops) {
      if (op.kind === "spl") {
        const kind = op.region ? "region" : op.level === 0 ? "entry" : "spl";
        const e = sites.get(op.site!) ?? { kind, levels: new Set<string>(), routines: new Set<string>() };
        if (kind === "spl") e.levels.add(SPL_NAMES[op.level!] ?? String(op.level));
        e.routines.add(r.name);
        sites.set(op.site!, e);
      }
      if (op.kind === "waitBegin" || op.kind === "waitInterlock" || op.kind === "waitEnd") waits.set(op.site!, (waits.get(op.site!) ?? new Set()).add(r.name));
    }
  const placementLocks = new Set(Object.keys(p.locks ?? {}));
  const livesIn = (slot: number) => {
    const o = L.owner[slot]!;
    return o >= 0 ? k.objects.get(o).name : null;
  };
  return {
    name: m.name,
    policy: m.policy,
    placement: p.name,
    rmw: p.rmw ?? "split",
    contexts: m.ctxs.map((c) => ({
      name: c.name,
      kind: c.kind,
      ...(c.kind === "thread" ? { priority: c.priority } : { level: SPL_NAMES[c.level] ?? String(c.level) }),
      runsCallouts: c.runsCallouts,
    })),
    routines: all.map((r) => ({ name: r.name, cite: r.cite, steps: steps(r), calls: [...new Set(r.ops.filter((o) => o.kind === "call").map((o) => o.callee!.name))] })),
    sites: [...sites].sort(([a], [b]) => a.localeCompare(b)).map(([name, e]) => ({ name, kind: e.kind, levels: [...e.levels], routines: [...e.routines], protection: protectionOf(p, name) })),
    waits: [...waits].sort(([a], [b]) => a.localeCompare(b)).map(([name, rs]) => ({ name, routines: [...rs], policy: waitPolicyOf(p, name) })),
    locks: k.locks.map((l) => ({ name: l.name, recursive: l.recursive, livesIn: livesIn(l.owner), declaredBy: placementLocks.has(l.name) ? "placement" : "kernel" })),
    objects: k.objects.list.map((o) => ({ name: o.name, kind: o.kind, fields: k.fieldsOf(o), allocatedAtStart: L.init[o.alive] === 1, mustFree: o.mustFree })),
    events: m.events.map((e) => e.name),
    properties: [...m.invariants.map((i) => i.name), "deadlock", "lost-wakeup", "leak"],
  };
}
