import test from "ava";
import { Chains } from "../../../checker/reductions/chain.js";
import { Expander } from "../../../checker/expander.js";
import { AmpleSets } from "../../../checker/reductions/por.js";
import { cmdModel, type Cmd } from "../por-helpers.js";

/** A alone: three private steps, then one that writes the slot the invariant reads, then one more. */
function line(): ReturnType<typeof cmdModel> {
  const own: Cmd = { run: (s) => void (s[0] = s[0]! + 1), reads: [0], writes: [0] };
  const shown: Cmd = { run: (s) => void (s[1] = 1), reads: [], writes: [1] };
  return cmdModel("line", 2, [{ name: "A", steps: [own, own, own, shown, own] }], [{ name: "never-shown", reads: [1], check: (s) => (s[1] === 1 ? "shown" : null) }]);
}

test("a chain takes single invisible steps in place and stops before a visible one", (t) => {
  const m = line();
  const exp = new Expander(m);
  const chains = new Chains(exp, new AmpleSets(m));
  const s = new Int32Array(exp.width);
  exp.initial(s);
  const taken: number[] = [];
  t.is(chains.follow(s, taken), 3);
  t.deepEqual(taken, [0, 0, 0]);
  t.is(s[0], 3);
  t.is(s[1], 0, "the visible step is left for the stored state");
  t.is(chains.passed, 3);
  t.regex(chains.note(), /^3 more states passed through/);
});

test("replay rebuilds the whole run from each chain's first choice, and counts nothing", (t) => {
  const m = line();
  const exp = new Expander(m);
  const chains = new Chains(exp, new AmpleSets(m));
  // The table keeps the first step of the chain (to the state before the visible step) and the visible step.
  t.deepEqual(chains.replay([0, 0]), [0, 0, 0, 0]);
  t.is(chains.passed, 0);
});
