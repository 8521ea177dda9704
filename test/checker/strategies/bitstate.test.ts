import test from "ava";
import { check, replay } from "../../../checker/index.js";
import { closeRace } from "../../../examples/close-race.js";
import { filterLock } from "../../../examples/filter-lock.js";
import { philosophers } from "../../../examples/philosophers.js";

test("bitstate is never a proof: a model full search calls safe is inconclusive, with bound bitstate", (t) => {
  const full = check(filterLock(3));
  const r = check(filterLock(3), { strategy: "bitstate", bitstateLog2: 20 });
  t.is(full.verdict, "safe");
  t.is(r.verdict, "inconclusive");
  t.false(r.exhaustive);
  t.true(r.boundsHit.includes("bitstate"));
  t.true(r.notes.some((n) => /not a proof/.test(n)));
});

test("with ample bits it visits every state full search visits, and the omission estimate is tiny", (t) => {
  const full = check(closeRace(3));
  const r = check(closeRace(3), { strategy: "bitstate", bitstateLog2: 24 });
  t.is(r.stats.states, full.stats.states);
  t.true(r.stats.collisionProbability < 1e-6);
});

test("with too few bits it omits states, and says it expected to", (t) => {
  const full = check(filterLock(4));
  const r = check(filterLock(4), { strategy: "bitstate", bitstateLog2: 16 });
  t.true(r.stats.states < full.stats.states);
  t.true(r.stats.collisionProbability > 0.5, `estimate ${r.stats.collisionProbability}`);
  t.regex(r.notes.join(" "), /hash factor \d\.\d .*omitted states [≈≥] \d+/);
});

test("violations found by bitstate replay to the same property", (t) => {
  for (const m of [filterLock(3, true), closeRace(3, true), philosophers(3)]) {
    const r = check(m, { strategy: "bitstate", bitstateLog2: 20, stopAtFirst: false });
    t.is(r.verdict, "violation", m.name);
    for (const v of r.violations) {
      const rep = replay(m, v.choices);
      t.is(rep.violation?.name, v.property, `${m.name}: ${v.property}`);
    }
  }
});

test("a memory limit stops bitstate cleanly with bound memory", (t) => {
  const r = check(filterLock(4), { strategy: "bitstate", bitstateLog2: 22, maxMemoryBytes: 1 });
  t.is(r.verdict, "inconclusive");
  t.true(r.boundsHit.includes("memory"));
});
