import type { Ctx } from "../runtime/context.js";
import type { KernelBuilder } from "../runtime/kernel.js";
import type { RoutineBuilder } from "../runtime/program.js";
import { SEG_CHILD, SEG_INSTANCE_SHIFT } from "./constants.js";
import { SPL_NET, SPL_SOFTCLOCK } from "../runtime/spl.js";
import type { ContextSpec } from "../compose/options.js";
import { IPQ_MAX, type Kern } from "./structs.js";

/**
 * What each context runs (issue 4 §4). Under bsd-up the input path is the softnet interrupt
 * (ipintr at splnet) and the timers are softclock (at splsoftclock, tcp_slowtimo raising to
 * splnet itself); under Kyu's policies they are threads (tcp-input, tcp-timer) that wait for work.
 */
export function makeContext(K: Kern, spec: ContextSpec): Ctx {
  const k: KernelBuilder = K.k;
  const up = k.policy === "bsd-up";
  const dequeue = (s: Int32Array, c: Ctx) => {
    const n = s[K.ipqLen]!;
    s[c.r0] = s[K.ipq]!;
    for (let i = 1; i < n; i++) s[K.ipq + i - 1] = s[K.ipq + i]!;
    s[K.ipq + n - 1] = 0;
    s[K.ipqLen] = n - 1;
  };
  const qSlots = Array.from({ length: IPQ_MAX }, (_, i) => K.ipq + i);
  // With a listening socket, in_pcblookup picks the child's pcb for the child's segments.
  const tcpInput = (b: RoutineBuilder) => {
    const all = K.instances;
    if (all && all.length > 1) {
      // in_pcblookup over independent connections: the segment's instance bits name its pcb. One
      // step whatever the instance, so every connection's path is as long (symmetry needs that);
      // the steps after it are labelled "connection i:" so canonicalize can pair them up.
      const done = b.at("input done");
      const pcbs = all.map((_, i) => b.at(`connection ${i}: pcb`));
      b.step("in_pcblookup", {}, (s, c) => pcbs[s[c.r0]! >> SEG_INSTANCE_SHIFT]?.pc ?? done.pc);
      for (let i = 0; i < all.length; i++) {
        b.here(`connection ${i}: pcb`);
        b.call(`tcp_input${all[i]!.sfx}`, `connection ${i}: tcp_input${all[i]!.sfx}`);
        b.goto(done, `connection ${i}: break`);
      }
      b.here("input done");
      return;
    }
    if (!K.listen) {
      b.call("tcp_input");
      return;
    }
    const child = b.at("child's pcb");
    const done = b.at("input done");
    b.jumpIf("in_pcblookup: the child's?", {}, (s, c) => (s[c.r0]! & SEG_CHILD) !== 0, child);
    b.call("tcp_input");
    b.goto(done, "break");
    b.here("child's pcb");
    b.call("tcp_input#1");
    b.here("input done");
  };
  // tcp_slowtimo walks every tcb on the list: each connection instance's in turn.
  const slowtimo = (b: RoutineBuilder) => {
    for (const x of K.instances ?? [K]) b.call(`tcp_slowtimo${x.sfx}`);
  };
  switch (spec.role) {
    case "app":
      return k.thread(spec.name, { priority: spec.priority ?? 0 }, (b) => {
        const p = spec.program ?? "close";
        const own = spec.connection ? K.instances?.[spec.connection] : K;
        if (!own) throw new Error(`context ${spec.name}: no connection ${spec.connection}`);
        const x = own.sfx;
        b.spl("user_api", 0);
        if (p === "receive" || p === "receive-close") b.call(`soreceive${x}`);
        if (p === "shutdown-close") b.call(`soshutdown${x}`);
        if (p === "accept-close") {
          // A non-blocking accept: with no connection on so_q it returns EWOULDBLOCK at once.
          const none = b.at("no connection");
          b.call("accept");
          b.jumpIf("EWOULDBLOCK?", {}, (s, c) => s[c.r2] === 0, none);
          b.call("soclose#1", "soclose(the accepted socket)");
          b.here("no connection");
        }
        if (p !== "receive") b.call(`soclose${x}`);
        b.splx("user_api");
        b.done();
      });
    case "input":
      if (up) {
        if (!k.hasRoutine("ipintr"))
          k.routine("ipintr", "4.4BSD-Lite2 netinet/ip_input.c ipintr (the loop over ipintrq)", (b) => {
            const loop = b.here("next");
            const out = b.at("out");
            b.step("IF_DEQUEUE(&ipintrq) at splimp", { reads: [K.ipqLen, ...qSlots], writes: [K.ipqLen, ...qSlots] }, (s, c) => {
              if (s[K.ipqLen] === 0) return out.pc;
              dequeue(s, c);
            });
            b.spl("tcp_input", 0);
            tcpInput(b);
            b.splx("tcp_input");
            b.goto(loop);
            b.here("out");
          });
        return k.interrupt(spec.name, { level: SPL_NET, pending: { reads: [K.ipqLen], fn: (s) => s[K.ipqLen]! > 0 }, handler: "ipintr" });
      }
      return k.thread(spec.name, { priority: spec.priority ?? 0 }, (b) => {
        const idle = b.here("idle");
        b.idleWait("wait for a packet", { reads: [K.ipqLen, ...qSlots], writes: [K.ipqLen, ...qSlots] }, (s) => s[K.ipqLen]! > 0, dequeue, "a packet");
        b.spl("tcp_input", 0);
        tcpInput(b);
        b.splx("tcp_input");
        b.goto(idle);
      });
    case "timer":
      if (up) {
        if (!k.hasRoutine("softclock"))
          k.routine("softclock", "4.4BSD-Lite2 kern/kern_clock.c softclock → pfslowtimo → tcp_slowtimo", (b) => {
            b.spl("tcp_timer", 0);
            slowtimo(b);
            b.splx("tcp_timer");
          });
        return k.interrupt(spec.name, {
          level: SPL_SOFTCLOCK,
          kind: "timer",
          pending: { reads: [K.tickPending], fn: (s) => s[K.tickPending]! > 0 },
          onDeliver: { reads: [K.tickPending], writes: [K.tickPending], fn: (s) => void (s[K.tickPending] = 0) },
          handler: "softclock",
        });
      }
      return k.thread(spec.name, { priority: spec.priority ?? 0 }, (b) => {
        const idle = b.here("idle");
        b.idleWait("wait for a tick", { reads: [K.tickPending], writes: [K.tickPending] }, (s) => s[K.tickPending]! > 0, (s) => void (s[K.tickPending] = 0), "a tick");
        b.spl("tcp_timer", 0);
        slowtimo(b);
        b.splx("tcp_timer");
        b.goto(idle);
      });
  }
}
