import test from "ava";
import { check, replay } from "../../../checker/index.js";
import { composeKernel } from "../../../model/compose/compose.js";
import { KERNEL_SITES } from "../../../model/kernel/sites.js";
import { meetsExpectation } from "../../../model/scenario.js";
import { kernelScenarios } from "../../../model/scenarios/kernel.js";
import { findScenario } from "../../../model/scenarios/index.js";

const byName = (n: string) => kernelScenarios.find((s) => s.spec.name === n)!;

for (const sc of kernelScenarios)
  test(`scenario ${sc.spec.name}: the checker's verdict meets the expectation beside it`, (t) => {
    const model = findScenario(sc.spec.name)!.build();
    const r = check(model);
    t.true(meetsExpectation(sc.expected, r), `${r.verdict} ${r.violations.map((v) => `${v.property}: ${v.message}`).join("; ")}`);
    if (sc.expected.verdict === "safe") {
      t.true(r.exhaustive, "a safe verdict comes from an exhaustive search");
      t.deepEqual(r.boundsHit, []);
      t.true(r.stats.states > 0 && r.stats.transitions > 0);
    } else {
      // Every counterexample replays to the same violation under the model's own semantics.
      const v = r.violations[0]!;
      const rp = replay(model, v.choices);
      t.is(rp.error, null);
      t.is(rp.violation?.name, v.property);
    }
  });

test("kyu-stubbed-spl: the search finds the double sofree and the double sem_destroy of the seed", (t) => {
  const r = check(composeKernel(byName("kyu-stubbed-spl").spec), { stopAtFirst: false });
  const df = r.violations.find((v) => v.property === "double-free");
  t.truthy(df, "a double free is reachable");
  t.regex(df!.message, /U frees socket so again at sofree:k_sock_free\(so\) \(first freed by I at sofree:k_sock_free\(so\)\)/);
  t.regex(df!.message, /U destroys semaphore so_\w+\.sb_sleep again/, "the socket's semaphores are destroyed twice");
  // Shorter ones the seed did not name: so_state's unprotected read-modify-write loses the tcp
  // thread's soisdisconnected, and tcp_output uses the tcpcb the tcp thread freed.
  t.deepEqual(r.violations.map((v) => v.property).slice(0, 2), ["lost-update", "use-after-free"]);
  t.regex(r.violations[1]!.message, /U uses freed tcpcb tp at tcp_output:send FIN\? \(first freed by I at tcp_close:free\(tp\)\)/);
});

test("kyu-delay: the delay does not fix the race: the ACK can still arrive after it", (t) => {
  const m = composeKernel(byName("kyu-delay").spec);
  const r = check(m, { stopAtFirst: false });
  const df = r.violations.find((v) => v.property === "double-free")!;
  t.truthy(df);
  const labels = replay(m, df.choices).steps.map((s) => s.label);
  const delayEnds = labels.indexOf("peer:delay-ends");
  const ack = labels.indexOf("peer:ACK-of-FIN");
  t.true(delayEnds >= 0 && ack > delayEnds, "in the counterexample the ACK arrives after the delay has ended");
});

test("dragonfly-soreceive-check: the mail's premise is false (an RST clears ISCONNECTED while soreceive runs) but harmless", (t) => {
  const m = composeKernel(byName("dragonfly-soreceive-check").spec);
  const R = m.ctxs.find((c) => c.name === "R")!;
  const inSoreceive = new Set(m.instrs.filter((i) => i.routine === "sbwait(so_rcv)").map((i) => i.index));
  const st = m.kernel.words[0]!.slot;
  const out = new Int32Array(m.maxChoices);
  const seen = new Set<string>();
  const stack = [new Int32Array(m.stateSize)];
  m.initial(stack[0]!);
  let staleCheck = false;
  while (stack.length && !staleCheck) {
    const s = stack.pop()!;
    const key = s.join(",");
    if (seen.has(key)) continue;
    seen.add(key);
    // R has passed the ENOTCONN test and sleeps in sbwait, yet ISCONNECTED|ISCONNECTING is clear.
    if (inSoreceive.has(s[R.pc]!) && (s[st]! & 0x6) === 0) staleCheck = true;
    const n = m.enabled(s, out);
    for (let i = 0; i < n; i++) {
      const next = Int32Array.from(s);
      m.step(next, out[i]!);
      stack.push(next);
    }
  }
  t.true(staleCheck, "the connection state changes under soreceive after its test");
  t.is(check(m).verdict, "safe", "and every invariant still holds: soisdisconnected wakes the reader with CANTRCVMORE");
});

/**
 * Every invariant can fail: drop each lock site of each safe scenario in turn. A site is either
 * needed (a counterexample appears) or the table says why the scenario does not need it.
 */
