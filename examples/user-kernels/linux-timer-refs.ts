/**
 * A user kernel: Linux's rule that a pending timer holds a reference on its socket, written on
 * socheck's built-in close path through the public API only. `../../model/index.js` and
 * `../../index.js` are exactly what the package names `socheck/kernel` and `socheck` resolve to
 * (package.json "exports"); an example outside this repository imports those names instead.
 *
 * What the Linux source does (torvalds/linux):
 * - net/core/sock.c sk_reset_timer: `if (!mod_timer(timer, expires)) sock_hold(sk);` arming a
 *   timer that was not pending takes a reference.
 * - net/core/sock.c sk_stop_timer: `if (del_timer(timer)) __sock_put(sk);` deleting a pending
 *   timer drops that reference; a handler already running keeps it.
 * - include/net/sock.h sock_hold / __sock_put / sock_put: `if (refcount_dec_and_test(&sk->sk_refcnt))
 *   sk_free(sk);` the socket is freed when the count reaches zero.
 * - net/ipv4/tcp_timer.c tcp_keepalive_timer: `bh_lock_sock(sk); if (sock_owned_by_user(sk))
 *   { inet_csk_reset_keepalive_timer(sk, HZ/20); goto out; }` ... `resched:
 *   inet_csk_reset_keepalive_timer(sk, elapsed);` ... `out: bh_unlock_sock(sk); sock_put(sk);`
 *   (inet_csk_reset_keepalive_timer is sk_reset_timer on sk->sk_timer, inet_connection_sock.c).
 * - net/ipv4/tcp.c tcp_close: lock_sock, the FIN, `sock_hold(sk); sock_orphan(sk);
 *   release_sock(sk);` ... `sock_put(sk);` at its end.
 * - net/ipv4/tcp.c tcp_done → inet_csk_clear_xmit_timers → sk_stop_timer(sk, &sk->sk_timer);
 *   inet_csk_destroy_sock ends with sock_put(sk), the protocol's reference (sock_init_data's 1).
 * - net/ipv4/tcp_ipv4.c tcp_v4_rcv: the lookup takes a reference; `bh_lock_sock_nested(sk);
 *   if (!sock_owned_by_user(sk)) tcp_v4_do_rcv(...) else tcp_add_backlog(...);
 *   bh_unlock_sock(sk);` ... `sock_put(sk)`.
 *
 * How it maps onto the built-in 4.4 close path (simplifications, each deliberate):
 * - The socket is socheck's `so`; its tcpcb and inpcb stay separate objects, freed by the
 *   built-in tcp_close and in_pcbdetach as before. soclose becomes Linux's tcp_close; the
 *   built-in tcp_close plays tcp_done, and in_pcbdetach's call of sofree is where tcp_done
 *   destroys an orphaned socket (inet_csk_destroy_sock's sock_put of the protocol's reference).
 * - tcp_close destroys the socket itself only if it was closed before sock_orphan (its
 *   "Have we already been destroyed by a softirq or backlog?" test), so the protocol's reference
 *   is dropped exactly once, by whichever side comes last.
 * - "sk->sk_state == TCP_CLOSE" is read as so_pcb == 0: the built-in tcp_close detaches the pcb
 *   in the call where Linux's tcp_done sets TCP_CLOSE. The keepalive probe itself is not modelled.
 * - sk_lock.slock is a lock living in the socket (taking it after sk_free is a use after free);
 *   sk_lock.owned is a field. A segment that finds the socket owned waits until release_sock
 *   instead of going to the backlog that release_sock would process: the same order w.r.t. the owner.
 * - The timer wheel's bucket is a global word; detach_timer clears the timer's own pending bit in
 *   the socket, so expiring a timer of a freed socket is caught as a use after free.
 * - One process closes; lock_sock does not sleep on another owner.
 */
import { free, kernelScenario, type Kern, type KernelExtension, type KernelScenarioSpec, type RoutineBuilder, type Scenario } from "../../model/index.js";

