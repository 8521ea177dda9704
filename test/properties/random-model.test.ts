import test from "ava";
import fc from "fast-check";
import { ModelAssertion, Prng, type Model } from "../../checker/index.js";
import { bruteForce } from "../../properties/brute-force.js";
import { buildRandomModel, randomModel, randomModelSpec, randomModelSpecArb, specError, type RandomModelSpec } from "../../properties/random-model.js";

function outcome(model: Model, s: Int32Array, c: number): { state: Int32Array; assertion: string | null } {
  const next = Int32Array.from(s);
  try {
    model.step(next, c);
    return { state: next, assertion: null };
  } catch (e) {
    if (e instanceof ModelAssertion) return { state: next, assertion: e.property };
    throw e;
  }
}

function isEnabled(model: Model, s: Int32Array, c: number): boolean {
  const buf = new Int32Array(model.maxChoices);
  const n = model.enabled(s, buf);
  return Array.from(buf.subarray(0, n)).includes(c);
}

/**
 * The footprint oracle of reduction.md §9 (LTSmin --matrix-check): on every reachable state and
 * every choice, each slot a step changes is in `writes`, and scrambling every slot outside
 * `reads` changes neither the choice's enabledness nor the values it writes nor its assertion.
 */
function footprintProblems(model: Model, prng: Prng, maxStates = 3000): string[] {
  const problems: string[] = [];
  const { paths } = bruteForce(model, maxStates);
  for (const key of paths.keys()) {
    const s = Int32Array.from(key.split(",").map(Number));
    for (let c = 0; c < model.maxChoices; c++) {
      const fp = model.footprint!(s, c);
      const R = new Set(Array.from(fp.reads));
      const W = new Set(Array.from(fp.writes));
      const en = isEnabled(model, s, c);
      const base = en ? outcome(model, s, c) : null;
      if (base) for (let i = 0; i < s.length; i++) if (base.state[i] !== s[i] && !W.has(i)) problems.push(`${model.label(s, c)} at [${key}] wrote slot ${i} outside its writes`);
      for (let trial = 0; trial < 3; trial++) {
        const t = Int32Array.from(s);
        for (let i = 0; i < t.length; i++) if (!R.has(i)) t[i] = prng.below(6);
        if (isEnabled(model, t, c) !== en) {
          problems.push(`${model.label(s, c)} at [${key}]: enabledness depends on a slot outside reads [${[...R]}] (scrambled [${t.join(",")}])`);
          continue;
        }
        if (!base) continue;
        const o = outcome(model, t, c);
        if (o.assertion !== base.assertion) problems.push(`${model.label(s, c)} at [${key}]: assertion depends on a slot outside reads`);
        for (let i = 0; i < t.length; i++) {
          const want = W.has(i) ? base.state[i] : t[i];
          if (!base.assertion && o.state[i] !== want) problems.push(`${model.label(s, c)} at [${key}]: slot ${i} is ${o.state[i]} after the scrambled step, expected ${want}`);
        }
      }
    }
    if (problems.length > 0) break;
  }
  return problems;
}

test("the seeded generator is reproducible and varies with the seed", (t) => {
  t.deepEqual(randomModelSpec(7), randomModelSpec(7));
  const distinct = new Set(Array.from({ length: 20 }, (_, s) => JSON.stringify(randomModelSpec(s))));
  t.true(distinct.size > 15);
});

test("every generated spec is valid and respects the context bounds", (t) => {
  fc.assert(
    fc.property(randomModelSpecArb({ minContexts: 2, maxContexts: 3 }), (spec) => {
      t.is(specError(spec), null);
      t.true(spec.contexts.length >= 2 && spec.contexts.length <= 3);
    }),
    { numRuns: 200 },
  );
});

test("footprints are exact on every reachable state of 60 random models", (t) => {
  const prng = new Prng(99);
  for (let seed = 0; seed < 60; seed++) {
    const { spec, model } = randomModel(seed);
    const problems = footprintProblems(model, prng);
    if (problems.length > 0) t.fail(`seed ${seed}: ${problems[0]}\n${JSON.stringify(spec)}`);
  }
  t.pass();
});

