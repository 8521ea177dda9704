import test from "ava";
import { check, replay } from "../../checker/index.js";
import { composeKernel } from "../../model/index.js";
import { synthesize } from "../../properties/synthesize.js";
import { ifnetExtension, ifnetSpec } from "../../examples/user-kernels/kyu-ifnet.js";
import { cli } from "../helpers/cli.js";

/**
 * Issue 16's "different locks for independent resources" (seed 001), on a Kyu kernel with a second
 * resource (examples/user-kernels/kyu-ifnet.ts): with two locks, one for the connection and one
 * for the interface is found and ranked above every one-lock placement; where the code nests the
 * two regions in opposite orders, that placement is rejected with the deadlock.
 */
const SITES = ["soclose", "tcp_input", "ifnet"];

test("two independent resources, --locks a,b: a for the connection and b for the interface, ranked above the one-lock placements", (t) => {
  const ext = [ifnetExtension("after")];
  const r = synthesize(ifnetSpec("after"), { extensions: ext, locks: ["a", "b"], fromScratch: true, maxSize: 4, sites: SITES });
  const text = r.minimal.map((m) => m.atoms.join(" + "));
  const split = text.indexOf("soclose: a + tcp_input: a + ifnet: b");
  t.true(split >= 0, JSON.stringify(text));
  const oneLock = r.minimal.map((m, i) => [m, i] as const).filter(([m]) => m.locksUsed === 1);
  t.true(oneLock.length > 0, "one-lock placements are minimal too (a recursive lock over both, or atomic updates)");
  t.true(oneLock.some(([m]) => m.atoms.join(" + ") === "soclose: a + tcp_input: a + ifnet: a + a recursive"));
  for (const [m, i] of oneLock) t.true(split < i, `${text[split]} above ${m.atoms.join(" + ")}`);
  // One non-recursive lock for both resources deadlocks: the tcp thread takes it again at the interface.
  const same = r.rejectedCandidates.find((c) => c.atoms.join(" + ") === "soclose: a + tcp_input: a + ifnet: a");
  t.is(same?.property, "deadlock");
  for (const m of r.minimal) t.is(check(composeKernel({ ...ifnetSpec("after"), placement: m.placement }, ext)).verdict, "safe", m.atoms.join(" + "));
});

test("where the application nests the connection inside the interface's region, the two-lock placement deadlocks (lock order) and is rejected with the counterexample", (t) => {
  const ext = [ifnetExtension("around")];
  const s = ifnetSpec("around");
  const r = synthesize(s, { extensions: ext, locks: ["a", "b"], fromScratch: true, maxSize: 3, sites: SITES });
  const abba = r.rejectedCandidates.find((c) => c.atoms.join(" + ") === "soclose: a + tcp_input: a + ifnet: b");
  t.is(abba?.property, "deadlock");
  const rep = replay(composeKernel({ ...s, placement: abba!.placement }, ext), abba!.counterexample!.choices, abba!.counterexample!.initial);
  t.is(rep.error, null);
  t.is(rep.violation?.name, "deadlock");
  // The lock order: the application holds b (the interface) and waits for a, the tcp thread the reverse.
  t.regex(rep.violation!.message, /U at .* waits for a, held by I; I at .* waits for b, held by U/);
  t.false(r.minimal.some((m) => m.atoms.join(" + ") === "soclose: a + tcp_input: a + ifnet: b"));
});

test("synthesize --load takes a user's kernel module: the two-lock placement comes first from the CLI too", (t) => {
  const r = cli("synthesize", "kyu-ifnet-after", "--load", "dist/examples/user-kernels/kyu-ifnet.js", "--locks", "a,b", "--sites", "soclose,tcp_input,ifnet", "--from-scratch", "--max-size", "4");
  t.is(r.code, 0, r.stderr);
  t.regex(r.stdout, /^ {3}1\. (soclose: a \+ tcp_input: a \+ ifnet: b|ifnet: a \+ soclose: b \+ tcp_input: b) /m);
  const bad = cli("synthesize", "kyu-ifnet-after", "--load", "dist/examples/user-kernels/kyu-ifnet.js", "--sites", "ifnt");
  t.is(bad.code, 2);
  t.regex(bad.stderr, /no site "ifnt"/);
});
