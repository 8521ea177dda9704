/**
 * The callout part of a kernel scenario, as data (issue 4 §4): which variant of the wheel, and
 * which of the tcpcb's timers are armed callouts at the start. `calloutExtension` turns it into
 * the extension model/compose/compose.ts takes beside the scenario spec.
 */
import type { KernelExtension } from "../compose/compose.js";
import type { Kern } from "../kernel/structs.js";
import { tcpCallouts, TCP_CALLOUT_SITES, type TimerName } from "./tcp-timers.js";
import { calloutVariant, CALLOUT_VARIANTS, type CalloutVariant } from "./variant.js";
import { CALLOUT_SITES, CalloutWheel } from "./wheel.js";

export interface CalloutSpec {
  /** A variant's name (see variant.ts) or a variant given in full. */
  readonly variant: string | CalloutVariant;
  /** Timers armed at the start, as callouts on the wheel. */
  readonly armed: readonly TimerName[];
  /** With callout_halt: halt before the pcb is detached, the order NetBSD 5 avoids (default false). */
  readonly haltBeforeDetach?: boolean;
}

export class CalloutSpecError extends Error {
  override readonly name = "CalloutSpecError";
}

export function resolveVariant(v: string | CalloutVariant): CalloutVariant {
  if (typeof v !== "string") return v;
  const found = calloutVariant(v);
  if (!found) throw new CalloutSpecError(`unknown callout variant "${v}" (known: ${CALLOUT_VARIANTS.map((x) => x.name).join(", ")})`);
  return found;
}

/** The kernel's sites and wait sites plus the callout code's. */
export function withCalloutSites(base: { readonly sites: ReadonlySet<string>; readonly waits: ReadonlySet<string> }): {
  sites: Set<string>;
  waits: Set<string>;
} {
  return {
    sites: new Set([...base.sites, ...CALLOUT_SITES, ...TCP_CALLOUT_SITES.sites]),
    waits: new Set([...base.waits, ...TCP_CALLOUT_SITES.waits]),
  };
}

/**
 * Declares the wheel, the tcpcb's timer callouts, their handlers, tcp_close_timers and the
 * softclock context. Call after the scenario's own contexts and before the TCP routines (tcp_close
 * calls tcp_close_timers when it exists).
 */
export function installCallouts(K: Kern, spec: CalloutSpec): CalloutWheel {
  const v = resolveVariant(spec.variant);
  if (v.storage !== "callwheel") throw new CalloutSpecError(`callout variant "${v.name}" keeps its timers as tcpcb counters: use the "timer" context role instead`);
  if (K.k.hasRoutine("softclock")) throw new CalloutSpecError(`a callwheel and a "timer" context both need softclock: use one of them`);
  const wheel = new CalloutWheel(K.k, v);
  tcpCallouts(K, wheel, spec.armed, { haltBeforeDetach: spec.haltBeforeDetach });
  wheel.install();
  return wheel;
}

/**
 * The callout wheel as a kernel extension: `composeKernel(spec, calloutExtension(callouts))`.
 * `then` runs once the wheel, its timers and their handlers exist, so a user's extension can use
 * the wheel (`wheel.reset`, `wheel.stop`, `wheel.callouts`) and replace a handler: a timer that
 * re-arms itself, a handler that checks a flag first.
 */
export function calloutExtension(spec: CalloutSpec, then?: (K: Kern, wheel: CalloutWheel) => void): KernelExtension {
  resolveVariant(spec.variant);
  const sites = withCalloutSites({ sites: new Set(), waits: new Set() });
  return {
    sites,
    install: (K) => {
      const wheel = installCallouts(K, spec);
      then?.(K, wheel);
    },
  };
}

const TIMERS: readonly string[] = ["REXMT", "KEEP", "2MSL"];

/**
 * A scenario file's "callouts" field, checked: {"variant": NAME, "armed": ["REXMT"], "haltBeforeDetach"?: bool}.
 * Throws CalloutSpecError with one line naming the field.
 */
export function parseCalloutSpec(raw: unknown, where: string): CalloutSpec {
  const fail = (msg: string): never => {
    throw new CalloutSpecError(`${where}: ${msg}`);
  };
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return fail(`"callouts" must be an object like {"variant": "netbsd16", "armed": ["REXMT"]}`);
  const o = raw as Record<string, unknown>;
  for (const k of Object.keys(o)) if (!["variant", "armed", "haltBeforeDetach"].includes(k)) fail(`"callouts": unknown field "${k}" (expected variant, armed, haltBeforeDetach)`);
  const wheelVariants = CALLOUT_VARIANTS.filter((v) => v.storage === "callwheel").map((v) => v.name);
  if (typeof o.variant !== "string" || !wheelVariants.includes(o.variant)) fail(`"callouts.variant" must be one of ${wheelVariants.join(", ")}`);
  if (!Array.isArray(o.armed) || o.armed.length === 0 || o.armed.some((x) => !TIMERS.includes(x as string)) || new Set(o.armed).size !== o.armed.length)
    fail(`"callouts.armed" must be a non-empty list of distinct timers from ${TIMERS.join(", ")}`);
  if (o.haltBeforeDetach !== undefined && typeof o.haltBeforeDetach !== "boolean") fail(`"callouts.haltBeforeDetach" must be true or false`);
  return { variant: o.variant as string, armed: o.armed as TimerName[], haltBeforeDetach: o.haltBeforeDetach as boolean | undefined };
}
