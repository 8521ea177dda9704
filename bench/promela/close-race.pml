/*
 * The socket-close race of examples/close-race.ts, the same guarded commands: one d_step per
 * socheck step, program counters in global arrays, so both checkers count the same states.
 * STUBBED=1 makes splnet() a no-op (the double free). Processes 0..M-1 are the applications,
 * M the network interrupt, M+1 softclock. The loops are end states: a finished context blocks.
 * Build: spin -DM=4 -a close-race.pml      (M at most 6)
 */
#ifndef M
#define M 3
#endif
#ifndef STUBBED
#define STUBBED 0
#endif
#define ME _pid
#define CLOSE_WAIT 1
#define CLOSED 2
#define MASKED (!STUBBED && spl != 0)
#define SOFREE(j) assert(freed[j] == 0); freed[j] = 1; timer[j] = 0

byte spl;
byte apc[M];
byte npc[M];
byte tstate[M];
byte nofdref[M];
byte freed[M];
byte timer[M];

active [M] proctype app() {
end:
  do
  :: d_step { apc[ME] == 0 && (STUBBED || spl == 0) -> spl = (STUBBED -> 0 : 1); apc[ME] = 1 }
  :: d_step { apc[ME] == 1 -> nofdref[ME] = 1; apc[ME] = 2 }
  :: d_step { apc[ME] == 2 ->
       if
       :: tstate[ME] == CLOSED -> SOFREE(ME)
       :: else -> skip
       fi;
       apc[ME] = 3 }
  :: d_step { apc[ME] == 3 -> spl = 0; apc[ME] = 4 }
  od
}

#define PACKET(j) \
  :: d_step { !MASKED && npc[j] < 2 -> \
       if \
       :: npc[j] == 0 -> tstate[j] = CLOSE_WAIT; timer[j] = 1 \
       :: else -> tstate[j] = CLOSED; if :: nofdref[j] != 0 -> SOFREE(j) :: else -> skip fi \
       fi; \
       npc[j] = npc[j] + 1 }

#define CALLOUT(j) \
  :: d_step { !MASKED && timer[j] != 0 -> assert(freed[j] == 0); timer[j] = 0 }

active proctype net() {
end:
  do
  PACKET(0)
#if M > 1
  PACKET(1)
#endif
#if M > 2
  PACKET(2)
#endif
#if M > 3
  PACKET(3)
#endif
#if M > 4
  PACKET(4)
#endif
#if M > 5
  PACKET(5)
#endif
  od
}

active proctype softclock() {
end:
  do
  CALLOUT(0)
#if M > 1
  CALLOUT(1)
#endif
#if M > 2
  CALLOUT(2)
#endif
#if M > 3
  CALLOUT(3)
#endif
#if M > 4
  CALLOUT(4)
#endif
#if M > 5
  CALLOUT(5)
#endif
  od
}
