import test from "ava";
import { check } from "../../../checker/index.js";
import { composeKernel } from "../../../model/compose/compose.js";
import { SB_WAIT, SS_ISCONNECTED, SS_NOFDREF } from "../../../model/kernel/constants.js";
import { ALLOCATED, FREED } from "../../../model/runtime/objects.js";
import { BSD44 } from "../../../model/placements/index.js";
import { rig, runToRest } from "./harness.js";

for (const nofdref of [false, true])
  for (const pcb of [0, 1])
    test(`sofree with NOFDREF ${nofdref ? "set" : "clear"} and so_pcb ${pcb}: ${nofdref && pcb === 0 ? "frees" : "returns"}`, (t) => {
      const r = rig([], { tcpState: "CLOSED" }, { flavor: "kyu" }, "sofree");
      r.s[r.K.soState.slot] = nofdref ? SS_NOFDREF : SS_ISCONNECTED;
      r.s[r.K.soPcb] = pcb;
      runToRest(r, "X");
      const frees = nofdref && pcb === 0;
      t.is(r.s[r.K.so.alive], frees ? FREED : ALLOCATED);
      t.is(r.s[r.K.kyuSem!.obj.alive], frees ? FREED : ALLOCATED, "Kyu's sofree destroys kyu_sem with the socket");
      t.is(r.s[r.K.rcv.sem!.obj.alive], frees ? FREED : ALLOCATED, "and sbrelease the sockbuf semaphores");
    });

/** Every terminal state of a small 4.4 close, with who freed the socket. */
function terminalFreers(): { freers: Set<string>; terminals: number; notOnce: number } {
  const m = composeKernel({
    name: "bsd44-small",
    policy: "bsd-up",
    placement: BSD44,
    options: { flavor: "bsd44", linger: true },
    initial: { tcpState: "ESTABLISHED" },
    contexts: [
      { name: "U", role: "app", program: "close" },
      { name: "softnet", role: "input" },
      { name: "softclock", role: "timer" },
    ],
    peer: { fin: true, ack: true, rst: true, ticks: 2 },
  });
  const so = m.kernel.objects.list.find((o) => o.name === "so")!;
  const out = new Int32Array(m.maxChoices);
  const seen = new Set<string>();
  const stack = [new Int32Array(m.stateSize)];
  m.initial(stack[0]!);
  const freers = new Set<string>();
  let terminals = 0;
  let notOnce = 0;
  while (stack.length) {
    const s = stack.pop()!;
    const key = s.join(",");
    if (seen.has(key)) continue;
    seen.add(key);
    const n = m.enabled(s, out);
    if (n === 0) {
      terminals++;
      if (s[so.alive] !== FREED || m.faults.report(s) !== null) notOnce++;
      else freers.add(m.kernel.ownerName(s[so.freedBy]!));
    }
    for (let i = 0; i < n; i++) {
      const next = Int32Array.from(s);
      m.step(next, out[i]!);
      stack.push(next);
    }
  }
  return { freers, terminals, notOnce };
}

test("under real spl exactly one of soclose and in_pcbdetach frees the socket, and each of them does in some run", (t) => {
  const { freers, terminals, notOnce } = terminalFreers();
  t.true(terminals > 0);
  t.is(notOnce, 0, "every complete run frees the socket exactly once");
  // Protocol first (the RST or the ACK during the linger sleep): soclose frees. Close first: the
  // later tcp_close frees, from tcp_input (softnet) or from the 2MSL timer (softclock).
  t.deepEqual([...freers].sort(), ["U", "softclock", "softnet"]);
});

for (const mode of ["if-waiting", "always"] as const)
  for (const waiting of [false, true])
    test(`Kyu sbwakeup=${mode} with SB_WAIT ${waiting ? "set" : "clear"}: ${mode === "always" || waiting ? "posts" : "does not post"}`, (t) => {
      const r = rig([], { tcpState: "ESTABLISHED" }, { flavor: "kyu", sbwakeup: mode }, "sorwakeup");
      if (waiting) r.s[r.K.rcv.flags] = SB_WAIT;
      runToRest(r, "X");
      t.is(r.s[r.K.rcv.sem!.count], mode === "always" || waiting ? 1 : 0);
      t.is(r.s[r.K.rcv.flags]! & SB_WAIT, 0, "SB_WAIT is cleared either way");
    });

test("4.4 sowakeup wakes a sleeper only through SB_WAIT: with it clear, a sleeping reader stays asleep", (t) => {
  const r = rig([], { tcpState: "ESTABLISHED" }, { flavor: "bsd44" }, "sorwakeup");
  const reader = r.m.ctxs[0]!;
  r.s[reader.sleep] = r.K.rcv.chan.id + 1;
  runToRest(r, "X");
  t.is(r.s[reader.sleep], r.K.rcv.chan.id + 1);
  r.s[r.K.rcv.flags] = SB_WAIT;
  r.s[r.m.ctxs[0]!.pc] = r.m.ctxs[0]!.entry;
  runToRest(r, "X");
  t.is(r.s[reader.sleep], 0);
});

test("sbwait under each Kyu option: unconditional post is safe, post-if-waiting loses the wakeup", (t) => {
  const spec = (mode: "if-waiting" | "always") =>
    composeKernel({
      name: `sbwait-${mode}`,
      policy: "priority",
      placement: { name: "unlock-before-sbwait", locks: { net_lock: { recursive: true } }, default: { lock: "net_lock" }, waits: { sbwait: "release" } },
      options: { flavor: "kyu", sbwakeup: mode },
      initial: { tcpState: "ESTABLISHED" },
      contexts: [
        { name: "R", role: "app", program: "receive", priority: 20 },
        { name: "I", role: "input", priority: 13 },
      ],
      peer: { data: 1 },
    });
  t.is(check(spec("always")).verdict, "safe");
  const r = check(spec("if-waiting"));
  t.is(r.violations[0]?.property, "lost-wakeup");
});
