import test from "ava";
import { check, meetsExpectation } from "../../../index.js";
import { scenarios } from "../../../examples/user-kernels/linux-netns-timers.js";
import { footprintsHold } from "./footprints.js";

/** Example (c): Linux's "tcp: properly terminate timers for kernel sockets" (2024), before and after. */

const byName = (n: string) => scenarios.find((s) => s.name === n)!;
const run = (n: string) => check(byName(n).build(), { stopAtFirst: false });

test("before the fix, the keepalive timer of a closed kernel socket reads its freed netns", (t) => {
  const r = run("linux-netns-timer-uaf");
  const uaf = r.violations.find((v) => v.property === "callout-after-free");
  t.truthy(uaf, r.violations.map((v) => v.property).join(","));
  t.regex(uaf!.message, /timer uses freed netns net at tcp_keepalive_timer/);
  t.regex(uaf!.message, /first freed by netns_exit/);
  // The socket itself is never the victim: the timer's reference keeps it (example a's discipline).
  t.false(r.violations.some((v) => /socket so/.test(v.message)));
  t.true(meetsExpectation(byName("linux-netns-timer-uaf").expected, r));
});

test("with inet_csk_clear_xmit_timers_sync before tcp_close's final sock_put, no timer outlives the close: safe", (t) => {
  const r = run("linux-netns-timer-sync");
  t.is(r.verdict, "safe", r.violations.map((v) => v.message).join("; "));
  t.true(meetsExpectation(byName("linux-netns-timer-sync").expected, r));
});

test("every step of the fixed variant declares the slots it reads and writes", (t) => {
  t.deepEqual(footprintsHold(byName("linux-netns-timer-sync").build(), 3000), []);
});
