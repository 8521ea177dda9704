import test from "ava";
import { goldenFigures, readGolden } from "../../bench/golden.js";
import { scenarios } from "../../model/scenarios/index.js";

// Pins what each search did on every built-in scenario (bench/golden.ts). A verdict can survive a
// bug that these move: a sleep-set re-expansion queued under the wrong id (dragonfly-sofree-race's
// stored states), faults reported a call late (kyu-listen-stubbed's trace 38 -> 76).
const golden = readGolden();
const UPDATE = "if the change is intended, run `npm run golden -- --update` and give the reason in the commit message";

test("the golden file names every built-in scenario and nothing else", (t) => {
  t.deepEqual(Object.keys(golden).sort(), scenarios.map((s) => s.name).sort(), UPDATE);
});

for (const sc of scenarios)
  test(`golden figures: ${sc.name}`, (t) => {
    t.deepEqual(goldenFigures(sc.build), golden[sc.name], `${sc.name}: ${UPDATE}`);
  });
