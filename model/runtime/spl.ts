/**
 * Interrupt priority levels, 4.4BSD order (reference §1): softclock < splnet (the software
 * network interrupt that runs ipintr/tcp_input) < splimp (network devices) < splclock < splhigh.
 * NetBSD's splsoftnet is 4.4's splnet and NetBSD's splnet is 4.4's splimp; use `splLevel` names.
 */
export const SPL0 = 0;
export const SPL_SOFTCLOCK = 1;
export const SPL_NET = 2;
export const SPL_IMP = 3;
export const SPL_CLOCK = 4;
export const SPL_HIGH = 5;

export const SPL_NAMES = ["spl0", "splsoftclock", "splnet", "splimp", "splclock", "splhigh"] as const;
export type SplName = "softclock" | "net" | "softnet" | "imp" | "clock" | "high";

const BY_NAME: Record<SplName, number> = {
  softclock: SPL_SOFTCLOCK,
  net: SPL_NET,
  softnet: SPL_NET,
  imp: SPL_IMP,
  clock: SPL_CLOCK,
  high: SPL_HIGH,
};

export function splLevel(name: SplName): number {
  return BY_NAME[name];
}

export function formatSpl(v: number): string {
  return SPL_NAMES[v] ?? String(v);
}
