import test from "ava";
import { check, type CheckResult } from "../../checker/index.js";
import { annotationFor, testcase } from "../../cli/commands/ci.js";
import { describeGot, status, summary, verdictTable, type Row } from "../../cli/report.js";
import { twoBugs, independent } from "../helpers/models.js";

const row = (result: CheckResult, expected: Row["expected"], matches: boolean): Row => ({ scenario: "s", expected, result, matches });

test("a violation found by a search a bound then cut says so in the table, JUnit and annotations; the summary warns", (t) => {
  // twoBugs has two properties at different depths; a state bound cuts the collect-all search after the first.
  const cut = check(twoBugs(), { stopAtFirst: false, maxStates: 5 });
  t.is(cut.verdict, "violation");
  t.deepEqual(cut.boundsHit, ["max-states"]);
  const r = row(cut, { verdict: "violation" }, true);
  t.regex(describeGot(cut), /^violation \(.+\), bounded by max-states$/);
  t.regex(verdictTable([r]), /bounded by max-states\s+.*ok$/m);
  t.regex(summary([r]), /\n1 violation row\(s\) bounded \(s\): the search stopped early, so other properties may be missing$/);
  t.regex(testcase(r).out!, /bounded by max-states/);
  const [a] = annotationFor(r);
  t.regex(a!, /^::warning title=socheck s::expected violation \(any\), got violation \(.+\), bounded by max-states: the search stopped early/);
  // Without the bound: no "bounded", no warning.
  const full = check(twoBugs(), { stopAtFirst: false });
  t.deepEqual(full.boundsHit, []);
  // What the warning is for: the cut search missed a property the full one finds.
  t.true(full.violations.length > cut.violations.length);
  t.notRegex(describeGot(full), /bounded/);
  t.deepEqual(annotationFor(row(full, { verdict: "violation" }, true)), []);
  t.notRegex(summary([row(full, { verdict: "violation" }, true)]), /bounded/);
  // A bound named by its flag.
  t.regex(describeGot({ ...cut, boundsHit: ["time", "memory"] }), /bounded by time-limit, memory-limit$/);
});

test("an inconclusive row is not called MISMATCH; a wrong verdict is", (t) => {
  const open = check(independent(3, 3), { maxStates: 5 });
  t.is(open.verdict, "inconclusive");
  t.is(status(row(open, { verdict: "safe" }, false)), "inconclusive");
  t.is(status(row(open, { verdict: "violation" }, false)), "inconclusive");
  const wrong = check(twoBugs());
  t.is(status(row(wrong, { verdict: "safe" }, false)), "MISMATCH");
  const s = summary([row(open, { verdict: "safe" }, false), row(wrong, { verdict: "safe" }, false), row(check(independent(2, 2)), { verdict: "safe" }, true)]);
  t.regex(s, /^1\/3 verdicts as expected, 1 inconclusive, 1 MISMATCH;/);
});

test("bitstate and random rows print what they are, never a collision probability", (t) => {
  const bits = check(independent(3, 3), { strategy: "bitstate", bitstateLog2: 16 });
  const s = summary([row(bits, { verdict: "safe" }, false)]);
  t.regex(s, /not a proof: bitstate, hash factor [\d.]+, ≈ \d+ states omitted/);
  t.notRegex(s, /collision probability/);
  const walks = check(independent(3, 3), { strategy: "random", walks: 10 });
  const w = summary([row(walks, { verdict: "safe" }, false)]);
  t.regex(w, /not a proof: 10 random walks of at most \d+ steps, seed 1/);
  t.notRegex(w, /collision probability/);
  t.regex(summary([row(check(independent(2, 2)), { verdict: "safe" }, true)]), /fingerprint collision probability <= /);
});
