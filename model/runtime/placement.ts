import { readFileSync } from "node:fs";
import { didYouMean } from "./did-you-mean.js";

/**
 * Placement as data (issue 3 §6): which protection each site of the real code gets.
 * A site is a place the code calls spl (soclose's splnet, sorflush's splimp, ...) or an entry
 * point (the input thread around tcp_input, the user API around soclose). A wait site is a place
 * the code sleeps (sbwait, the linger tsleep); a lock held there is either kept or released around
 * the sleep. Kernel variants (4.4, Kyu stubbed, Kyu net_lock, Kyu big lock) are placements.
 */
export type Protection = "spl" | "none" | { readonly lock: string };
/**
 * What a site gets: one protection, or several taken in order at the site's start and released in
 * reverse at its end (a lock and an spl level; two locks). An empty list is "none".
 */
export type SiteProtection = Protection | readonly Protection[];
export type WaitPolicy = "hold" | "release" | "interlock";

export interface LockDecl {
  readonly recursive?: boolean;
}

export interface Placement {
  readonly name: string;
  readonly locks?: Readonly<Record<string, LockDecl>>;
  /** Protection of every site not listed in `sites` (default "spl": as the code says). */
  readonly default?: SiteProtection;
  /** Sites by name: the spl calls and entry points of the code, and named regions (`b.site(name)`). */
  readonly sites?: Readonly<Record<string, SiteProtection>>;
  /**
   * Locks held at a wait site: kept ("hold"); released before the code prepares to sleep and
   * re-taken after ("release", default: Kyu's net_unlock before sbwait); or released atomically
   * with going to sleep ("interlock": msleep, tsleep_interlock), so no wakeup falls in between.
   */
  readonly waits?: Readonly<Record<string, WaitPolicy>>;
  /**
   * Granularity of so_state updates (issue 3 §7): "split" (the default) makes `so_state |= X` a
   * load and a store, two steps, as the compiled C is; where every writer is excluded the split
   * is harmless, only larger. "atomic" makes it one step: atomic set/clear instructions
   * (DragonFly's sosetstate/soclrstate), or a word the placement's author knows every writer
   * updates under one exclusion.
   */
  readonly rmw?: "atomic" | "split";
  /**
   * Granularity of queue operations (soqinsque, soqremque): "atomic" (the default) makes each one
   * step; "split" makes it what the compiled C is, the link or unlink and then the length update
   * as a load and a store, so two unprotected operations can leave a length that disagrees with
   * the links (the queue-corrupt property).
   */
  readonly queues?: "atomic" | "split";
}

export class PlacementError extends Error {
  override readonly name = "PlacementError";
}

function protectionOk(p: unknown): p is Protection {
  if (p === "spl" || p === "none") return true;
  return typeof p === "object" && p !== null && typeof (p as { lock?: unknown }).lock === "string" && Object.keys(p).length === 1;
}

/** The names a placement may refer to; `null` skips that check (the kernel is not linked yet). */
export interface PlacementNames {
  readonly sites: ReadonlySet<string> | null;
  readonly waits: ReadonlySet<string> | null;
  /** Locks the kernel itself declares (locks that live in objects); the placement's own are always known. */
  readonly kernelLocks?: ReadonlySet<string>;
}

/**
 * Checks `raw` is a placement for a kernel with these sites; throws PlacementError with one line
 * naming the first unknown site, lock or value. Called twice: for its shape when a kernel is
 * composed, and against the linked routines' sites, regions and locks when it is built.
 */
