/*
 * The processes of examples/private-steps.ts: K steps on a process-local counter, then a write to
 * the process's own slot of a global array, then stop. Build with statement merging off, so every
 * statement is a step as in socheck and both count (K+2)^N states:
 *   spin -o3 -DN=4 -DK=6 -a private-steps.pml
 * SPIN's partial-order reduction treats the local steps as safe and the global write as not.
 */
#ifndef N
#define N 3
#endif
#ifndef K
#define K 3
#endif
#if K > 8
#error K is at most 8
#endif

byte flag[N];

active [N] proctype p() {
  byte count = 0;
#if K >= 1
  count = count + 1;
#endif
#if K >= 2
  count = count + 1;
#endif
#if K >= 3
  count = count + 1;
#endif
#if K >= 4
  count = count + 1;
#endif
#if K >= 5
  count = count + 1;
#endif
#if K >= 6
  count = count + 1;
#endif
#if K >= 7
  count = count + 1;
#endif
#if K >= 8
  count = count + 1;
#endif
  flag[_pid] = 1;
end: false
}
