/**
 * A user kernel: FreeBSD's protocol reference on a closed socket (SS_PROTOREF on the socket,
 * INP_SOCKREF on the inpcb), written on socheck's built-in TCP through the public API only.
 * `../../model/index.js` is exactly what the package name `socheck/kernel` resolves to.
 *
 * What the FreeBSD source does (freebsd/freebsd-src, FreeBSD 7 to 12; quoted from 8–10):
 * - sys/kern/uipc_socket.c soclose: sodisconnect if connected; `drop:` the protocol's pru_close;
 *   `SOCK_LOCK(so); so->so_state |= SS_NOFDREF; sorele(so);` (sorele calls sofree at so_count 0).
 * - sys/netinet/tcp_usrreq.c tcp_usr_close: under INP_INFO_WLOCK(&V_tcbinfo) and INP_WLOCK,
 *   `if (!(inp->inp_flags & INP_TIMEWAIT) && !(inp->inp_flags & INP_DROPPED)) tcp_disconnect(tp);`
 *   then `if (!(inp->inp_flags & INP_DROPPED)) { SOCK_LOCK(so); so->so_state |= SS_PROTOREF;
 *   SOCK_UNLOCK(so); inp->inp_flags |= INP_SOCKREF; }`: TCP keeps the socket after close(2).
 * - sys/kern/uipc_socket.c sofree, with SOCK_LOCK held: `if ((so->so_state & SS_NOFDREF) == 0 ||
 *   so->so_count != 0 || (so->so_state & SS_PROTOREF) || (so->so_qstate & SQ_COMP) != 0)
 *   { SOCK_UNLOCK(so); ...; return; }`; else SOCK_UNLOCK, `(*pr->pr_usrreqs->pru_detach)(so)`,
 *   sodealloc(so).
 * - sys/netinet/tcp_usrreq.c tcp_usr_detach → tcp_detach: not in TIME_WAIT, `if (inp->inp_flags &
 *   INP_DROPPED || tp->t_state < TCPS_SYN_SENT) { tcp_discardcb(tp); in_pcbdetach(inp);
 *   in_pcbfree(inp); } else in_pcbdetach(inp);`.
 * - sys/netinet/tcp_subr.c tcp_close: `in_pcbdrop(inp);` ... `soisdisconnected(so); if
 *   (inp->inp_flags & INP_SOCKREF) { KASSERT(so->so_state & SS_PROTOREF, ...); inp->inp_flags &=
 *   ~INP_SOCKREF; INP_WUNLOCK(inp); SOCK_LOCK(so); so->so_state &= ~SS_PROTOREF; sofree(so);
 *   return (NULL); } return (tp);` — the protocol drops its reference when it is done.
 * - sys/netinet/tcp_timewait.c tcp_twstart does the same release when the connection enters
 *   TIME_WAIT ("If the inpcb owns the sole reference to the socket, then we can detach and free
 *   the socket as it is not needed in time wait"); tcp_twclose frees the inpcb at its end.
 *
 * Two starting points: CLOSE_WAIT, where the connection ends through tcp_close (the ACK of our
 * FIN in LAST_ACK, or an RST); and FIN_WAIT_2 (shutdown(SHUT_WR) done and acknowledged), where the
 * peer's FIN takes it through tcp_twstart into TIME_WAIT: the socket goes, the inpcb and the tcptw
 * stay until the 2MSL timeout's tcp_twclose.
 *
 * Simplifications: the tcbinfo lock (recursive, as INP_INFO_LOCK_INIT makes it) stands for
 * INP_INFO_WLOCK and INP_WLOCK together, which every path here takes in that order; ACCEPT_LOCK has
 * no queue to guard; so_count is the one file reference, dropped by sorele; SOCK_LOCK is a mutex in
 * the socket, and every so_state update is under it (the placement's atomic rmw). In TIME_WAIT
 * inp_ppcb stays NULL (FreeBSD points it at the tcptw, for tcp_twcheck, which is not modelled), so
 * the built-in tcp_input drops what arrives then. One tcptw, one 2MSL expiry.
 */
import {
  allocObject,
  bitsFormatter,
  free,
  kernelScenario,
  SS_ISCONNECTED,
  SS_ISDISCONNECTING,
  SS_NOFDREF,
  TCPS_SYN_SENT,
  TCPS_TIME_WAIT,
  type KernelExtension,
  type KernelScenarioSpec,
  type Placement,
  type RoutineBuilder,
  type Scenario,
} from "../../model/index.js";

