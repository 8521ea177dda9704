import test from "ava";
import { check } from "../../../checker/index.js";
import { composeKernel } from "../../../model/compose/compose.js";
import { SEG_ACKSYN, SEG_CHILD, SEG_RST, SEG_SYN, SS_ISCONNECTED, SS_NOFDREF, TCP_STATE_NAMES } from "../../../model/kernel/constants.js";
import { ALLOCATED, FREED, UNALLOCATED } from "../../../model/runtime/objects.js";
import { BSD44 } from "../../../model/placements/index.js";
import { deliver, rig, runToRest } from "./harness.js";

const listening = () => rig([{ name: "I", role: "input" }], { tcpState: "LISTEN", listen: true });

test("a SYN to a listening socket makes a child on so_q0 in SYN_RECEIVED, with NOFDREF set (sonewconn)", (t) => {
  const r = listening();
  const l = r.K.listen!;
  t.is(r.s[l.child.so.alive], UNALLOCATED);
  deliver(r, SEG_SYN);
  runToRest(r, "I");
  t.is(r.s[l.child.so.alive], ALLOCATED);
  t.is(r.s[l.child.tp.alive], ALLOCATED);
  t.is(TCP_STATE_NAMES[r.s[l.child.tState]!], "SYN_RECEIVED");
  t.is(r.s[l.q0len], 1);
  t.is(r.s[l.soQueue], 1);
  t.truthy(r.s[l.child.soState.slot]! & SS_NOFDREF);
  t.is(r.s[l.synAckSent], 1);
  // The handshake's ACK: ESTABLISHED, and soisconnected moves it from so_q0 to so_q.
  deliver(r, SEG_ACKSYN | SEG_CHILD);
  runToRest(r, "I");
  t.is(TCP_STATE_NAMES[r.s[l.child.tState]!], "ESTABLISHED");
  t.is(r.s[l.q0len], 0);
  t.is(r.s[l.qlen], 1);
  t.is(r.s[l.soQueue], 2);
  t.truthy(r.s[l.child.soState.slot]! & SS_ISCONNECTED);
  // An RST drops it: tcp_close → in_pcbdetach → sofree, which takes it off so_q and frees it.
  deliver(r, SEG_RST | SEG_CHILD);
  runToRest(r, "I");
  t.is(r.s[l.child.so.alive], FREED);
  t.is(r.s[l.qlen], 0);
  t.is(r.s[l.soQueue], 0);
});

test("a second SYN finds the backlog full and is dropped", (t) => {
  const r = listening();
  const l = r.K.listen!;
  deliver(r, SEG_SYN);
  runToRest(r, "I");
  deliver(r, SEG_SYN);
  runToRest(r, "I");
  t.is(r.s[l.q0len], 1);
});

test("closing a listening socket under real spl frees the child exactly once, by soabort or by the RST", (t) => {
  const m = composeKernel({
    name: "listen-freers",
    policy: "bsd-up",
    placement: BSD44,
    options: { flavor: "bsd44" },
    initial: { tcpState: "LISTEN", listen: true },
    contexts: [
      { name: "U", role: "app", program: "close" },
      { name: "softnet", role: "input" },
    ],
    peer: { rst: true },
  });
  t.is(check(m).verdict, "safe");
  const so1 = m.kernel.objects.list.find((o) => o.name === "so1")!;
  const out = new Int32Array(m.maxChoices);
  const seen = new Set<string>();
  const stack = [new Int32Array(m.stateSize)];
  m.initial(stack[0]!);
  const freers = new Set<string>();
  while (stack.length) {
    const s = stack.pop()!;
    const key = s.join(",");
    if (seen.has(key)) continue;
    seen.add(key);
    const n = m.enabled(s, out);
    if (n === 0 && s[so1.alive] === FREED) freers.add(m.kernel.ownerName(s[so1.freedBy]!));
    for (let i = 0; i < n; i++) {
      const next = Int32Array.from(s);
      m.step(next, out[i]!);
      stack.push(next);
    }
  }
  t.deepEqual([...freers].sort(), ["U", "softnet"]);
});

test("a non-blocking accept takes the completed child off so_q and clears NOFDREF (soaccept); with none it returns at once", (t) => {
  const r = rig(
    [
      { name: "U", role: "app", program: "accept-close" },
      { name: "I", role: "input" },
    ],
    { tcpState: "LISTEN", listen: true },
  );
  const l = r.K.listen!;
  deliver(r, SEG_SYN);
  runToRest(r, "I");
  deliver(r, SEG_ACKSYN | SEG_CHILD);
  runToRest(r, "I");
  const u = r.m.ctxs.find((c) => c.name === "U")!;
  while (r.m.instrs[r.s[u.pc]!]!.label !== "soclose(the accepted socket)") r.m.step(r.s, u.id);
  t.is(r.s[l.qlen], 0);
  t.is(r.s[l.soHead], 0, "soqremque clears so_head");
  t.is(r.s[l.child.soState.slot]! & SS_NOFDREF, 0, "the new descriptor holds the socket");
  runToRest(r, "U");
  t.is(r.s[l.child.so.alive], ALLOCATED, "closing it only starts the disconnect: the protocol still holds the pcb");
  t.is(TCP_STATE_NAMES[r.s[l.child.tState]!], "FIN_WAIT_1");
  t.is(r.s[r.K.so.alive], FREED, "the listening socket itself is gone");

  const empty = rig([{ name: "U", role: "app", program: "accept-close" }], { tcpState: "LISTEN", listen: true });
  runToRest(empty, "U");
  t.is(empty.s[empty.K.so.alive], FREED, "EWOULDBLOCK, then the listener closes");
});
