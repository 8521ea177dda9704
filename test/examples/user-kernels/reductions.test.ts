import test from "ava";
import { check, meetsExpectation } from "../../../index.js";
import { scenarios as linux } from "../../../examples/user-kernels/linux-timer-refs.js";
import { scenarios as freebsd } from "../../../examples/user-kernels/freebsd-protoref.js";
import { scenarios as netns } from "../../../examples/user-kernels/linux-netns-timers.js";

/**
 * Partial-order reduction trusts the footprints the examples declare: with it every user kernel
 * still gets the verdict its source calls for, from fewer states than the full search stores.
 */
for (const sc of [...linux, ...freebsd, ...netns])
  test(`${sc.name}: the reduced search (ample and sleep sets) keeps the verdict`, (t) => {
    const full = check(sc.build());
    const por = check(sc.build(), { strategy: "por" });
    t.true(meetsExpectation(sc.expected, por), `${por.verdict} ${por.violations.map((v) => v.property).join(",")}`);
    t.is(por.verdict, full.verdict);
    if (por.verdict === "safe") t.true(por.stats.states < full.stats.states, `${por.stats.states} vs ${full.stats.states}`);
  });
