/*
 * Peterson's filter lock for N processes, the same guarded commands as examples/filter-lock.ts:
 * one d_step per socheck step inside a do-loop, with the program counter in a global array, so
 * SPIN's control state never differs from socheck's and both count the same states.
 * Build: spin -DN=4 -a filter-lock.pml      (N at most 5)
 */
#ifndef N
#define N 4
#endif
#define NEXT(i, k) ((k) + 1 == (i) -> (k) + 2 : (k) + 1)
#define ME _pid
#define FIRST (ME == 0 -> 1 : 0)

/* The mutual-exclusion invariant, checked after each step that can enter the critical section. */
#define IN(i) (pc[i] == 4)
#if N == 2
#define INSIDE (IN(0) + IN(1))
#elif N == 3
#define INSIDE (IN(0) + IN(1) + IN(2))
#elif N == 4
#define INSIDE (IN(0) + IN(1) + IN(2) + IN(3))
#else
#define INSIDE (IN(0) + IN(1) + IN(2) + IN(3) + IN(4))
#endif

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
       fi;
       assert(INSIDE <= 1) }
  :: d_step { pc[ME] == 3 ->
       k[ME] = 0;
       if
       :: victim[level[ME]] != ME -> pc[ME] = (level[ME] == N - 1 -> 4 : 0)
       :: else -> k[ME] = FIRST; pc[ME] = 2
       fi;
       assert(INSIDE <= 1) }
  :: d_step { pc[ME] == 4 -> level[ME] = 0; pc[ME] = 0 }
  od
}
