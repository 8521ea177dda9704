import { ModelAssertion, type Footprint, type Model } from "../checker/index.js";
import { sortBlocks } from "../checker/reductions/symmetry.js";

/**
 * A bench-sized socket-close race: M application threads each close their own socket
 * (soclose: splnet, mark NOFDREF, free if the protocol already closed, splx) while the network
 * interrupt delivers, for each socket, a FIN and then the final ACK (tcp_input: CLOSE_WAIT and
 * arm the timer, then CLOSED and free if the user already let go), and softclock fires armed
 * callouts. Whichever of soclose and the final ACK comes last frees the socket and stops its
 * callout (sofree/tcp_close in reference/bsd-socket-close.md). On this uniprocessor kernel spl
 * is also what keeps a second thread out, so splnet waits for spl 0. `stubbed` makes splnet()
 * a no-op, as in the Kyu port: the interrupt then runs between NOFDREF and the CLOSED test and
 * both sides free the socket.
 *
 * A benchmark model, not the kernel model: guarded commands with the same atomicity as
 * bench/promela/close-race.pml, so SPIN counts the same states.
 * Slots: spl, then per socket j: app pc, net pc, tstate, nofdref, freed, timer.
 * Choices: j app j, M + j the next packet for socket j, 2M + j the callout of socket j.
 * Sockets are interchangeable, so `canonicalize` sorts the per-socket blocks (symmetry reduction).
 */