/** A count the model's refcount_t saturates at; the safe verdict of the source's discipline includes never reaching it. */
export const REFCOUNT_SATURATED = 6;

/** The ways the reference discipline can be written; "linux" is what the source does. */
export type TimerRefVariant =
  | "linux"
  /** The owned-by-user path re-arms (taking a reference) and returns without its sock_put: a leak. */
  | "missing-put"
  /** sk_stop_timer drops the reference whether or not del_timer found the timer pending: a use after free. */
  | "extra-put";

/** Slots the Linux parts add to the socket, for scenarios built on this one. */
export interface LinuxSock {
  readonly refcnt: number;
  readonly owned: number;
  readonly timerPending: number;
  /** timer_base: sk_timer is in a bucket of the wheel (1) or not (0). */
  readonly wheel: number;
  /** timer_base->running_timer: sk_timer's function is running (1) or not (0). */
  readonly running: number;
}

/** Places where a scenario built on this one adds statements (example c), each at a point of the Linux source. */
export interface LinuxHooks {
  /** After the slots and before the routines: declare objects and fields. */
  install?(K: Kern, x: LinuxSock): void;
  /** tcp_keepalive_timer, socket not owned and not closed, before the probe and resched. */
  keepaliveProbe?(b: RoutineBuilder): void;
  /** tcp_close after release_sock, before its final sock_put. */
  closeBeforePut?(b: RoutineBuilder): void;
  /** After tcp_close has returned to its caller. */
  closeAfter?(b: RoutineBuilder): void;
}

/**
 * The Linux socket lifetime as an extension: sk_refcnt, sk_lock, sk_timer and its softirq, sock_put,
 * sk_reset_timer/sk_stop_timer, tcp_keepalive_timer, and tcp_close/tcp_v4_rcv around the built-in
 * protocol code. `hooks` let a scenario built on this one add statements (example c).
 */
