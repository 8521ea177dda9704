/**
 * 4.4BSD TCP timers: t_timer[TCPT_NTIMERS] short counters inside the tcpcb, decremented by
 * tcp_slowtimo every hz/2 at splnet (4.4BSD-Lite2 tcp_timer.c tcp_slowtimo, tcp_var.h). A
 * counter lives and dies with the tcpcb, and tcp_slowtimo re-checks that the pcb survived each
 * PRU_SLOWTIMO ("tpgone"), so there is no free-versus-timer race to model: the counters and the
 * free are serialised by splnet. One Int32 slot per counter; 0 means off.
 */

/** TCPT_RANGESET's effect on one counter: arm it to fire after `ticks` slow ticks (>= 1). */
export function tcpTimerArm(s: Int32Array, t: number, ticks: number): void {
  s[t] = ticks < 1 ? 1 : ticks;
}

/** tp->t_timer[i] = 0. */
export function tcpTimerCancel(s: Int32Array, t: number): void {
  s[t] = 0;
}

/** tcp_canceltimers: every counter of one tcpcb off. */
export function tcpCancelTimers(s: Int32Array, timers: ArrayLike<number>): void {
  for (let i = 0; i < timers.length; i++) s[timers[i]!] = 0;
}

/**
 * One tcp_slowtimo tick of one counter: `if (tp->t_timer[i] && --tp->t_timer[i] == 0)`.
 * Returns true when it expired now, and tcp_slowtimo then calls PRU_SLOWTIMO for it.
 */
export function tcpTimerTick(s: Int32Array, t: number): boolean {
  const v = s[t]!;
  if (v === 0) return false;
  s[t] = v - 1;
  return v === 1;
}
