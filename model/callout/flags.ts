/**
 * The bits of a callout's c_flags word, one Int32 slot per callout.
 *
 * PENDING and ACTIVE follow NetBSD 1.6 sys/callout.h (kern_clock.c callwheel); FIRED is
 * kern_timeout.c's CALLOUT_FIRED (OpenBSD's wheel imported in NetBSD 1.6N), set when
 * softclock dequeues; INVOKING is the PR#20390 workaround's CALLOUT_INVOKING (reference §2,
 * synapseos mirror 80ccb5520c), set at dequeue and cleared only by callout_ack.
 *
 * Which handler softclock is running is softclock's own state, not the callout's (see
 * softclock-state.ts): after the handler returns softclock never touches the callout again,
 * which matters once the handler may free the memory the callout lives in.
 */
export const CALLOUT_PENDING = 1 << 0;
export const CALLOUT_ACTIVE = 1 << 1;
export const CALLOUT_FIRED = 1 << 2;
export const CALLOUT_INVOKING = 1 << 3;

const NAMES: readonly [number, string][] = [
  [CALLOUT_PENDING, "PENDING"],
  [CALLOUT_ACTIVE, "ACTIVE"],
  [CALLOUT_FIRED, "FIRED"],
  [CALLOUT_INVOKING, "INVOKING"],
];

/** A flags word in words, for traces: "PENDING|ACTIVE", or "0". */
export function formatCalloutFlags(v: number): string {
  const parts: string[] = [];
  for (const [bit, name] of NAMES) if (v & bit) parts.push(name);
  const rest = v & ~NAMES.reduce((m, [b]) => m | b, 0);
  if (rest) parts.push(`0x${rest.toString(16)}`);
  return parts.length ? parts.join("|") : "0";
}