/** sys/sys/socketvar.h: the protocol holds a reference on the socket. */
export const SS_PROTOREF = 0x4000;
const INP_TIMEWAIT = 1;
const INP_SOCKREF = 2;
const INP_DROPPED = 4;

/** The ways the release can be written; "freebsd" is what the source does. */
export type ProtorefVariant =
  | "freebsd"
  /** sofree frees without testing SS_PROTOREF: the protocol then uses and frees the socket again. */
  | "sofree-ignores-protoref"
  /** tcp_close never drops the protocol's reference (no INP_SOCKREF block): socket, tcpcb and inpcb leak. */
  | "no-release"
  /** tcp_detach frees the inpcb of a connection in TIME_WAIT as if it were dropped: tcp_twclose uses it after the free. */
  | "detach-frees-timewait-pcb";

/**
 * FreeBSD's socket/protocol reference handshake as an extension: inp_flags, SOCK_LOCK in the socket,
 * soclose/sofree/tcp_close replaced by FreeBSD's, and tcp_usr_close/tcp_usr_detach added.
 */
export function freebsdProtoref(variant: ProtorefVariant): KernelExtension {
  return {
    locks: { so_mtx: { in: "so" } },
    install(K) {
      const { k } = K;
      const S = K.soState.slot;
      const soLock = k.lock("so_mtx");
      const inpFlags = k.field(K.inp, "inp_flags", 0, bitsFormatter({ [INP_TIMEWAIT]: "INP_TIMEWAIT", [INP_SOCKREF]: "INP_SOCKREF", [INP_DROPPED]: "INP_DROPPED" }));
      const has = (s: Int32Array, f: number) => (s[inpFlags]! & f) !== 0;
      const inpSocket = k.field(K.inp, "inp_socket", 1, (v) => (v ? "so" : "NULL"));
      // The compressed TIME_WAIT state (struct tcptw), allocated by tcp_twstart, on the 2MSL list until tcp_twclose.
      const tw = k.objects.declare("tw", "tcptw", { allocated: false });
      const twListed = k.layout.slot("V_twq_2msl.tw_listed");
      const inPcbDetach = "in_pcbdetach(inp): so->so_pcb = NULL; inp->inp_socket = NULL";
      // TCP lets go of the socket: the same lines in tcp_close, tcp_twstart and tcp_twclose.
      const dropProtoref = (b: RoutineBuilder) => {
        b.step("inp_flags &= ~INP_SOCKREF; INP_WUNLOCK(inp)", { reads: [inpFlags], writes: [inpFlags] }, (s) => void (s[inpFlags]! &= ~INP_SOCKREF));
        b.lock(soLock, "SOCK_LOCK(so)");
        b.rmw("so_state &= ~SS_PROTOREF", K.soState, 0, SS_PROTOREF);
        b.call("sofree");
      };

      k.replace("soclose", "FreeBSD sys/kern/uipc_socket.c soclose (no listen queue, no linger)", (b) => {
        const drop = b.at("drop");
        b.jumpIf("!(so_state & SS_ISCONNECTED) || SS_ISDISCONNECTING?", { reads: [S] }, (s) => (s[S]! & SS_ISCONNECTED) === 0 || (s[S]! & SS_ISDISCONNECTING) !== 0, drop);
        b.call("sodisconnect");
        b.here("drop");
        b.call("tcp_usr_close", "(*pr_usrreqs->pru_close)(so)");
        b.lock(soLock, "SOCK_LOCK(so)");
        b.rmw("so_state |= SS_NOFDREF", K.soState, SS_NOFDREF, 0);
        b.call("sofree", "sorele(so): so_count 0, sofree(so)");
      });

      k.routine("tcp_usr_close", "FreeBSD sys/netinet/tcp_usrreq.c tcp_usr_close", (b) => {
        const ref = b.at("ref");
        const out = b.at("out");
        b.site("tcp_usr_close");
        b.jumpIf("INP_TIMEWAIT || INP_DROPPED?", { reads: [inpFlags] }, (s) => has(s, INP_TIMEWAIT | INP_DROPPED), ref);
        b.call("tcp_disconnect");
        b.here("ref");
        b.jumpIf("INP_DROPPED?", { reads: [inpFlags] }, (s) => has(s, INP_DROPPED), out);
        b.lock(soLock, "SOCK_LOCK(so)");
        b.rmw("so_state |= SS_PROTOREF", K.soState, SS_PROTOREF, 0);
        b.unlock(soLock, "SOCK_UNLOCK(so)");
        b.step("inp_flags |= INP_SOCKREF", { reads: [inpFlags], writes: [inpFlags] }, (s) => void (s[inpFlags]! |= INP_SOCKREF));
        b.here("out");
        b.endSite();
      });

      k.replace("sofree", `FreeBSD sys/kern/uipc_socket.c sofree${variant === "sofree-ignores-protoref" ? " (variant: SS_PROTOREF not tested)" : ""}`, (b) => {
        const keep = b.at("keep");
        const held = variant === "sofree-ignores-protoref" ? 0 : SS_PROTOREF;
        b.jumpIf(held ? "!SS_NOFDREF || SS_PROTOREF?" : "!SS_NOFDREF?", { reads: [S] }, (s) => (s[S]! & SS_NOFDREF) === 0 || (s[S]! & held) !== 0, keep);
        b.unlock(soLock, "SOCK_UNLOCK(so)");
        b.call("tcp_usr_detach", "(*pr_usrreqs->pru_detach)(so)");
        free(b, "sodealloc(so)", K.so);
        b.ret();
        b.here("keep");
        b.unlock(soLock, "SOCK_UNLOCK(so); return");
      });

      k.routine("tcp_usr_detach", `FreeBSD sys/netinet/tcp_usrreq.c tcp_usr_detach, tcp_detach${variant === "detach-frees-timewait-pcb" ? " (variant: the TIME_WAIT pcb freed)" : ""}`, (b) => {
        const timewait = b.at("timewait");
        const discard = b.at("discard");
        const pcbfree = b.at("in_pcbfree");
        const out = b.at("out");
        const detach = () => b.step(inPcbDetach, { writes: [K.soPcb, inpSocket] }, (s) => void (s[K.soPcb] = s[inpSocket] = 0));
        b.site("tcp_usr_detach");
        b.jumpIf("inp_flags & INP_TIMEWAIT?", { reads: [inpFlags] }, (s) => has(s, INP_TIMEWAIT), timewait);
        b.jumpIf("INP_DROPPED || t_state < SYN_SENT?", { reads: [inpFlags, K.tState] }, (s) => has(s, INP_DROPPED) || s[K.tState]! < TCPS_SYN_SENT, discard);
        detach();
        b.goto(out, "(the pcb persists)");
        b.here("timewait");
        // "we detach from the socket, but leave the pcb present until timewait ends"
        if (variant !== "detach-frees-timewait-pcb") b.jumpIf("!(inp_flags & INP_DROPPED)?", { reads: [inpFlags] }, (s) => !has(s, INP_DROPPED), b.at("tw detach"));
        detach();
        b.goto(pcbfree);
        if (variant !== "detach-frees-timewait-pcb") {
          b.here("tw detach");
          detach();
          b.goto(out, "(the pcb stays until timewait ends)");
        }
        b.here("discard");
        b.step("tcp_discardcb(tp): inp->inp_ppcb = NULL", { writes: [K.inpPpcb] }, (s) => void (s[K.inpPpcb] = 0));
        free(b, "tcp_discardcb(tp): uma_zfree(tcpcb_zone, tp)", K.tp);
        detach();
        b.here("in_pcbfree");
        free(b, "in_pcbfree(inp)", K.inp);
        b.here("out");
        b.endSite();
      });

      // FreeBSD's tcp_input enters TIME_WAIT through tcp_twstart, which calls soisdisconnected; the
      // built-in tcp_input sets TIME_WAIT and calls soisdisconnected, so tcp_twstart is hooked there.
      k.replace("soisdisconnected", "FreeBSD sys/netinet/tcp_input.c: TIME_WAIT is entered through tcp_twstart", (b, original) => {
        const plain = b.at("plain");
        b.jumpIf("entering TIME_WAIT?", { reads: [inpFlags, K.tState] }, (s) => has(s, INP_TIMEWAIT) || s[K.tState] !== TCPS_TIME_WAIT, plain);
        b.call("tcp_twstart", "tcp_twstart(tp)");
        b.ret();
        b.here("plain");
        b.call(original);
      });

      k.routine("tcp_twstart", "FreeBSD sys/netinet/tcp_timewait.c tcp_twstart", (b) => {
        const out = b.at("out");
        b.step("tw = uma_zalloc(tcptw_zone); tw->tw_inpcb = inp", { writes: [tw.alive, tw.freedBy, tw.freedAt] }, (s) => allocObject(s, tw));
        b.step("tcp_discardcb(tp): inp->inp_ppcb = NULL", { writes: [K.inpPpcb] }, (s) => void (s[K.inpPpcb] = 0));
        free(b, "tcp_discardcb(tp): uma_zfree(tcpcb_zone, tp)", K.tp);
        // The socket layer's own soisdisconnected (this kernel's is the hook above): `original` of replace.
        b.call("soisdisconnected@builtin", "soisdisconnected(so)");
        b.step("inp_flags |= INP_TIMEWAIT; tcp_tw_2msl_reset(tw, 0)", { reads: [inpFlags], writes: [inpFlags, twListed] }, (s) => {
          s[inpFlags]! |= INP_TIMEWAIT;
          s[twListed] = 1;
        });
        b.jumpIf("!(inp_flags & INP_SOCKREF)? INP_WUNLOCK(inp)", { reads: [inpFlags] }, (s) => !has(s, INP_SOCKREF), out);
        dropProtoref(b);
        b.here("out");
      });

      k.routine("tcp_twclose", "FreeBSD sys/netinet/tcp_timewait.c tcp_twclose", (b) => {
        const nosock = b.at("no socket");
        const out = b.at("out");
        b.site("tcp_twclose");
        b.step("tcp_tw_2msl_stop(tw): off the 2MSL list", { writes: [twListed] }, (s) => void (s[twListed] = 0));
        free(b, "tcp_tw_2msl_stop(tw): uma_zfree(tcptw_zone, tw)", tw);
        b.step("inp->inp_ppcb = NULL; in_pcbdrop(inp)", { reads: [inpFlags], writes: [inpFlags, K.tcbListed] }, (s) => {
          s[inpFlags]! |= INP_DROPPED;
          s[K.tcbListed] = 0;
        });
        b.jumpIf("so = inp->inp_socket; so == NULL?", { reads: [inpSocket] }, (s) => s[inpSocket] === 0, nosock);
        b.jumpIf("!(inp_flags & INP_SOCKREF)? INP_WUNLOCK: tcp_usr_detach frees it later", { reads: [inpFlags] }, (s) => !has(s, INP_SOCKREF), out);
        dropProtoref(b);
        b.goto(out);
        b.here("no socket");
        free(b, "in_pcbfree(inp)", K.inp);
        b.here("out");
        b.endSite();
      });

      // The 2MSL timeout (FreeBSD 10: tcp_tw_2msl_scan from the slow timer): one tw here.
      K.contexts.push(
        k.thread("tcp_tw_2msl", { kind: "timer", runsCallouts: true }, (b) => {
          const idle = b.here("idle");
          b.idleWait("tcp_tw_2msl_scan: tw due", { reads: [twListed] }, (s) => s[twListed] === 1, () => undefined, "2MSL expires");
          b.call("tcp_twclose");
          b.goto(idle);
        }),
      );

      k.replace("tcp_close", `FreeBSD sys/netinet/tcp_subr.c tcp_close${variant === "no-release" ? " (variant: the INP_SOCKREF release left out)" : ""}`, (b) => {
        const out = b.at("out");
        b.step("in_pcbdrop(inp): INP_DROPPED, off the hash", { reads: [inpFlags], writes: [inpFlags, K.tcbListed] }, (s) => {
          s[inpFlags]! |= INP_DROPPED;
          s[K.tcbListed] = 0;
        });
        b.call("soisdisconnected");
        if (variant !== "no-release") {
          b.jumpIf("!(inp_flags & INP_SOCKREF)? return (tp)", { reads: [inpFlags] }, (s) => !has(s, INP_SOCKREF), out);
          dropProtoref(b);
        }
        b.here("out");
        // Every caller modelled here stops using tp after tcp_close, whether it returned NULL or tp.
        b.step("return", {}, (s, c) => void (s[c.r2] = 0));
      });
    },
  };
}