export function closeRace(m = 3, stubbed = false): Model {
  const SPL = 0;
  const APC = (j: number) => 1 + 6 * j;
  const NPC = (j: number) => 2 + 6 * j;
  const TSTATE = (j: number) => 3 + 6 * j;
  const NOFDREF = (j: number) => 4 + 6 * j;
  const FREED = (j: number) => 5 + 6 * j;
  const TIMER = (j: number) => 6 + 6 * j;
  const CLOSE_WAIT = 1;
  const CLOSED = 2;
  const APP_DONE = 4;
  const sofree = (s: Int32Array, j: number) => {
    if (s[FREED(j)] !== 0) throw new ModelAssertion("double-free", `socket ${j} freed twice`);
    s[FREED(j)] = 1;
    s[TIMER(j)] = 0;
  };
  const masked = (s: Int32Array) => !stubbed && s[SPL] !== 0;
  const sockets = Array.from({ length: m }, (_, j) => j);
  const remaining = new Map<number, Footprint>();
  const stepFootprints: Footprint[] = Array.from({ length: 3 * m }, (_, c) => {
    const j = c % m;
    const sock = [TSTATE(j), NOFDREF(j), FREED(j), TIMER(j)];
    if (c < m) return { reads: [SPL, APC(j), ...sock], writes: [SPL, APC(j), ...sock] };
    if (c < 2 * m) return { reads: [SPL, NPC(j), ...sock], writes: [NPC(j), ...sock] };
    return { reads: [SPL, TIMER(j), FREED(j)], writes: [TIMER(j)] };
  });
  return {
    name: `close-race(${m}${stubbed ? ",stubbed" : ""})`,
    stateSize: 1 + 6 * m,
    contexts: [
      ...sockets.map((j) => ({ name: `app${j}`, kind: "thread" as const })),
      { name: "net", kind: "interrupt" },
      { name: "softclock", kind: "timer" },
    ],
    maxChoices: 3 * m,
    initial() {},
    enabled(s, out) {
      let k = 0;
      for (let j = 0; j < m; j++) {
        const pc = s[APC(j)]!;
        // splnet waits for spl 0 unless stubbed; the rest of soclose runs at splnet.
        if (pc < APP_DONE && (pc !== 0 || stubbed || s[SPL] === 0)) out[k++] = j;
      }
      if (!masked(s)) {
        for (let j = 0; j < m; j++) if (s[NPC(j)]! < 2) out[k++] = m + j;
        for (let j = 0; j < m; j++) if (s[TIMER(j)] !== 0) out[k++] = 2 * m + j;
      }
      return k;
    },
    contextOf: (c) => (c < m ? c : c < 2 * m ? m : m + 1),
    step(s, c) {
      if (c < m) {
        const pc = s[APC(c)]!;
        if (pc === 0) s[SPL] = stubbed ? 0 : 1;
        else if (pc === 1) s[NOFDREF(c)] = 1;
        else if (pc === 2) {
          if (s[TSTATE(c)] === CLOSED) sofree(s, c);
        } else s[SPL] = 0;
        s[APC(c)] = pc + 1;
      } else if (c < 2 * m) {
        const j = c - m;
        if (s[NPC(j)] === 0) {
          s[TSTATE(j)] = CLOSE_WAIT;
          s[TIMER(j)] = 1;
        } else {
          s[TSTATE(j)] = CLOSED;
          if (s[NOFDREF(j)] !== 0) sofree(s, j);
        }
        s[NPC(j)]!++;
      } else {
        const j = c - 2 * m;
        if (s[FREED(j)] !== 0) throw new ModelAssertion("callout-after-free", `callout of socket ${j} fired after sofree`);
        s[TIMER(j)] = 0;
      }
    },
    isFinished(s, ctx) {
      if (ctx < m) return s[APC(ctx)] === APP_DONE;
      if (ctx === m) return sockets.every((j) => s[NPC(j)] === 2);
      return sockets.every((j) => s[TIMER(j)] === 0);
    },
    invariants: [],
    terminal(s) {
      for (let j = 0; j < m; j++) if (s[FREED(j)] === 0) return { name: "leak", message: `socket ${j} never freed` };
      return null;
    },
    // A choice's footprint does not depend on the state: built once, as POR asks in every state.
    footprint: (_s, c): Footprint => stepFootprints[c]!,
    contextFootprint(ctx): Footprint {
      const sock = (j: number) => [TSTATE(j), NOFDREF(j), FREED(j), TIMER(j)];
      if (ctx < m) return { reads: [SPL, APC(ctx), ...sock(ctx)], writes: [SPL, APC(ctx), ...sock(ctx)] };
      if (ctx === m) return { reads: [SPL, ...sockets.flatMap((j) => [NPC(j), ...sock(j)])], writes: sockets.flatMap((j) => [NPC(j), ...sock(j)]) };
      return { reads: [SPL, ...sockets.flatMap((j) => [TIMER(j), FREED(j)])], writes: sockets.map(TIMER) };
    },
    remainingFootprint(s, ctx): Footprint {
      // What is left: an application until it has run splx; the packets not yet delivered; the
      // callouts armed or still to be armed by a FIN. Enabledness reads spl while anything is left.
      // Built once per (context, sockets left): POR asks for it in every state.
      let left = 0;
      if (ctx < m) left = s[APC(ctx)]! < APP_DONE ? 1 : 0;
      else for (let j = 0; j < m; j++) if (ctx === m ? s[NPC(j)]! < 2 : s[NPC(j)] === 0 || s[TIMER(j)] !== 0) left |= 1 << j;
      const key = ctx * (1 << m) + left;
      let f = remaining.get(key);
      if (!f) {
        const sock = (j: number) => [TSTATE(j), NOFDREF(j), FREED(j), TIMER(j)];
        const js = sockets.filter((j) => (left & (1 << j)) !== 0);
        if (left === 0) f = { reads: [], writes: [] };
        else if (ctx < m) f = { reads: [SPL, APC(ctx), ...sock(ctx)], writes: [SPL, APC(ctx), ...sock(ctx)] };
        else if (ctx === m) f = { reads: [SPL, ...js.flatMap((j) => [NPC(j), ...sock(j)])], writes: js.flatMap((j) => [NPC(j), ...sock(j)]) };
        else f = { reads: [SPL, ...js.flatMap((j) => [TIMER(j), FREED(j)])], writes: js.map(TIMER) };
        remaining.set(key, f);
      }
      return f;
    },
    // Sockets (each with its application) are interchangeable: no slot holds a socket's index.
    canonicalize: (s, out) => sortBlocks(s, out, 1, 6, m),
    label(s, c) {
      const j = c % m;
      if (c < m) return ["splnet", "so_state |= NOFDREF", "sofree if CLOSED", "splx"][s[APC(j)]!]! + ` (socket ${j})`;
      if (c < 2 * m) return (s[NPC(j)] === 0 ? "tcp_input FIN" : "tcp_input ACK, tcp_close") + ` (socket ${j})`;
      return `callout of socket ${j} fires`;
    },
    signature: () => `close-race/2 m=${m} stubbed=${stubbed}`,
  };
}
