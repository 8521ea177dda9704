import test from "ava";
import { fingerprintHex } from "../../checker/index.js";
import { sampleStates } from "../../bench/model-cost.js";
import { findScenario } from "../../model/scenarios/index.js";

/** The states a sample holds, as fingerprints (each state once: BFS expands a state once). */
function sampled(name: string, every: number): string[] {
  const m = findScenario(name)!.build();
  const buf = sampleStates(m, every);
  const out: string[] = [];
  for (let k = 0; k < buf.length / m.stateSize; k++) out.push(fingerprintHex(buf.subarray(k * m.stateSize, (k + 1) * m.stateSize)));
  return out;
}

test("the model-cost bench samples distinct states of the search, every k-th up to 4,096", (t) => {
  // kyu-netlock: 871 states, all expanded.
  const all = sampled("kyu-netlock", 1);
  t.is(all.length, 871);
  t.is(new Set(all).size, 871);
  const half = sampled("kyu-netlock", 2);
  t.is(half.length, 436);
  t.deepEqual(half, all.filter((_, i) => i % 2 === 0));
  // bsd44-spl: 60,014 states; every 14th reaches past the first 4,096 and stops at 4,096.
  const spread = sampled("bsd44-spl", 14);
  t.is(spread.length, 4096);
  t.is(new Set(spread).size, 4096);
});
