/**
 * TCP's timers as callouts (NetBSD 1.6 netinet/tcp_timer.c, tcp_subr.c; reference §2): each
 * armed timer is a struct callout embedded in the tcpcb, its handler raises to splsoftnet itself
 * and then runs the 4.4 tcp_timers case (model/kernel/tcp.ts's tcp_timer_* routines), and
 * tcp_close stops every timer before pool_put. The variant's options add the PR#20390 workaround
 * (callout_ack, tcp_isdead, TF_DEAD deferral) or NetBSD 5's callout_halt under softnet_lock.
 *
 * Only the initially armed timers are callouts here: the 4.4 routines' re-arming of their
 * counters (tcp_output's TCPT_RANGESET on a FIN, the rexmt handler's backoff) is not turned into
 * callout_reset, so each callout fires at most once. The PR#20390 window needs one expiry.
 */
import { freeObject } from "../runtime/faults.js";
import { bitsFormatter } from "../runtime/layout.js";
import { SPL_NET } from "../runtime/spl.js";
import type { Kern } from "../kernel/structs.js";
import { TIMER_NAMES } from "../kernel/constants.js";
import { calloutAck } from "./callout.js";
import { TCP_ALIVE, TCP_DEAD_FREE_NOW, TF_DEAD, tcpCloseDefersFree, tcpIsDead } from "./tcp-dead.js";
import type { Callout, CalloutWheel } from "./wheel.js";

/** The handler's `s = splsoftnet()` (NetBSD 5: mutex_enter(softnet_lock)). */
export const SITE_TCP_TIMER_SPL = "tcp_timer.splsoftnet";
/** callout_halt's sleep while the handler runs; its interlock is released there. */
export const WAIT_CALLOUT_HALT = "callout_halt";

export const TCP_CALLOUT_SITES = { sites: [SITE_TCP_TIMER_SPL], waits: [WAIT_CALLOUT_HALT] } as const;

export type TimerName = (typeof TIMER_NAMES)[number];

export interface TcpCallouts {
  readonly timers: readonly Callout[];
  /** tp->t_flags (TF_DEAD lives here). */
  readonly tFlags: number;
}

/**
 * Declares the tcpcb's timer callouts on `wheel` (armed as `armed` says), their handlers,
 * and the parts of tcp_close the variant changes: tcp_close_timers (tcp_canceltimers; NetBSD 5's
 * TF_DEAD), tcp_free_tcpcb (with INVOKING the deferred pool_put; NetBSD 5 moves pool_put after the
 * detach) and tcp_close_detached (NetBSD 5's callout_halt and pool_put). tcp_close calls each
 * when it exists (model/kernel/tcp.ts), so call this before the TCP routines are declared.
 */