export function validatePlacement(raw: unknown, sites: ReadonlySet<string> | null, waitSites: ReadonlySet<string> | null, kernelLocks: ReadonlySet<string> = new Set()): Placement {
  const where = (p: Partial<Placement>) => `placement ${typeof p.name === "string" ? `"${p.name}"` : "(unnamed)"}`;
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw new PlacementError("placement: not a JSON object");
  const p = raw as Record<string, unknown>;
  const known = new Set(["name", "locks", "default", "sites", "waits", "rmw", "queues", "$schema", "description"]);
  for (const k of Object.keys(p)) if (!known.has(k)) throw new PlacementError(`${where(p)}: unknown field "${k}"`);
  if (typeof p.name !== "string" || p.name === "") throw new PlacementError(`${where(p)}: "name" must be a non-empty string`);
  const locks = (p.locks ?? {}) as Record<string, unknown>;
  if (typeof locks !== "object" || Array.isArray(locks)) throw new PlacementError(`${where(p)}: "locks" must be an object`);
  for (const [n, d] of Object.entries(locks)) {
    if (typeof d !== "object" || d === null) throw new PlacementError(`${where(p)}: lock "${n}" must be an object like {"recursive": false}`);
    for (const k of Object.keys(d)) if (k !== "recursive") throw new PlacementError(`${where(p)}: lock "${n}": unknown field "${k}"`);
    const r = (d as { recursive?: unknown }).recursive;
    if (r !== undefined && typeof r !== "boolean") throw new PlacementError(`${where(p)}: lock "${n}": "recursive" must be true or false`);
    if (kernelLocks.has(n)) throw new PlacementError(`${where(p)}: lock "${n}" is declared by the kernel already (it lives in an object); use it without declaring it`);
  }
  const checkProt = (what: string, v: unknown) => {
    const list = Array.isArray(v) ? (v as unknown[]) : [v];
    const shape = `expected "spl", "none", {"lock": NAME} or a list of them`;
    if (Array.isArray(v) && list.some((x) => x === "none")) throw new PlacementError(`${where(p)}: ${what}: "none" cannot be part of a list (an empty list means none)`);
    for (const x of list) {
      if (!protectionOk(x)) throw new PlacementError(`${where(p)}: ${what}: ${shape}, got ${JSON.stringify(v)}`);
      if (typeof x === "object" && !(x.lock in locks) && !kernelLocks.has(x.lock))
        throw new PlacementError(`${where(p)}: ${what}: unknown lock "${x.lock}" (declare it under "locks"${kernelLocks.size ? `, or use one of the kernel's: ${[...kernelLocks].join(", ")}` : ""})`);
    }
    const names = (list as Protection[]).map((x) => (typeof x === "object" ? x.lock : x));
    if (new Set(names).size !== names.length) throw new PlacementError(`${where(p)}: ${what}: the same protection twice in ${JSON.stringify(v)}`);
  };
  if (p.default !== undefined) checkProt("default", p.default);
  const siteMap = (p.sites ?? {}) as Record<string, unknown>;
  if (typeof siteMap !== "object" || Array.isArray(siteMap)) throw new PlacementError(`${where(p)}: "sites" must be an object`);
  for (const [site, v] of Object.entries(siteMap)) {
    if (sites && !sites.has(site)) throw new PlacementError(`${where(p)}: unknown site "${site}"${didYouMean(site, sites)} (known: ${[...sites].sort().join(", ")})`);
    checkProt(`site "${site}"`, v);
  }
  const waits = (p.waits ?? {}) as Record<string, unknown>;
  if (typeof waits !== "object" || Array.isArray(waits)) throw new PlacementError(`${where(p)}: "waits" must be an object`);
  for (const [site, v] of Object.entries(waits)) {
    if (waitSites && !waitSites.has(site)) throw new PlacementError(`${where(p)}: unknown wait site "${site}"${didYouMean(site, waitSites)} (known: ${[...waitSites].sort().join(", ")})`);
    if (v !== "hold" && v !== "release" && v !== "interlock")
      throw new PlacementError(`${where(p)}: wait site "${site}": expected "hold", "release" or "interlock", got ${JSON.stringify(v)}`);
  }
  if (p.rmw !== undefined && p.rmw !== "atomic" && p.rmw !== "split")
    throw new PlacementError(`${where(p)}: "rmw" must be "atomic" or "split", got ${JSON.stringify(p.rmw)}`);
  if (p.queues !== undefined && p.queues !== "atomic" && p.queues !== "split")
    throw new PlacementError(`${where(p)}: "queues" must be "atomic" or "split", got ${JSON.stringify(p.queues)}`);
  return raw as Placement;
}

/** Reads a placement from a JSON file; bad JSON is a PlacementError naming the file. */
export function readPlacementFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new PlacementError(`placement file ${path}: ${(e as NodeJS.ErrnoException).code ?? "cannot read"}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new PlacementError(`placement file ${path}: invalid JSON (${(e as Error).message.split("\n")[0]})`);
  }
}

export function protectionOf(p: Placement, site: string): SiteProtection {
  return p.sites?.[site] ?? p.default ?? "spl";
}

/** A site's protections in the order they are taken; "none" is the empty list. */
export function protectionsOf(p: Placement, site: string): readonly Exclude<Protection, "none">[] {
  const v = protectionOf(p, site);
  const list = Array.isArray(v) ? (v as readonly Protection[]) : [v as Protection];
  return list.filter((x): x is Exclude<Protection, "none"> => x !== "none");
}

export function waitPolicyOf(p: Placement, site: string): WaitPolicy {
  return p.waits?.[site] ?? "release";
}