test("the footprint oracle catches a footprint that leaves out a slot", (t) => {
  // A thread whose lock slot is dropped from reads: the oracle must see that enabledness depends on it.
  const spec: RandomModelSpec = {
    domain: 2,
    vars: [0],
    locks: 1,
    semaphore: null,
    objects: 0,
    contexts: [
      { kind: "thread", level: 1, program: [{ op: "acquire", l: 0 }, { op: "add", v: 0 }, { op: "release", l: 0 }] },
      { kind: "thread", level: 1, program: [{ op: "acquire", l: 0 }, { op: "release", l: 0 }] },
    ],
    invariants: [],
    terminal: null,
  };
  const good = buildRandomModel(spec);
  t.deepEqual(footprintProblems(good, new Prng(1)), []);
  const lock = 1;
  const broken: Model = {
    ...good,
    footprint: (s, c) => {
      const f = good.footprint!(s, c);
      return { reads: Array.from(f.reads).filter((x) => x !== lock), writes: f.writes };
    },
  };
  t.true(footprintProblems(broken, new Prng(1)).length > 0);
});

test("interrupt handlers run to completion and only above the spl", (t) => {
  const spec: RandomModelSpec = {
    domain: 4,
    vars: [0],
    locks: 0,
    semaphore: null,
    objects: 0,
    contexts: [
      { kind: "thread", level: 1, program: [{ op: "spl", k: 2 }, { op: "load", v: 0 }, { op: "inc" }, { op: "store", v: 0 }, { op: "spl", k: 0 }] },
      { kind: "interrupt", level: 2, program: [{ op: "add", v: 0 }, { op: "add", v: 0 }] },
    ],
    invariants: [],
    terminal: { v: 0, k: 3 },
  };
  const r = bruteForce(buildRandomModel(spec));
  t.true(r.complete);
  t.deepEqual([...r.findings.keys()], [], "spl 2 masks the level-2 handler around the increment, so no update is lost");
  const leaky = bruteForce(buildRandomModel({ ...spec, contexts: [spec.contexts[0]!, { ...spec.contexts[1]!, level: 3 }] }));
  t.deepEqual([...leaky.findings.keys()], ["terminal:lost-update"], "a level-3 handler is not masked by spl 2");
});

test("a release by a non-owner, a second free and a lock held at the end are reported", (t) => {
  const base = { domain: 2, vars: [0], locks: 1, semaphore: null, objects: 1, invariants: [], terminal: null } as const;
  const m = buildRandomModel({
    ...base,
    contexts: [
      { kind: "thread", level: 1, program: [{ op: "free", o: 0 }, { op: "acquire", l: 0 }] },
      { kind: "thread", level: 1, program: [{ op: "free", o: 0 }] },
      { kind: "thread", level: 1, program: [{ op: "release", l: 0 }] },
    ],
  });
  const keys = [...bruteForce(m).findings.keys()].sort();
  t.deepEqual(keys, ["assertion:double-free", "assertion:unlock-not-owner"]);
  const leak = buildRandomModel({ ...base, contexts: [{ kind: "thread", level: 1, program: [{ op: "acquire", l: 0 }] }, { kind: "thread", level: 1, program: [{ op: "use", o: 0 }] }] });
  t.deepEqual([...bruteForce(leak).findings.keys()], ["terminal:leak"]);
});

test("a hand-written spec with an index out of range is refused with a message", (t) => {
  const spec = { domain: 2, vars: [0], locks: 0, semaphore: null, objects: 0, contexts: [{ kind: "thread", level: 1, program: [{ op: "acquire", l: 0 }] }], invariants: [], terminal: null } as RandomModelSpec;
  t.regex(specError(spec) ?? "", /operand out of range/);
  t.throws(() => buildRandomModel(spec), { instanceOf: RangeError });
});
