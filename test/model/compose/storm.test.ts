import test from "ava";
import { check } from "../../../checker/index.js";
import { composeKernel, composeKernelWith } from "../../../model/compose/compose.js";
import { SEG_FIN, SEG_INSTANCE_SHIFT, TCP_STATE_NAMES } from "../../../model/kernel/constants.js";
import { closeStorm } from "../../../model/compose/storm.js";
import { ALLOCATED, FREED } from "../../../model/runtime/objects.js";
import { closeStormScenarioList } from "../../../model/scenarios/close-storm.js";
import { meetsExpectation } from "../../../model/scenario.js";
import { deliver, rig, runToRest } from "../kernel/harness.js";

const props = (r: { violations: readonly { property: string }[] }) => [...new Set(r.violations.map((v) => v.property))].sort();

test("closeStorm(N) declares N sockets, N application threads and one input path, each thread closing its own socket", (t) => {
  const { model, kern } = composeKernelWith(closeStorm(3, 0, "bsd44"));
  t.is(kern.instances?.length, 3);
  t.deepEqual(
    model.ctxs.map((c) => c.name),
    ["U0", "U1", "U2", "softnet"],
  );
  const names = new Set(model.routines.map((r) => r.name));
  for (const x of ["soclose", "soclose#1", "soclose#2", "tcp_input#2", "sofree#1"]) t.true(names.has(x), x);
  // Every connection starts connected, in CLOSE_WAIT, with its own live objects.
  const s = new Int32Array(model.stateSize);
  model.initial(s);
  for (const K of kern.instances!) {
    t.is(TCP_STATE_NAMES[s[K.tState]!], "CLOSE_WAIT");
    t.is(s[K.so.alive], ALLOCATED);
    t.is(s[K.tp.alive], ALLOCATED);
  }
  t.is(new Set(kern.instances!.map((K) => K.so.alive)).size, 3);
});

test("a segment reaches only the connection its instance bits name", (t) => {
  const r = rig([{ name: "I", role: "input" }], { tcpState: "TIME_WAIT", connections: 3 });
  const all = r.K.instances!;
  // A RST in TIME_WAIT closes the connection (tcp_close): connection 2's, and only it.
  deliver(r, 8 | (2 << SEG_INSTANCE_SHIFT));
  runToRest(r, "I");
  t.is(r.s[all[2]!.tp.alive], FREED);
  t.is(r.s[all[0]!.tp.alive], ALLOCATED);
  t.is(r.s[all[1]!.tp.alive], ALLOCATED);
});

test("M retransmitted FINs start in ipintrq, round-robin over the connections", (t) => {
  const { model, kern } = composeKernelWith(closeStorm(2, 2, "bsd44"));
  const s = new Int32Array(model.stateSize);
  model.initial(s);
  t.is(s[kern.ipqLen], 2);
  t.is(s[kern.ipq], SEG_FIN);
  t.is(s[kern.ipq + 1], SEG_FIN | (1 << SEG_INSTANCE_SHIFT));
});

test("each peer's events are its own, named by connection", (t) => {
  const m = composeKernel(closeStorm(3, 0, "kyu-stubbed"));
  t.deepEqual(
    m.events.map((e) => e.name),
    ["ACK-of-FIN", "ACK-of-FIN#1", "ACK-of-FIN#2"],
  );
});

test("bad sizes are refused with a message naming them", (t) => {
  t.throws(() => closeStorm(0, 0, "bsd44"), { message: /N must be a positive integer/ });
  t.throws(() => closeStorm(2, 3, "bsd44"), { message: /M must be 0, 1 or 2/ });
  t.throws(() => composeKernel({ ...closeStorm(2, 0, "bsd44"), initial: { tcpState: "ESTABLISHED", connections: 2, inFlight: 1 } }), { message: /has not received/ });
});

test("under 4.4BSD's real spl every storm up to N = 3 is safe, exhaustively, and every socket is freed", (t) => {
  for (const n of [1, 2, 3]) {
    const r = check(composeKernel(closeStorm(n, n === 3 ? 0 : 1, "bsd44")), { stopAtFirst: false });
    t.is(r.verdict, "safe", `N=${n}`);
    t.true(r.exhaustive);
  }
});

test("with Kyu's spl stubbed the storm breaks as the single close does (double free, use after free, lost update)", (t) => {
  for (const n of [1, 2]) {
    const r = check(composeKernel(closeStorm(n, 0, "kyu-stubbed")), { stopAtFirst: false });
    t.is(r.verdict, "violation", `N=${n}`);
    t.deepEqual(props(r), ["double-free", "lost-update", "use-after-free"]);
  }
});

test("the built-in close storms meet their expectations", (t) => {
  t.deepEqual(
    closeStormScenarioList.map((s) => s.name),
    ["bsd44-close-storm-2", "bsd44-close-storm-3-m1", "kyu-close-storm-2"],
  );
  for (const s of closeStormScenarioList) {
    const r = check(s.build());
    t.true(meetsExpectation(s.expected, r), s.name);
    t.true(r.stats.states < 200_000, `${s.name}: ${r.stats.states} states`);
  }
});
