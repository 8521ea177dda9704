import test from "ava";
import { check, meetsExpectation } from "../../../index.js";
import { scenarios } from "../../../examples/user-kernels/linux-timer-refs.js";
import { footprintsHold } from "./footprints.js";

/** Example (a): Linux's timer references, its source's discipline and two mutations, as the checker finds them. */

const byName = (n: string) => scenarios.find((s) => s.name === n)!;
const run = (n: string) => check(byName(n).build(), { stopAtFirst: false });
const properties = (r: ReturnType<typeof run>) => new Set(r.violations.map((v) => v.property));

test("the source's discipline (sk_reset_timer holds, sk_stop_timer and the handler put) is safe in every interleaving", (t) => {
  const r = run("linux-keepalive-refs");
  t.is(r.verdict, "safe", r.violations.map((v) => v.message).join("; "));
  t.true(r.stats.states > 1000, `${r.stats.states} states`);
  t.true(meetsExpectation(byName("linux-keepalive-refs").expected, r));
});

test("a handler path that re-arms and returns without sock_put leaks the socket", (t) => {
  const r = run("linux-keepalive-missing-put");
  const leak = r.violations.find((v) => v.property === "leak");
  t.truthy(leak, [...properties(r)].join(","));
  t.regex(leak!.message, /socket so/);
  // Nothing is freed twice or used after its free: the only damage is the reference never dropped.
  for (const p of ["double-free", "use-after-free", "callout-after-free"]) t.false(properties(r).has(p), p);
  t.true(meetsExpectation(byName("linux-keepalive-missing-put").expected, r));
});

test("a stop that drops the running handler's reference frees the socket under the handler", (t) => {
  const r = run("linux-keepalive-extra-put");
  const uaf = r.violations.find((v) => v.property === "callout-after-free");
  t.truthy(uaf, [...properties(r)].join(","));
  t.regex(uaf!.message, /timer uses freed socket so at tcp_keepalive_timer/);
  t.false(properties(r).has("leak"));
  t.true(meetsExpectation(byName("linux-keepalive-extra-put").expected, r));
});

test("every step of the safe variant declares the slots it reads and writes", (t) => {
  const bad = footprintsHold(byName("linux-keepalive-refs").build(), 3000);
  t.deepEqual(bad, []);
});