export function linuxTimerRefs(variant: TimerRefVariant, hooks: LinuxHooks = {}): KernelExtension {
  return {
    locks: { "sk_lock.slock": { in: "so" } },
    install(K) {
      const { k, so } = K;
      const slock = k.lock("sk_lock.slock");
      // The protocol's reference (sock_init_data) and the armed keepalive timer's.
      const refcnt = k.field(so, "sk_refcnt", 2);
      const owned = k.field(so, "sk_lock.owned");
      const dead = k.field(so, "sk_flags.SOCK_DEAD");
      const timerPending = k.field(so, "sk_timer.pending", 1);
      const wheel = k.layout.slot("timer_base.sk_timer_queued", 1);
      const running = k.layout.slot("timer_base.running_timer");
      const x: LinuxSock = { refcnt, owned, timerPending, wheel, running };
      hooks.install?.(K, x);
      // lib/refcount.c refcount_warn_saturate: "refcount_t: saturated; leaking memory."
      k.invariant({
        name: "refcount-saturated",
        reads: [refcnt],
        check: (s) => (s[refcnt] === REFCOUNT_SATURATED ? `sk_refcnt saturated at ${REFCOUNT_SATURATED}: more holds than puts ("refcount_t: saturated; leaking memory")` : null),
      });

      k.routine("sock_put", "include/net/sock.h sock_put", (b) => {
        const out = b.at("out");
        b.jumpIf("refcount_dec_and_test(&sk->sk_refcnt)?", { reads: [refcnt], writes: [refcnt] }, (s) => dec(s) !== 0, out);
        free(b, "sk_free(sk)", so);
        b.here("out");
      });
      // refcount_t saturates: once there it stays (the object leaks) and no count wraps to zero.
      // Here that bounds the states a leaking variant can reach; the source's discipline stays below it.
      const inc = (s: Int32Array) => void (s[refcnt] = Math.min(REFCOUNT_SATURATED, s[refcnt]! + 1));
      const dec = (s: Int32Array) => (s[refcnt] === REFCOUNT_SATURATED ? REFCOUNT_SATURATED : --s[refcnt]!);
      const sockHold = (b: RoutineBuilder, label = "sock_hold(sk)") => b.step(label, { reads: [refcnt], writes: [refcnt] }, inc);

      // inet_csk_destroy_sock drops the protocol's reference, once: from tcp_done when the socket is
      // already orphaned (SOCK_DEAD), else from tcp_close. The built-in tcp_close's in_pcbdetach
      // calls sofree at the point where Linux's tcp_done would destroy.
      k.replace("sofree", "net/ipv4/tcp.c tcp_done: if (sock_flag(sk, SOCK_DEAD)) inet_csk_destroy_sock(sk)", (b) => {
        const out = b.at("out");
        b.jumpIf("!sock_flag(sk, SOCK_DEAD)?", { reads: [dead] }, (s) => s[dead] === 0, out);
        b.call("sock_put", "inet_csk_destroy_sock(sk): sock_put(sk)");
        b.here("out");
      });

      k.routine("sk_reset_timer", "net/core/sock.c sk_reset_timer", (b) => {
        const out = b.at("out");
        b.step("mod_timer(timer, expires)", { reads: [timerPending, wheel], writes: [timerPending, wheel] }, (s, c) => {
          s[c.r1] = s[timerPending]!;
          s[timerPending] = 1;
          s[wheel] = 1;
        });
        b.step("returned 0 (was not pending)?", {}, (s, c) => {
          const was = s[c.r1];
          s[c.r1] = 0;
          if (was !== 0) return out.pc;
        });
        sockHold(b);
        b.here("out");
      });

      k.routine("sk_stop_timer", `net/core/sock.c sk_stop_timer${variant === "extra-put" ? " (variant: the result of del_timer ignored)" : ""}`, (b) => {
        const out = b.at("out");
        b.step("del_timer(timer)", { reads: [timerPending, wheel], writes: [timerPending, wheel] }, (s, c) => {
          s[c.r1] = s[timerPending]!;
          s[timerPending] = 0;
          s[wheel] = 0;
        });
        b.step("returned 1 (deleted a pending timer)?", {}, (s, c) => {
          const was = s[c.r1];
          s[c.r1] = 0;
          if (was === 0 && variant !== "extra-put") return out.pc;
        });
        b.step("__sock_put(sk)", { reads: [refcnt], writes: [refcnt] }, (s) => void dec(s));
        b.here("out");
      });
      // del_timer_sync: wait until the handler is not running, then delete it if pending (one step,
      // try_to_del_timer_sync under the base lock). Must not be called with the socket lock held.
      k.routine("sk_stop_timer_sync", "net/core/sock.c sk_stop_timer_sync", (b) => {
        const out = b.at("out");
        b.step("del_timer_sync(timer)", { reads: [running, timerPending, wheel], writes: [timerPending, wheel] }, (s, c) => {
          s[c.r1] = s[timerPending]!;
          s[timerPending] = 0;
          s[wheel] = 0;
        }, { guard: (s) => s[running] === 0, wait: { what: "del_timer_sync: sk_timer's function to return" } });
        b.step("returned 1?", {}, (s, c) => {
          const was = s[c.r1];
          s[c.r1] = 0;
          if (was === 0) return out.pc;
        });
        b.step("__sock_put(sk)", { reads: [refcnt], writes: [refcnt] }, (s) => void dec(s));
        b.here("out");
      });
      // The built-in tcp_close calls this first: tcp_done's inet_csk_clear_xmit_timers.
      k.routine("tcp_close_timers", "net/ipv4/inet_connection_sock.c inet_csk_clear_xmit_timers", (b) => void b.call("sk_stop_timer"));

      k.routine("tcp_keepalive_timer", `net/ipv4/tcp_timer.c tcp_keepalive_timer${variant === "missing-put" ? " (variant: the owned path returns without sock_put)" : ""}`, (b) => {
        const out = b.at("out");
        const notOwned = b.at("not owned");
        b.lock(slock, "bh_lock_sock(sk)");
        b.jumpIf("sock_owned_by_user(sk)?", { reads: [owned] }, (s) => s[owned] === 0, notOwned);
        b.call("sk_reset_timer", "inet_csk_reset_keepalive_timer(sk, HZ/20): try again later");
        if (variant === "missing-put") {
          b.unlock(slock, "bh_unlock_sock(sk)");
          b.ret("return (no sock_put)");
        } else b.goto(out, "goto out");
        b.here("not owned");
        b.jumpIf("sk_state == TCP_CLOSE: goto out", { reads: [K.soPcb] }, (s) => s[K.soPcb] === 0, out);
        hooks.keepaliveProbe?.(b);
        b.call("sk_reset_timer", "resched: inet_csk_reset_keepalive_timer(sk, elapsed)");
        b.here("out");
        b.unlock(slock, "bh_unlock_sock(sk)");
        b.call("sock_put");
      });

      // The timer softirq (kernel/time/timer.c expire_timers): detach the timer, call its function.
      // It runs timer callbacks, so a use of freed memory there is a callout after free.
      K.contexts.push(
        k.thread("timer", { kind: "timer", runsCallouts: true }, (b) => {
          const idle = b.here("idle");
          b.idleWait(
            "expire_timers: detach_timer(sk_timer)",
            { reads: [wheel, timerPending], writes: [wheel, timerPending, running] },
            (s) => s[wheel] === 1,
            (s) => {
              s[wheel] = 0;
              s[timerPending] = 0;
              s[running] = 1;
            },
            "sk_timer expires",
          );
          b.call("tcp_keepalive_timer", "call_timer_fn: tcp_keepalive_timer");
          b.step("base->running_timer = NULL", { writes: [running] }, (s) => void (s[running] = 0));
          b.goto(idle);
        }),
      );

      // tcp_close in Linux's order: the FIN under lock_sock; hold and orphan; release_sock; then, under
      // bh_lock_sock, destroy only if the connection was closed before the orphaning (a softirq that
      // closed it since saw SOCK_DEAD and destroyed it itself); the final put.
      k.replace("soclose", "net/ipv4/tcp.c tcp_close (as inet_release calls it)", (b) => {
        const out = b.at("out");
        b.lock(slock, "lock_sock(sk): spin_lock_bh(slock)");
        b.step("sk_lock.owned = 1", { writes: [owned] }, (s) => void (s[owned] = 1));
        b.unlock(slock, "lock_sock(sk): spin_unlock_bh(slock)");
        b.call("sodisconnect", "tcp_close_state(sk); tcp_send_fin(sk)");
        b.step("adjudge_to_death: state = sk_state; sock_hold(sk); sock_orphan(sk)", { reads: [K.soPcb, refcnt], writes: [refcnt, dead] }, (s, c) => {
          s[c.r1] = s[K.soPcb] === 0 ? 1 : 0;
          inc(s);
          s[dead] = 1;
        });
        b.lock(slock, "release_sock(sk): spin_lock_bh(slock)");
        b.step("sk_lock.owned = 0", { writes: [owned] }, (s) => void (s[owned] = 0));
        b.unlock(slock, "release_sock(sk): spin_unlock_bh(slock)");
        b.lock(slock, "bh_lock_sock(sk)");
        b.step("state was TCP_CLOSE? (else tcp_done destroys, or did)", {}, (s, c) => {
          const closed = s[c.r1];
          s[c.r1] = 0;
          if (closed === 0) return out.pc;
        });
        b.call("sock_put", "inet_csk_destroy_sock(sk): sock_put(sk)");
        b.here("out");
        b.unlock(slock, "bh_unlock_sock(sk)");
        hooks.closeBeforePut?.(b);
        b.call("sock_put", "sock_put(sk)");
        hooks.closeAfter?.(b);
      });

      // tcp_v4_rcv around the built-in tcp_input: a reference from the lookup, the socket lock.
      k.replace("tcp_input", "net/ipv4/tcp_ipv4.c tcp_v4_rcv", (b, original) => {
        const found = b.at("found");
        const relock = b.at("bh_lock_sock");
        const backlog = b.at("owned");
        b.jumpIf("__inet_lookup_skb: hashed?", { reads: [K.tcbListed] }, (s) => s[K.tcbListed] !== 0, found);
        b.call(original, "no socket: tcp_v4_send_reset; discard");
        b.ret();
        b.here("found");
        sockHold(b, "__inet_lookup_skb: sock_hold(sk)");
        b.here("bh_lock_sock");
        b.lock(slock, "bh_lock_sock_nested(sk)");
        b.jumpIf("sock_owned_by_user(sk)?", { reads: [owned] }, (s) => s[owned] !== 0, backlog);
        b.call(original, "tcp_v4_do_rcv(sk, skb)");
        b.unlock(slock, "bh_unlock_sock(sk)");
        b.call("sock_put", "sock_put(sk)");
        b.ret();
        b.here("owned");
        b.unlock(slock, "bh_unlock_sock(sk)");
        b.step("tcp_add_backlog: until release_sock", { reads: [owned] }, () => relock.pc, {
          guard: (s) => s[owned] === 0,
          wait: { what: "release_sock(sk)" },
        });
      });
    },
  };
}

