/*
 * Dining philosophers, the same guarded commands as examples/philosophers.ts: one d_step per
 * socheck step, program counters in a global array, so both checkers count the same states.
 * With ORDERED=1 the last philosopher takes the right fork first (no deadlock).
 * Build: spin -DN=5 -DORDERED=1 -a philosophers.pml
 */
#ifndef N
#define N 5
#endif
#ifndef ORDERED
#define ORDERED 1
#endif
#define ME _pid
#define FIRST ((ORDERED && ME == N - 1) -> (ME + 1) % N : ME)
#define SECOND ((ORDERED && ME == N - 1) -> ME : (ME + 1) % N)

byte fork[N];
byte pc[N];

active [N] proctype phil() {
  do
  :: d_step { pc[ME] == 0 && fork[FIRST] == 0 -> fork[FIRST] = ME + 1; pc[ME] = 1 }
  :: d_step { pc[ME] == 1 && fork[SECOND] == 0 -> fork[SECOND] = ME + 1; pc[ME] = 2 }
  :: d_step { pc[ME] == 2 -> pc[ME] = 3 }
  :: d_step { pc[ME] == 3 -> fork[SECOND] = 0; pc[ME] = 4 }
  :: d_step { pc[ME] == 4 -> fork[FIRST] = 0; pc[ME] = 0 }
  od
}
