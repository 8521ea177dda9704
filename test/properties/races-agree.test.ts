import test from "ava";
import type { KernelModel } from "../../model/index.js";
import { raceTable } from "../../properties/races.js";
import { findScenario } from "../../model/scenarios/index.js";
import { referenceRaceTable } from "./races-reference.js";

const build = (name: string) => findScenario(name)!.build() as KernelModel;

// Every scenario the races tests and the README run it on, and the seed scenarios around them:
// real spl, stubbed spl with preemption windows, locks, sleeps, callouts, and a lost update.
const SCENARIOS = [
  "bsd44-spl",
  "kyu-stubbed-spl",
  "kyu-delay",
  "kyu-netlock-timers",
  "kyu-netlock-nested",
  "kyu-sleep-holding-lock",
  "lost-wakeup",
  "dragonfly-so_state",
  "dragonfly-so_state-atomic",
  "dragonfly-so_state-one-lock",
  "dragonfly-soreceive-check",
  "netbsd-pr20390",
];

for (const name of SCENARIOS)
  test(`${name}: the one-pass analysis finds the pairs, verdicts, properties and witnesses the first one did`, (t) => {
    const fast = raceTable(build(name));
    const ref = referenceRaceTable(build(name));
    t.is(fast.states, ref.states);
    t.is(fast.exhaustive, ref.exhaustive);
    t.deepEqual(fast.locations, ref.locations);
    // Windows that span a sleep are new: the first analysis had none to compare.
    t.deepEqual(
      fast.pairs.filter((p) => p.window === undefined),
      ref.pairs,
    );
  });

test("a cut exploration agrees too", (t) => {
  const fast = raceTable(build("kyu-netlock-timers"), { maxStates: 300 });
  const ref = referenceRaceTable(build("kyu-netlock-timers"), { maxStates: 300 });
  t.false(fast.exhaustive);
  t.deepEqual({ ...fast, pairs: fast.pairs.filter((p) => p.window === undefined) }, ref);
});