/**
 * The peer has closed (CLOSE_WAIT) and the keepalive timer is armed; the application closes, the
 * peer acknowledges our FIN or resets, and the timer may expire at any point, on another CPU.
 */
export function linuxSpec(name: string): KernelScenarioSpec {
  return {
    name,
    policy: "any",
    placement: { name: "linux-sk_lock (the routines take their locks themselves)", default: "none" },
    options: { flavor: "bsd44" },
    initial: { tcpState: "CLOSE_WAIT" },
    contexts: [
      { name: "close", role: "app", program: "close" },
      { name: "softirq", role: "input" },
    ],
    peer: { ack: true, rst: true },
  };
}

const SOURCE = "Linux net/core/sock.c sk_reset_timer, sk_stop_timer; include/net/sock.h sock_put; net/ipv4/tcp_timer.c tcp_keepalive_timer; net/ipv4/tcp.c tcp_close";

/** The three scenarios: the source's discipline, a missing put, an extra put. */
export const scenarios: readonly Scenario[] = [
  kernelScenario({
    spec: linuxSpec("linux-keepalive-refs"),
    extensions: [linuxTimerRefs("linux")],
    summary: "Linux: the keepalive timer holds a socket reference (sk_reset_timer/sk_stop_timer/sock_put) while the socket closes",
    source: SOURCE,
    expected: { verdict: "safe" },
  }),
  kernelScenario({
    spec: linuxSpec("linux-keepalive-missing-put"),
    extensions: [linuxTimerRefs("missing-put")],
    summary: "as linux-keepalive-refs, with the owned-by-user path of tcp_keepalive_timer returning before its sock_put",
    source: `${SOURCE} (mutation: no sock_put on the owned path)`,
    expected: { verdict: "violation", properties: ["leak", "refcount-saturated"] },
  }),
  kernelScenario({
    spec: linuxSpec("linux-keepalive-extra-put"),
    extensions: [linuxTimerRefs("extra-put")],
    summary: "as linux-keepalive-refs, with sk_stop_timer dropping the reference although the running handler will drop it too",
    source: `${SOURCE} (mutation: __sock_put without del_timer's result)`,
    expected: { verdict: "violation", properties: ["callout-after-free", "use-after-free", "double-free"] },
  }),
];
