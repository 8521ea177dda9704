import type { CalloutSpec } from "../model/callout/compose.js";
import { resolveVariant } from "../model/callout/compose.js";
import { CALLOUT_VARIANTS, type CalloutVariant } from "../model/callout/variant.js";
import { SITE_CALLOUT_LOCK } from "../model/callout/wheel.js";
import type { Placement, Protection, SiteProtection, WaitPolicy } from "../model/runtime/placement.js";

/**
 * The protections placement synthesis may add (issue 16 §2), as data: a lock at a site or region,
 * the lock recursive, atomic so_state, a wait that releases, and on a scenario with callouts the
 * callout fixes the sources name: invoking the handler at its registered IPL (PR#20390 fix 1),
 * CALLOUT_INVOKING with callout_ack and a deferred pool_put (fix 2), a callout bound to a lock
 * (FreeBSD callout_init_mtx) and NetBSD 5's TF_DEAD with callout_halt.
 */
export type Atom =
  | { readonly kind: "site"; readonly site: string; readonly lock: string }
  | { readonly kind: "recursive"; readonly lock: string }
  | { readonly kind: "rmw-atomic" }
  | { readonly kind: "wait-release"; readonly wait: string }
  | { readonly kind: "callout-ipl" }
  | { readonly kind: "callout-ack" }
  | { readonly kind: "callout-halt" }
  | { readonly kind: "callout-lock"; readonly lock: string };

export function atomText(a: Atom): string {
  switch (a.kind) {
    case "site":
      return `${a.site}: ${a.lock}`;
    case "recursive":
      return `${a.lock} recursive`;
    case "rmw-atomic":
      return "so_state atomic";
    case "wait-release":
      return `${a.wait}: release`;
    case "callout-ipl":
      return "callout at its registered IPL";
    case "callout-ack":
      return "callout INVOKING + callout_ack";
    case "callout-halt":
      return "TF_DEAD + callout_halt";
    case "callout-lock":
      return `callout_init_mtx(${a.lock})`;
  }
}

/** The lock an atom places, if it places one. */
export function lockOf(a: Atom): string | undefined {
  return a.kind === "site" || a.kind === "callout-lock" ? a.lock : undefined;
}

/** The callout fixes a variant lacks (a variant that has a fix already offers nothing for it). */
export function calloutAtoms(spec: CalloutSpec, locks: readonly string[]): Atom[] {
  const v = resolveVariant(spec.variant);
  const out: Atom[] = [];
  if (v.invokeLevel === "softclock") out.push({ kind: "callout-ipl" });
  if (!v.invoking) out.push({ kind: "callout-ack" });
  if (v.interlock === "none") {
    out.push({ kind: "callout-halt" });
    for (const l of locks) out.push({ kind: "callout-lock", lock: l });
  }
  return out;
}

/** The callout spec a set of atoms makes from `base`: the variant with the fixes applied, named as the library names it when one matches. */
export function calloutsOf(base: CalloutSpec, atoms: readonly Atom[]): CalloutSpec {
  const v0 = resolveVariant(base.variant);
  const has = (k: Atom["kind"]) => atoms.some((a) => a.kind === k);
  if (!atoms.some((a) => a.kind.startsWith("callout-"))) return base;
  const v: CalloutVariant = {
    ...v0,
    invokeLevel: has("callout-ipl") ? "registered" : v0.invokeLevel,
    invoking: v0.invoking || has("callout-ack"),
    interlock: has("callout-lock") ? "bound-lock" : has("callout-halt") ? "halt" : v0.interlock,
  };
  const named = CALLOUT_VARIANTS.find((x) => x.storage === v.storage && x.invokeLevel === v.invokeLevel && x.invoking === v.invoking && x.interlock === v.interlock);
  return { ...base, variant: named ? named.name : { ...v, name: `${v0.name}+${atoms.filter((a) => a.kind.startsWith("callout-")).map(atomText).join("+")}` } };
}

/** Atoms that say nothing or contradict each other: a recursive flag or a released wait with no lock placed, two callout fixes the library cannot combine. */
export function meaningfulAtoms(as: readonly Atom[]): boolean {
  const used = new Set(as.map(lockOf).filter((l) => l !== undefined));
  // One interlock per callout; NetBSD 5's TF_DEAD path and the INVOKING workaround both own tcp_free_tcpcb.
  if (as.some((a) => a.kind === "callout-halt") && as.some((a) => a.kind === "callout-lock" || a.kind === "callout-ack")) return false;
  return as.every((a) => (a.kind === "recursive" ? used.has(a.lock) : a.kind === "wait-release" ? used.size > 0 : true));
}

/** The placement a set of atoms makes from `base`. */
export function placementOf(base: Placement, atoms: readonly Atom[], allLocks: readonly string[]): Placement {
  const sites: Record<string, SiteProtection> = { ...(base.sites ?? {}) };
  const locks: Record<string, { recursive?: boolean }> = { ...(base.locks ?? {}) };
  const waits: Record<string, WaitPolicy> = { ...(base.waits ?? {}) };
  const addLock = (site: string, lock: string) => {
    const had = sites[site];
    const list: Protection[] = had === undefined || had === "none" ? [] : Array.isArray(had) ? [...(had as Protection[])] : [had as Protection];
    list.push({ lock });
    sites[site] = list.length === 1 ? list[0]! : list;
  };
  for (const a of atoms) {
    if (a.kind === "site") addLock(a.site, a.lock);
    if (a.kind === "callout-lock") addLock(SITE_CALLOUT_LOCK, a.lock);
    if (a.kind === "wait-release") waits[a.wait] = "release";
  }
  for (const l of allLocks)
    if (!(l in (base.locks ?? {})) && atoms.some((a) => lockOf(a) === l)) locks[l] = { recursive: atoms.some((a) => a.kind === "recursive" && a.lock === l) };
  const rmw = atoms.some((a) => a.kind === "rmw-atomic") ? "atomic" : base.rmw;
  return {
    name: `synth:${atoms.map(atomText).join(", ") || "nothing added"}`,
    ...(Object.keys(locks).length ? { locks } : {}),
    default: base.default ?? "spl",
    sites,
    waits,
    ...(rmw ? { rmw } : {}),
    ...(base.queues ? { queues: base.queues } : {}),
  };
}
