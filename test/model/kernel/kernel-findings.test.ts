import test from "ava";
import { check } from "../../../checker/index.js";
import { KERNEL_FINDINGS } from "../../../model/compose/scenario-file.js";
import { scenarios } from "../../../model/scenarios/index.js";

// Scenario files reject expected properties outside invariants + KERNEL_FINDINGS; every property a
// built-in kernel scenario actually reports must be in that set, or a correct file would be refused.
test("every property the built-in kernel scenarios report is an invariant name or a known finding", (t) => {
  let seen = 0;
  for (const sc of scenarios.filter((s) => s.group !== "example")) {
    const m = sc.build();
    const known = new Set([...m.invariants.map((i) => i.name), ...KERNEL_FINDINGS]);
    const r = check(m, { stopAtFirst: false, maxStates: 200_000, strategy: "por" });
    for (const v of r.violations) {
      seen++;
      t.true(known.has(v.property), `${sc.name}: ${v.property}`);
    }
    for (const p of sc.expected.properties ?? []) t.true(known.has(p), `${sc.name} expects ${p}`);
  }
  t.true(seen > 10, `only ${seen} violations seen`);
});