const NOT_NEEDED: Record<string, Record<string, string>> = {
  "bsd44-spl": {
    sodisconnect: "called only from soclose, already at splnet: the raise changes nothing",
    tcp_usrreq: "PRU_DISCONNECT and PRU_DETACH come from soclose, already at splnet",
    sorflush: "splimp masks the device interrupt, which only queues a packet; tcp_input still waits for splnet",
    soreceive: "no context receives in this scenario",
    user_api: "an entry site: nothing under real spl",
    tcp_input: "an entry site: nothing under real spl (ipintr already runs at splnet)",
    tcp_timer: "an entry site: nothing under real spl (tcp_slowtimo raises splnet itself)",
    accept: "no context accepts in this scenario",
    soaccept: "no context accepts in this scenario",
  },
  "bsd44-shutdown-linger": {
    sodisconnect: "called only from soclose, already at splnet",
    sorflush: "splimp masks the device interrupt, which only queues a packet",
    soreceive: "no context receives in this scenario",
    user_api: "an entry site: nothing under real spl",
    tcp_input: "an entry site: nothing under real spl",
    tcp_timer: "an entry site: nothing under real spl",
    accept: "no context accepts in this scenario",
    soaccept: "no context accepts in this scenario",
  },
  "bsd44-listen": {
    sodisconnect: "called only from soclose (of the accepted socket), already at splnet",
    sorflush: "called from sofree under soclose's splnet or in softnet",
    tcp_usrreq: "every PRU request comes from soclose or accept (at splnet) or from tcp_input (softnet)",
    soaccept: "called only from accept, already at splnet",
    soreceive: "no context receives in this scenario",
    tcp_slowtimo: "no timer context in this scenario",
    user_api: "an entry site: nothing under real spl",
    tcp_input: "an entry site: nothing under real spl",
    tcp_timer: "an entry site: nothing under real spl",
  },
  "kyu-recursive-lock": {
    sodisconnect: "nested inside soclose's net_lock (recursive): the inner acquire only counts",
    tcp_usrreq: "nested inside soclose's net_lock",
    sorflush: "nested inside soclose's or tcp_input's net_lock",
    soreceive: "no context receives in this scenario",
  },
  "kyu-sleep-releasing-lock": Object.fromEntries(
    ["soclose", "sodisconnect", "soreceive", "sorflush", "tcp_usrreq", "tcp_slowtimo", "tcp_input"].map((s) => [
      s,
      "sbwakeup posts the latched semaphore unconditionally, so the reader's check-then-sleep needs no lock; what this scenario shows is that releasing around sbwait ends kyu-sleep-holding-lock's deadlock",
    ]),
  ),
  "lost-wakeup-latched": Object.fromEntries(
    ["soclose", "sodisconnect", "soreceive", "sorflush", "tcp_usrreq", "tcp_slowtimo", "tcp_input"].map((s) => [
      s,
      "the latched unconditional post is the fix; dropping it instead is the lost-wakeup scenario",
    ]),
  ),
  "dragonfly-so_state-one-lock": {
    tcp_usrreq: "every PRU request comes from soclose, which already holds the socket lock (recursive)",
    soreceive: "no context receives in this scenario",
  },
  "dragonfly-soreceive-check": {
    tcp_usrreq: "nobody closes the socket in this scenario",
    soclose: "nobody closes the socket in this scenario",
    tcp_slowtimo: "no timer context in this scenario",
  },
};

for (const sc of kernelScenarios.filter((s) => s.expected.verdict === "safe"))
  test(`dropping each lock site of ${sc.spec.name} in turn: a counterexample, or a stated reason`, (t) => {
    const p = sc.spec.placement;
    const sites = p.default === "spl" || p.default === undefined ? [...KERNEL_SITES.sites] : Object.keys(p.sites ?? {});
    t.true(sites.length > 0);
    const reasons = NOT_NEEDED[sc.spec.name] ?? {};
    let needed = 0;
    for (const site of sites) {
      const r = check(composeKernel({ ...sc.spec, placement: { ...p, sites: { ...(p.sites ?? {}), [site]: "none" } } }));
      if (reasons[site]) t.is(r.verdict, "safe", `${site} is said not to be needed (${reasons[site]}), yet dropping it breaks ${sc.spec.name}`);
      else {
        t.is(r.verdict, "violation", `dropping ${site} from ${sc.spec.name} should give a counterexample`);
        needed++;
      }
    }
    if (!["kyu-sleep-releasing-lock", "lost-wakeup-latched"].includes(sc.spec.name)) t.true(needed > 0, "some site is needed");
  });

test("the two scenarios whose safety rests on something other than a lock site fail when that is dropped", (t) => {
  const hold = byName("kyu-sleep-releasing-lock").spec;
  t.is(check(composeKernel({ ...hold, placement: { ...hold.placement, waits: { sbwait: "hold" } } })).violations[0]?.property, "deadlock");
  const latched = byName("lost-wakeup-latched").spec;
  t.is(check(composeKernel({ ...latched, options: { ...latched.options, sbwakeup: "if-waiting" } })).violations[0]?.property, "lost-wakeup");
});
