import test from "ava";
import { check, type Model } from "../../../checker/index.js";
import { filterLock } from "../../../examples/filter-lock.js";
import { findScenario } from "../../../model/scenarios/index.js";

/**
 * Bitstate's "expected omitted states" against the truth (exhaustive count minus states stored),
 * where an exhaustive search can count. It sums, per stored state, the chance its bits were all
 * set already: the collisions. The states those collisions hide are not counted, so the note calls
 * it a lower bound; this test holds it to that, and records how far below the truth it is (issue
 * 15 asks for within 2x, which this estimate does not meet: see the ratios logged).
 */
const models: [string, () => Model][] = [
  ["filter-lock(4)", () => filterLock(4)],
  ["bsd44-spl", () => findScenario("bsd44-spl")!.build()],
  ["kyu-close-storm-2", () => findScenario("kyu-close-storm-2")!.build()],
];

test("bitstate's omission estimate is a lower bound on the states it missed", (t) => {
  let compared = 0;
  for (const [name, build] of models) {
    const full = check(build(), { stopAtFirst: false });
    t.true(full.exhaustive, name);
    for (const w of [14, 16, 18, 20]) {
      const r = check(build(), { strategy: "bitstate", bitstateLog2: w, stopAtFirst: false });
      const est = Number(/expected omitted states ≈ ([^;]+);/.exec(r.notes.join("\n"))![1]);
      const missed = full.stats.states - r.stats.states;
      t.true(missed >= 0, `${name} 2^${w}`);
      if (missed < 100) continue;
      compared++;
      t.true(est <= missed, `${name} 2^${w}: estimate ${est} above the ${missed} states missed`);
      t.log(`${name} 2^${w}: ${missed} missed, ${est.toPrecision(3)} estimated (x${(missed / est).toFixed(1)})`);
    }
  }
  t.true(compared >= 10, `${compared} comparisons`);
});
