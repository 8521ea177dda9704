/**
 * A user kernel: a real Linux fix on top of example (a)'s timer references, through the public
 * API only (`../../model/index.js` is what `socheck/kernel` resolves to).
 *
 * Source: "tcp: properly terminate timers for kernel sockets", Eric Dumazet, netdev, 2024-03-22
 * (Message-ID 20240322135732.1535772-1-edumazet@google.com; Fixes 26abe14379f8 "net: Modify
 * sk_alloc to not reference count the netns of kernel sockets."). Its log: tcp_close stops timers
 * with inet_csk_clear_xmit_timers(), i.e. sk_stop_timer()/del_timer(), so "ongoing timers might
 * finish much later. For user sockets, this is fine because each running timer holds a reference
 * on the socket, and the user socket holds a reference on the netns. For kernel sockets, we risk
 * that the netns is freed before timer can complete". The fix, in net/ipv4/tcp.c tcp_close:
 * `release_sock(sk); if (!sk->sk_net_refcnt) inet_csk_clear_xmit_timers_sync(sk); sock_put(sk);`
 * with net/ipv4/inet_connection_sock.c inet_csk_clear_xmit_timers_sync calling
 * net/core/sock.c sk_stop_timer_sync (`if (del_timer_sync(timer)) __sock_put(sk);`) on each timer.
 * "Modules using kernel sockets close them in their netns exit() handler", after which the netns
 * is freed (net/core/net_namespace.c cleanup_net → net_free).
 *
 * The model: example (a)'s socket, made a kernel socket (sk_net_refcnt 0: no reference on the
 * netns), closed by the netns exit handler, which then frees the netns. The keepalive timer reads
 * the netns where tcp_keepalive_timer does (keepalive_time_when: net->ipv4.sysctl_tcp_keepalive_time).
 * Simplification: __tcp_close's check_net() test (which closes the connection at once in a dying
 * netns, and which the patch says might be removed once timers are stopped synchronously) is not
 * modelled, so the orphaned connection sits in LAST_ACK with its keepalive timer still running,
 * the window the patch closes; which timer statement reaches the freed netns first differs between
 * the real timers. Segments still arriving do not read the netns here.
 */
import { free, kernelScenario, type KernelScenarioSpec, type KObject, type Scenario } from "../../model/index.js";
import { linuxSpec, linuxTimerRefs } from "./linux-timer-refs.js";

/** The extension for `fixed` (with the patch) or not: the netns, its sysctl, and the statements the patch touches. */
export function netnsTimers(fixed: boolean) {
  let net: KObject | undefined;
  let sysctl = -1;
  return linuxTimerRefs("linux", {
    install(K) {
      net = K.k.objects.declare("net", "netns");
      sysctl = K.k.field(net, "ipv4.sysctl_tcp_keepalive_time", 7200);
    },
    keepaliveProbe(b) {
      b.step("keepalive_time_when(tp): net->ipv4.sysctl_tcp_keepalive_time", { reads: [sysctl] }, () => undefined);
    },
    closeBeforePut(b) {
      // A kernel socket: sk->sk_net_refcnt is 0.
      if (fixed) b.call("sk_stop_timer_sync", "if (!sk->sk_net_refcnt) inet_csk_clear_xmit_timers_sync(sk)");
    },
    closeAfter(b) {
      free(b, "netns exit() returned; cleanup_net: net_free(net)", net!);
    },
  });
}

function spec(name: string): KernelScenarioSpec {
  return { ...linuxSpec(name), contexts: [{ name: "netns_exit", role: "app", program: "close" }, { name: "softirq", role: "input" }] };
}

const SOURCE = "Linux \"tcp: properly terminate timers for kernel sockets\" (2024): net/ipv4/tcp.c tcp_close, inet_connection_sock.c inet_csk_clear_xmit_timers_sync, net/core/sock.c sk_stop_timer_sync";

/** Before and after the patch. */
export const scenarios: readonly Scenario[] = [
  kernelScenario({
    spec: spec("linux-netns-timer-uaf"),
    extensions: [netnsTimers(false)],
    summary: "Linux kernel socket closed in its netns exit handler: tcp_close stops the keepalive timer with del_timer, the netns is freed, the timer runs on",
    source: SOURCE,
    expected: { verdict: "violation", properties: ["callout-after-free", "use-after-free"] },
  }),
  kernelScenario({
    spec: spec("linux-netns-timer-sync"),
    extensions: [netnsTimers(true)],
    summary: "as linux-netns-timer-uaf, with the fix: tcp_close of a kernel socket stops its timers with del_timer_sync before its final sock_put",
    source: SOURCE,
    expected: { verdict: "safe" },
  }),
];