/** INP_INFO_WLOCK (with INP_WLOCK) around the protocol's entry points; so_state under SOCK_LOCK. */
export const FREEBSD_TCBINFO: Placement = {
  name: "freebsd-tcbinfo",
  locks: { tcbinfo: { recursive: true } },
  default: "none",
  rmw: "atomic",
  sites: {
    tcp_input: { lock: "tcbinfo" },
    tcp_usrreq: { lock: "tcbinfo" },
    tcp_usr_close: { lock: "tcbinfo" },
    tcp_usr_detach: { lock: "tcbinfo" },
    tcp_twclose: { lock: "tcbinfo" },
  },
};

/** The peer has closed (CLOSE_WAIT); the application closes while the peer acknowledges our FIN or resets, on another CPU. */
export function freebsdSpec(name: string): KernelScenarioSpec {
  return {
    name,
    policy: "any",
    placement: FREEBSD_TCBINFO,
    options: { flavor: "bsd44" },
    initial: { tcpState: "CLOSE_WAIT" },
    contexts: [
      { name: "close", role: "app", program: "close" },
      { name: "netisr", role: "input" },
    ],
    peer: { ack: true, rst: true },
  };
}

/** As freebsdSpec, from FIN_WAIT_2: the peer's FIN (or an RST) ends it, through TIME_WAIT or tcp_close. */
export function freebsdTimewaitSpec(name: string): KernelScenarioSpec {
  return { ...freebsdSpec(name), initial: { tcpState: "FIN_WAIT_2" }, peer: { fin: true, rst: true } };
}

