/*
 * Peterson's filter lock for N processes, the same guarded commands as examples/filter-lock.ts:
 * one d_step per socheck step inside a do-loop, with the program counter in a global array, so
 * SPIN's control state never differs from socheck's and both count the same states.
 * Build: spin -DN=4 -a filter-lock.pml
 */
#ifndef N
#define N 4
#endif
#define NEXT(i, k) ((k) + 1 == (i) -> (k) + 2 : (k) + 1)
#define ME _pid
#define FIRST (ME == 0 -> 1 : 0)

byte level[N];
byte victim[N];
byte k[N];
byte pc[N];

active [N] proctype P() {
  do
  :: d_step { pc[ME] == 0 -> level[ME] = level[ME] + 1; pc[ME] = 1 }
  :: d_step { pc[ME] == 1 -> victim[level[ME]] = ME; k[ME] = FIRST; pc[ME] = 2 }
  :: d_step { pc[ME] == 2 ->
       if
       :: level[k[ME]] >= level[ME] -> pc[ME] = 3
       :: else ->
          if
          :: NEXT(ME, k[ME]) < N -> k[ME] = NEXT(ME, k[ME])
          :: else -> k[ME] = 0; pc[ME] = (level[ME] == N - 1 -> 4 : 0)
          fi
       fi }
  :: d_step { pc[ME] == 3 ->
       k[ME] = 0;
       if
       :: victim[level[ME]] != ME -> pc[ME] = (level[ME] == N - 1 -> 4 : 0)
       :: else -> k[ME] = FIRST; pc[ME] = 2
       fi }
  :: d_step { pc[ME] == 4 -> level[ME] = 0; pc[ME] = 0 }
  od
}
