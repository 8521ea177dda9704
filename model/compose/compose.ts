import { didYouMean } from "../runtime/did-you-mean.js";
import { KernelBuilder, type KernelLockDecl, type Policy } from "../runtime/kernel.js";
import { KernelError } from "../runtime/kernel-error.js";
import type { KernelModel } from "../runtime/kernel-model.js";
import type { Placement } from "../runtime/placement.js";
import { SEG_FIN, SEG_INSTANCE_SHIFT, SS_NOFDREF, SS_ISCONNECTING, SS_CANTRCVMORE, SS_CANTSENDMORE, SS_ISCONNECTED, SS_ISDISCONNECTING, tcpState, TCPS_CLOSE_WAIT, TCPS_ESTABLISHED, TCPS_FIN_WAIT_1, TCPT_2MSL, TCPT_KEEP, TCPT_REXMT } from "../kernel/constants.js";
import { makeContext } from "../kernel/contexts.js";
import type { ContextSpec, InitialSpec, KernelOptions, PeerSpec } from "./options.js";
import { peerEvents } from "../kernel/peer.js";
import { KERNEL_SITES } from "../kernel/sites.js";
import { socketLayer } from "../kernel/socket.js";
import { declareListen, listenLayer } from "../kernel/listen.js";
import { connectionSymmetry } from "../kernel/instance-symmetry.js";
import { declareInstance, declareKernel, IPQ_MAX, type Kern, type Listen } from "../kernel/structs.js";
import { ALLOCATED } from "../runtime/objects.js";
import { tcpLayer } from "../kernel/tcp.js";

/**
 * A kernel scenario as plain data (issue 4 §4): which contexts run what, the initial state, what
 * the peer may send, the scheduling policy, the routines' options and the placement. Everything
 * here can come from a JSON file; nothing in it knows the expected verdict.
 */
export interface KernelScenarioSpec {
  readonly name: string;
  readonly policy: Policy;
  readonly placement: Placement;
  readonly options: KernelOptions;
  readonly initial: InitialSpec;
  readonly contexts: readonly ContextSpec[];
  readonly peer: PeerSpec;
}

/**
 * A component added to the kernel from outside this folder (the callout wheel, for one): its
 * sites, and a hook that declares its objects, routines and contexts. tcp_close calls a routine
 * named "tcp_close_timers" first when the extension declares one (stopping the timers' callouts).
 */
export interface KernelExtension {
  /** Sites (spl calls, entry points) and wait sites its routines use beyond the kernel's. Regions opened with `b.site()` need no entry here. */
  readonly sites?: { readonly sites?: Iterable<string>; readonly waits?: Iterable<string> };
  /**
   * Locks the extension's code takes (by name in a placement, or by hand with `b.lock`), each
   * optionally living in an object: `{ inp_mtx: { in: "inp" } }` frees the mutex with the inpcb.
   */
  readonly locks?: Readonly<Record<string, KernelLockDecl>>;
  /**
   * Called after the scenario's contexts are made and before the socket and TCP routines: declare
   * fields (`K.k.field`), objects, routines (`K.k.routine`), replacements (`K.k.replace`) and
   * properties (`K.k.invariant`) here.
   */
  install?(K: Kern): void;
}

/** Several extensions as one: their sites and locks together, installed in order. */
export function combineExtensions(exts: readonly KernelExtension[]): KernelExtension {
  const locks: Record<string, KernelLockDecl> = {};
  for (const e of exts)
    for (const [n, d] of Object.entries(e.locks ?? {})) {
      if (n in locks) throw new KernelError(`lock "${n}" declared by two extensions`);
      locks[n] = d;
    }
  return {
    sites: { sites: exts.flatMap((e) => [...(e.sites?.sites ?? [])]), waits: exts.flatMap((e) => [...(e.sites?.waits ?? [])]) },
    locks,
    install: (K) => {
      for (const e of exts) e.install?.(K);
    },
  };
}

/** Composes the kernel for `spec` (with one extension or several) and returns it as a checker Model. */
export function composeKernel(spec: KernelScenarioSpec, ext?: KernelExtension | readonly KernelExtension[]): KernelModel {
  return composeKernelWith(spec, ext).model;
}