const SOURCE = "FreeBSD sys/kern/uipc_socket.c soclose, sofree; sys/netinet/tcp_usrreq.c tcp_usr_close, tcp_detach; sys/netinet/tcp_subr.c tcp_close";

/** The three scenarios: the source's handshake, sofree ignoring the reference, the reference never dropped. */
export const scenarios: readonly Scenario[] = [
  kernelScenario({
    spec: freebsdSpec("freebsd-protoref"),
    extensions: [freebsdProtoref("freebsd")],
    summary: "FreeBSD: close(2) leaves TCP a reference (SS_PROTOREF/INP_SOCKREF); sofree waits for it; tcp_close drops it and frees",
    source: SOURCE,
    expected: { verdict: "safe" },
  }),
  kernelScenario({
    spec: freebsdSpec("freebsd-protoref-ignored"),
    extensions: [freebsdProtoref("sofree-ignores-protoref")],
    summary: "as freebsd-protoref, with sofree not testing SS_PROTOREF: close(2) frees the socket TCP still holds, and tcp_close frees it again",
    source: `${SOURCE} (mutation: sofree without the SS_PROTOREF test)`,
    expected: { verdict: "violation", properties: ["use-after-free", "double-free"] },
  }),
  kernelScenario({
    spec: freebsdSpec("freebsd-protoref-kept"),
    extensions: [freebsdProtoref("no-release")],
    summary: "as freebsd-protoref, with tcp_close never dropping INP_SOCKREF/SS_PROTOREF: the socket and its pcbs leak",
    source: `${SOURCE} (mutation: tcp_close without its INP_SOCKREF block)`,
    expected: { verdict: "violation", properties: ["leak"] },
  }),
  kernelScenario({
    spec: freebsdTimewaitSpec("freebsd-protoref-timewait"),
    extensions: [freebsdProtoref("freebsd")],
    summary: "FreeBSD from FIN_WAIT_2: close(2) and the peer's FIN in either order; tcp_twstart drops TCP's reference, tcp_twclose frees the inpcb after 2MSL",
    source: `${SOURCE}; sys/netinet/tcp_timewait.c tcp_twstart, tcp_twclose`,
    expected: { verdict: "safe" },
  }),
  kernelScenario({
    spec: freebsdTimewaitSpec("freebsd-timewait-pcb-freed"),
    extensions: [freebsdProtoref("detach-frees-timewait-pcb")],
    summary: "as freebsd-protoref-timewait, with tcp_detach freeing the TIME_WAIT inpcb as if dropped: the 2MSL timeout's tcp_twclose uses it after the free",
    source: `${SOURCE}; sys/netinet/tcp_timewait.c tcp_twclose (mutation: tcp_detach's TIME_WAIT case)`,
    expected: { verdict: "violation", properties: ["callout-after-free", "use-after-free", "double-free"] },
  }),
];
