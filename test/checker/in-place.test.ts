import test from "ava";
import { check, ModelAssertion, ModelError, type Invariant, type Model } from "../../checker/index.js";
import { racyCounter } from "../../examples/racy-counter.js";

/**
 * Plain BFS with write sets steps each successor in place and undoes it, and evaluates only the
 * invariants that read a word the step changed (strategies/level-expansion.ts expandInPlace). It must count
 * and report exactly what the copying path (fingerprints: "full") does.
 */

/** racyCounter(n) with exact write sets, `invariants`, and a step that may write and then raise. */
function counter(n: number, invariants: Invariant[], raise?: (s: Int32Array, t: number) => boolean): Model {
  const base = racyCounter(n);
  const sets = Array.from({ length: n }, (_, t) => Int32Array.of(0, 1 + 2 * t, 2 + 2 * t));
  return {
    ...base,
    invariants,
    writeSet: (_s, t) => sets[t]!,
    step(s, t) {
      base.step(s, t);
      // Written first, then raised: undoing must put back what the step had written.
      if (raise?.(s, t)) {
        s[0] = 99;
        throw new ModelAssertion("late-store", `T${t} stored after another thread finished`);
      }
    },
  };
}

const below = (k: number): Invariant => ({ name: `counter-below-${k}`, reads: [0], holds: (s) => s[0]! < k, check: (s) => (s[0]! < k ? null : `counter is ${s[0]}`) });

test("in place and copying count the same states, transitions and violations (invariants, assertions after writes, end of run)", (t) => {
  for (const n of [2, 3, 4]) {
    for (const stopAtFirst of [true, false]) {
      const make = () => counter(n, [below(n)], (s, th) => s[1 + 2 * th] === 2 && th === 0 && s[0]! >= 2);
      const full = check(make(), { fingerprints: "full", stopAtFirst });
      for (const mode of ["incremental", "verify"] as const) {
        const inPlace = check(make(), { fingerprints: mode, stopAtFirst });
        const what = `n=${n} stopAtFirst=${stopAtFirst} ${mode}`;
        t.is(inPlace.stats.states, full.stats.states, what);
        t.is(inPlace.stats.transitions, full.stats.transitions, what);
        t.deepEqual(
          inPlace.violations.map((v) => [v.kind, v.property, v.choices.length, v.message]),
          full.violations.map((v) => [v.kind, v.property, v.choices.length, v.message]),
          what,
        );
      }
      if (!stopAtFirst) t.true(full.violations.some((v) => v.kind === "assertion"), `n=${n}: the assertion is reached`);
    }
  }
});

test("an invariant whose reads leave out a word it reads: skipped in place, caught by verify mode", (t) => {
  // Reads T0's pc and tmp (slots 1, 2) but declares the counter only: T0's load, which sets those two
  // alone, does not re-evaluate it, and by its store (which changes the counter) it holds again.
  const liar: Invariant = { name: "tmp-zero", reads: [0], check: (s) => (s[1] !== 1 || s[2] === 0 ? null : "T0 loaded a non-zero counter") };
  const full = check(counter(2, [liar]), { fingerprints: "full", stopAtFirst: false });
  t.true(full.violations.some((v) => v.property === "tmp-zero"));
  const quiet = check(counter(2, [liar]), { fingerprints: "incremental", stopAtFirst: false });
  t.false(
    quiet.violations.some((v) => v.property === "tmp-zero"),
    "the skip is real: without the oracle the wrong reads hide the violation",
  );
  const e = t.throws(() => check(counter(2, [liar]), { fingerprints: "verify" }), { instanceOf: ModelError });
  t.regex(e!.message, /invariants\["tmp-zero"\]\.reads.*left out a word it reads/);
});

test("an invariant whose holds() disagrees with check() is caught by verify mode, both ways", (t) => {
  const says = (holds: (s: Int32Array) => boolean): Invariant => ({ name: "counter-below-2", reads: [0], holds, check: (s) => (s[0]! < 2 ? null : "counter is 2") });
  const tooStrict = t.throws(() => check(counter(2, [says((s) => s[0]! < 1)]), { fingerprints: "verify" }), { instanceOf: ModelError });
  t.regex(tooStrict!.message, /invariants\["counter-below-2"\]\.holds.*returned false where check\(\) returns null/);
  const tooLax = t.throws(() => check(counter(2, [says(() => true)]), { fingerprints: "verify" }), { instanceOf: ModelError });
  t.regex(tooLax!.message, /invariants\["counter-below-2"\]\.holds.*returned true where check\(\) returns a message/);
  // Without verify mode, a holds() that says broken where check() finds nothing is still a model error, not a made-up message.
  const e = t.throws(() => check(counter(2, [says((s) => s[0]! < 1)]), {}), { instanceOf: ModelError });
  t.regex(e!.message, /returned false where check\(\) returns null/);
});