export function composeKernelWith(spec: KernelScenarioSpec, extOrList?: KernelExtension | readonly KernelExtension[]): { model: KernelModel; kern: Kern } {
  const list = extOrList === undefined ? [] : Array.isArray(extOrList) ? (extOrList as readonly KernelExtension[]) : [extOrList as KernelExtension];
  const ext = list.length === 0 ? undefined : list.length === 1 ? list[0] : combineExtensions(list);
  const sites = ext?.sites
    ? { sites: new Set([...KERNEL_SITES.sites, ...(ext.sites.sites ?? [])]), waits: new Set([...KERNEL_SITES.waits, ...(ext.sites.waits ?? [])]) }
    : KERNEL_SITES;
  const k = new KernelBuilder(spec.name, spec.policy, spec.placement, sites, ext?.locks);
  const closes = spec.contexts.some((c) => c.role === "app" && (c.program ?? "close") !== "receive");
  const K = declareKernel(k, spec.options, closes);
  const l = spec.initial.listen ? declareListen(K, closes) : undefined;
  const conns = connectionInstances(K, spec, closes);
  // Contexts first: wakeup's footprint is every context's sleep word.
  for (const c of spec.contexts) K.contexts.push(makeContext(K, c));
  ext?.install?.(K);
  for (const x of conns) {
    socketLayer(x);
    tcpLayer(x);
  }
  if (l) {
    socketLayer(l.child);
    tcpLayer(l.child);
    listenLayer(l);
    if (spec.initial.listenChild) queuedChild(l, spec.initial.listenChild);
  } else if (spec.initial.listenChild) throw new KernelError(`${spec.name}: initial.listenChild needs "listen": true`);
  for (const x of conns) peerEvents(x, spec.peer, spec.policy === "bsd-up");
  for (const x of conns) applyInitial(x, spec);
  inFlight(K, spec);
  initialSlots(K, spec);
  const model = k.build();
  if (spec.initial.steps) model.startFrom(runPrefix(model, spec.initial.steps));
  // An extension's hooks apply to the primary connection alone: with one, instances are not alike.
  const sym = ext ? null : connectionSymmetry(model, conns, spec.contexts);
  if (sym) model.useSymmetry(sym);
  return { model, kern: K };
}

/** The primary connection and, with `initial.connections` > 1, the instances beside it (one array all share). */
function connectionInstances(K: Kern, spec: KernelScenarioSpec, closes: boolean): Kern[] {
  const n = spec.initial.connections ?? 1;
  if (!Number.isInteger(n) || n < 1) throw new Error(`${spec.name}: connections must be a positive integer, got ${n}`);
  if (n === 1) return [K];
  if (spec.initial.listen) throw new Error(`${spec.name}: a listening socket is modelled with one connection only`);
  const all: Kern[] = [K];
  K.instances = all;
  for (let i = 1; i < n; i++) all.push(declareInstance(K, i, closes));
  return all;
}

/**
 * A child already on the head's queue at the start: what sonewconn, PRU_ATTACH and tcp_input's
 * SYN (and, for so_q, the ACK and soisconnected) leave behind (model/kernel/listen.ts, tcp.ts).
 */
function queuedChild(l: Listen, q: "so_q0" | "so_q"): void {
  if (q !== "so_q0" && q !== "so_q") throw new KernelError(`initial.listenChild must be "so_q0" or "so_q", got ${JSON.stringify(q)}`);
  const C = l.child;
  const init = C.k.layout.init;
  const objs = [C.so, C.inp, C.tp, ...[C.rcv.sem, C.rcv.lockSem, C.snd.sem, C.snd.lockSem, C.kyuSem].filter((x) => x !== null).map((x) => x.obj)];
  for (const o of objs) init[o.alive] = ALLOCATED;
  const done = q === "so_q";
  init[C.soState.slot] = init[l.head.soState.slot]! | SS_NOFDREF | (done ? SS_ISCONNECTED : 0);
  // soisconnected's update, as its ghost records the bits it meant to set and clear.
  if (done) {
    init[C.soState.ghostSet] = SS_ISCONNECTED;
    init[C.soState.ghostClear] = SS_ISCONNECTING | SS_ISDISCONNECTING;
  }
  init[l.soHead] = 1;
  init[l.soQueue] = done ? 2 : 1;
  init[done ? l.qlen : l.q0len] = 1;
  init[C.soPcb] = 1;
  init[C.inpPpcb] = 1;
  init[C.tcbListed] = 1;
  init[C.tState] = done ? TCPS_ESTABLISHED : tcpState("SYN_RECEIVED");
  init[l.synAckSent] = 1;
  init[l.peerSyn] = 1;
  if (done) init[l.peerAckSyn] = 1;
}

