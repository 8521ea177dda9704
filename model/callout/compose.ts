/**
 * The callout part of a kernel scenario, as data (issue 4 §4): which variant of the wheel, and
 * which of the tcpcb's timers are armed callouts at the start. `calloutExtension` turns it into
 * the extension model/kernel/compose.ts takes beside the scenario spec.
 */
import type { KernelExtension } from "../kernel/compose.js";
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

/** The callout wheel as a kernel extension: `composeKernel(spec, calloutExtension(callouts))`. */
export function calloutExtension(spec: CalloutSpec): KernelExtension {
  resolveVariant(spec.variant);
  const sites = withCalloutSites({ sites: new Set(), waits: new Set() });
  return { sites, install: (K) => void installCallouts(K, spec) };
}
