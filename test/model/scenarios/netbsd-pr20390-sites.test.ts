import test from "ava";
import { check } from "../../../checker/index.js";
import { calloutExtension, withCalloutSites } from "../../../model/callout/compose.js";
import { composeKernel } from "../../../model/compose/compose.js";
import { KERNEL_SITES } from "../../../model/kernel/sites.js";
import { protectionOf } from "../../../model/runtime/placement.js";
import { netbsdScenarios } from "../../../model/scenarios/netbsd-pr20390.js";

/**
 * Issue 5: every safe verdict must be able to fail. Each protected site of each safe PR#20390
 * scenario is dropped in turn ("none"); a counterexample must appear, unless the site is one of
 * these, for the reason given. A site whose code no context reaches leaves the state graph as it
 * was (same states and transitions) and is skipped.
 */
const NOT_NEEDED: Readonly<Record<string, string>> = {
  "netbsd-pr20390-ipl tcp_timer.splsoftnet": "softclock already lowered straight to splsoftnet, so the handler's own raise changes nothing: that is fix (1)",
  "netbsd-pr20390-halt tcp_input":
    "callout_halt alone orders pool_put after the handler returns, and TF_DEAD is set first; softnet_lock there keeps the tcpcb's fields from a concurrent handler, a data race the model does not check",
  "netbsd-pr20390-halt tcp_timer.splsoftnet": "as for tcp_input: callout_halt waits for the handler whether or not it takes softnet_lock",
};

for (const sc of netbsdScenarios.filter((s) => s.expected.verdict === "safe")) {
  test(`${sc.spec.name}: dropping any protected site it reaches brings a counterexample, or is explained`, (t) => {
    const base = check(composeKernel(sc.spec, calloutExtension(sc.callouts)));
    t.is(base.verdict, "safe");
    let reached = 0;
    for (const site of withCalloutSites(KERNEL_SITES).sites) {
      if (protectionOf(sc.spec.placement, site) === "none") continue;
      const placement = { ...sc.spec.placement, name: `${sc.spec.placement.name}-no-${site}`, sites: { ...sc.spec.placement.sites, [site]: "none" as const } };
      const r = check(composeKernel({ ...sc.spec, placement }, calloutExtension(sc.callouts)));
      if (r.verdict === "safe" && r.stats.states === base.stats.states && r.stats.transitions === base.stats.transitions) continue;
      reached++;
      const why = NOT_NEEDED[`${sc.spec.name} ${site}`];
      if (why) t.is(r.verdict, "safe", `${site} was explained as not needed (${why}) but: ${r.violations[0]?.message}`);
      else t.is(r.verdict, "violation", `dropping ${site} left ${sc.spec.name} safe, with no explanation`);
    }
    t.true(reached >= 1);
  });
}
