import test from "ava";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { check } from "../../checker/index.js";
import { closeRace } from "../../examples/close-race.js";
import { filterLock } from "../../examples/filter-lock.js";
import { philosophers } from "../../examples/philosophers.js";
import { privateSteps } from "../../examples/private-steps.js";
import { runSpin, spinMissing } from "../../bench/spin.js";

const promela = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "bench", "promela");
const missing = spinMissing();
// SPIN is optional (Debian package spin); without it there is nothing to compare against.
const withSpin = missing ? test.skip : test;

withSpin("the Promela twins count exactly the states socheck counts (the proof they are the same model)", (t) => {
  const cases = [
    { m: filterLock(3), pml: "filter-lock.pml", defines: ["N=3"] },
    { m: philosophers(5, true), pml: "philosophers.pml", defines: ["N=5", "ORDERED=1"] },
    { m: philosophers(4, false), pml: "philosophers.pml", defines: ["N=4", "ORDERED=0"] },
    { m: closeRace(3), pml: "close-race.pml", defines: ["M=3"] },
    { m: privateSteps(3, 4), pml: "private-steps.pml", defines: ["N=3", "K=4"], spinArgs: ["-o3"] },
  ];
  for (const c of cases) {
    const r = check(c.m, { stopAtFirst: false });
    const s = runSpin(join(promela, c.pml), c.defines, "full", r.stats.states, 1, c.spinArgs);
    t.is(s.states, r.stats.states, c.m.name);
    // SPIN counts the step into the initial state as a transition.
    t.is(s.transitions, r.stats.transitions + 1, c.m.name);
  }
});

withSpin("a planted bug is found by both: SPIN's assertion and socheck's property", (t) => {
  const r = check(closeRace(2, true));
  const s = runSpin(join(promela, "close-race.pml"), ["M=2", "STUBBED=1"], "full", 1000, 1);
  t.is(r.violations[0]?.property, "double-free");
  t.true(s.errors > 0);
});

test("the bench says why SPIN is skipped, or finds both tools", (t) => {
  if (missing) t.regex(missing, /not found/);
  else t.is(missing, null);
});

withSpin("where SPIN's partial-order reduction cuts the private-steps twin, socheck's --por and --dfs --por store no more states", (t) => {
  const m = privateSteps(4, 6);
  const full = runSpin(join(promela, "private-steps.pml"), ["N=4", "K=6"], "full", 5000, 1, ["-o3"]);
  const spinPor = runSpin(join(promela, "private-steps.pml"), ["N=4", "K=6"], "por", 5000, 1, ["-o3"]);
  t.true(spinPor.states < full.states);
  for (const strategy of ["por", "dfs-por"] as const) t.true(check(m, { strategy, stopAtFirst: false }).stats.states <= spinPor.states, strategy);
});