export function tcpCallouts(K: Kern, wheel: CalloutWheel, armed: readonly TimerName[], opts: { haltBeforeDetach?: boolean } = {}): TcpCallouts {
  const { k } = K;
  const v = wheel.variant;
  const tp = K.tp;
  const tFlags = k.layout.find("tp.t_flags") ?? k.objects.field(tp, "t_flags", 0, bitsFormatter({ [TF_DEAD]: "TF_DEAD" }));
  const timers: Callout[] = [];
  for (const name of armed) {
    const body = `tcp_timer_${name.toLowerCase()}`;
    timers.push(wheel.callout(tp, `t_timer[${name}].callout`, { handler: `callout:${body}`, level: SPL_NET, armed: true }));
  }
  const allFlags = timers.map((c) => c.flags);
  for (let i = 0; i < timers.length; i++) {
    const c = timers[i]!;
    const body = `tcp_timer_${armed[i]!.toLowerCase()}`;
    k.routine(c.handler, `NetBSD 1.6 netinet/tcp_timer.c ${body}(void *arg) (${v.source})`, (b) => {
      const out = b.at("out");
      b.spl(SITE_TCP_TIMER_SPL, SPL_NET, "s = splsoftnet()");
      if (v.invoking) {
        b.step(`callout_ack(&tp->t_timer[${armed[i]}])`, { reads: [c.flags], writes: [c.flags] }, (s) => calloutAck(s, c));
        const freeNow = b.at("delayed pool_put");
        b.step("tcp_isdead(tp)?", { reads: [tFlags, ...allFlags] }, (s) => {
          const r = tcpIsDead(s, tFlags, timers);
          if (r === TCP_ALIVE) return;
          return r === TCP_DEAD_FREE_NOW ? freeNow.pc : out.pc;
        });
        b.goto(b.at("body"), "alive");
        b.here("delayed pool_put");
        b.step("pool_put(tp) (delayed)", { writes: [tp.alive, tp.freedBy, tp.freedAt] }, (s, x) => freeObject(s, x, tp));
        b.goto(out, "return");
      }
      if (v.interlock === "halt") b.jumpIf("tp->t_flags & TF_DEAD?", { reads: [tFlags] }, (s) => (s[tFlags]! & TF_DEAD) !== 0, out);
      b.here("body");
      b.call(body);
      b.here("out");
      b.splx(SITE_TCP_TIMER_SPL);
    });
  }
  if (v.interlock === "halt" && opts.haltBeforeDetach) {
    // The order NetBSD 5 avoids: callout_halt drops softnet_lock while the pcb is still attached.
    k.routine("tcp_close_timers", `tcp_close with callout_halt before the detach (not NetBSD 5's order; ${v.source})`, (b) => {
      b.step("tp->t_flags |= TF_DEAD", { reads: [tFlags], writes: [tFlags] }, (s) => {
        s[tFlags] = s[tFlags]! | TF_DEAD;
      });
      for (const c of timers) wheel.drain(b, c, WAIT_CALLOUT_HALT, "callout_halt");
    });
  } else if (v.interlock === "halt") {
    // NetBSD 5 tcp_close: TF_DEAD first (a handler that gets softnet_lock later returns at once),
    // then the detach, and only then callout_halt, which may drop softnet_lock ("pcb is no longer
    // visible elsewhere, so we can safely release the lock"), and pool_put.
    k.routine("tcp_close_timers", `NetBSD 5 netinet/tcp_subr.c tcp_close: TF_DEAD before the detach (${v.source})`, (b) => {
      b.step("tp->t_flags |= TF_DEAD", { reads: [tFlags], writes: [tFlags] }, (s) => {
        s[tFlags] = s[tFlags]! | TF_DEAD;
      });
    });
    k.routine("tcp_free_tcpcb", "NetBSD 5 netinet/tcp_subr.c tcp_close: pool_put comes after the detach and callout_halt", (b) => {
      b.step("(pool_put after callout_halt)", {}, () => undefined);
    });
    k.routine("tcp_close_detached", `NetBSD 5 netinet/tcp_subr.c tcp_close: callout_halt(t_timer[i], softnet_lock); pool_put`, (b) => {
      for (const c of timers) wheel.drain(b, c, WAIT_CALLOUT_HALT, "callout_halt");
      b.step("pool_put(tp)", { writes: [tp.alive, tp.freedBy, tp.freedAt] }, (s, x) => freeObject(s, x, tp));
    });
  } else
    k.routine("tcp_close_timers", `NetBSD 1.6 netinet/tcp_subr.c tcp_close → tcp_canceltimers (${v.source})`, (b) => {
      for (const c of timers) wheel.stop(b, c, `TCP_TIMER_DISARM(${c.name}): callout_stop`);
    });
  if (v.invoking)
    k.routine("tcp_free_tcpcb", `NetBSD netinet/tcp_subr.c tcp_close, PR#20390 workaround: TF_DEAD instead of pool_put (${v.source})`, (b) => {
      const out = b.at("out");
      b.step("tcp_timers_invoking(tp)? t_flags |= TF_DEAD", { reads: [tFlags, ...allFlags], writes: [tFlags] }, (s) => {
        if (tcpCloseDefersFree(s, tFlags, timers)) return out.pc;
      });
      b.step("pool_put(tp)", { writes: [tp.alive, tp.freedBy, tp.freedAt] }, (s, x) => freeObject(s, x, tp));
      b.here("out");
    });
  return { timers, tFlags };
}