/** `initial.steps`: the state the model's own steps reach from its initial state, each entry checked. */
function runPrefix(m: KernelModel, steps: readonly string[]): Int32Array {
  const s = new Int32Array(m.stateSize);
  m.initial(s);
  const enabled = new Int32Array(Math.max(1, m.maxChoices));
  const names = [...m.ctxs.map((c) => c.name), ...m.events.map((e) => `env:${e.name}`)];
  const canRun = (c: number) => {
    const n = m.enabled(s, enabled);
    for (let i = 0; i < n; i++) if (enabled[i] === c) return true;
    return false;
  };
  steps.forEach((entry, i) => {
    const at = `initial.steps[${i}] "${entry}"`;
    const match = /^(\S+)(?: until (.+))?$/.exec(typeof entry === "string" ? entry.trim() : "");
    if (!match) throw new KernelError(`${at}: expected "CONTEXT", "CONTEXT until ROUTINE_OR_LABEL" or "env:EVENT"`);
    const choice = names.indexOf(match[1]!);
    if (choice < 0) throw new KernelError(`${at}: no context or event "${match[1]}"${didYouMean(match[1]!, names)} (have: ${names.join(", ")})`);
    const until = match[2];
    if (until !== undefined && choice >= m.ctxs.length) throw new KernelError(`${at}: "until" takes a context, not an event`);
    const reached = () => {
      const pc = s[m.ctxs[choice]!.pc]!;
      const ins = pc >= 0 ? m.instrs[pc] : undefined;
      return ins !== undefined && (ins.routine === until || ins.label === until || `${ins.routine}:${ins.label}` === until);
    };
    for (let n = 0; until === undefined ? n < 1 : !reached(); n++) {
      if (n >= 10_000 || !canRun(choice)) throw new KernelError(`${at}: ${match[1]} cannot run ${n === 0 ? "here" : `after ${n} steps`}${until !== undefined ? ` and never reaches "${until}"` : ""}`);
      m.step(s, choice);
    }
  });
  return s;
}

/** `initial.slots`: named words set as data, checked by name (a typo gets the nearest name). */
function initialSlots(K: Kern, spec: KernelScenarioSpec): void {
  const L = K.k.layout;
  const ctxs = K.contexts.map((c) => `${c.name}.`);
  for (const [name, v] of Object.entries(spec.initial.slots ?? {})) {
    const i = L.find(name);
    if (i === undefined) {
      const data = L.names.filter((n) => !n.includes(".ghost.") && !ctxs.some((c) => n.startsWith(c)));
      throw new KernelError(`initial.slots: no slot "${name}"${didYouMean(name, data)} (see \`socheck describe\` for the objects' fields)`);
    }
    if (name.includes(".ghost.") || ctxs.some((c) => name.startsWith(c)) || name.startsWith("cpu."))
      throw new KernelError(`initial.slots: "${name}" is the runtime's own word, not initial data (objects start unallocated with allocated: false)`);
    if (!Number.isInteger(v) || v < -(2 ** 31) || v >= 2 ** 31) throw new KernelError(`initial.slots: "${name}" must be a 32-bit integer, got ${JSON.stringify(v)}`);
    L.init[i] = v;
  }
}

/** The peer's FIN retransmitted and still queued at the start, round-robin over the connections. */
function inFlight(K: Kern, spec: KernelScenarioSpec): void {
  const m = spec.initial.inFlight ?? 0;
  if (m === 0) return;
  const t = tcpState(spec.initial.tcpState);
  if (!Number.isInteger(m) || m < 0 || m > IPQ_MAX) throw new Error(`${spec.name}: inFlight must be 0..${IPQ_MAX}, got ${m}`);
  if (!(t === TCPS_CLOSE_WAIT || t === tcpState("CLOSING") || t === tcpState("LAST_ACK") || t === tcpState("TIME_WAIT")))
    throw new Error(`${spec.name}: inFlight retransmits the peer's FIN, which ${spec.initial.tcpState} has not received`);
  const init = K.k.layout.init;
  const n = spec.initial.connections ?? 1;
  for (let i = 0; i < m; i++) init[K.ipq + i] = SEG_FIN | ((i % n) << SEG_INSTANCE_SHIFT);
  init[K.ipqLen] = m;
}

function applyInitial(K: Kern, spec: KernelScenarioSpec): void {
  const init = K.k.layout.init;
  const t = tcpState(spec.initial.tcpState);
  init[K.tState] = t;
  let so = 0;
  if (t >= TCPS_ESTABLISHED) so |= SS_ISCONNECTED;
  if (t === TCPS_CLOSE_WAIT || t === tcpState("CLOSING") || t === tcpState("LAST_ACK") || t === tcpState("TIME_WAIT")) so |= SS_CANTRCVMORE;
  if (t >= TCPS_FIN_WAIT_1 && t !== TCPS_CLOSE_WAIT) so |= SS_ISDISCONNECTING | SS_CANTSENDMORE | SS_CANTRCVMORE;
  init[K.soState.slot] = so;
  // The peer has sent its FIN in every state that has received one.
  if (t === TCPS_CLOSE_WAIT || t === tcpState("CLOSING") || t === tcpState("LAST_ACK") || t === tcpState("TIME_WAIT")) init[K.peerFin] = 1;
  if (t >= TCPS_FIN_WAIT_1 && t !== TCPS_CLOSE_WAIT) init[K.ourFinSent] = 1;
  init[K.rcv.cc] = spec.initial.rcvData ?? 0;
  const idx = { REXMT: TCPT_REXMT, KEEP: TCPT_KEEP, "2MSL": TCPT_2MSL } as const;
  for (const name of spec.initial.timers ?? []) init[K.tTimer + idx[name]] = 1;
  init[K.peerData] = spec.peer.data ?? 0;
}
