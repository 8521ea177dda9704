import test from "ava";
import { ModelAssertion, Prng, type SymmetryEncoder } from "../../../checker/index.js";
import { composeKernelWith } from "../../../model/compose/compose.js";
import { closeStorm, type StormPlacement } from "../../../model/compose/storm.js";
import { connectionSymmetry } from "../../../model/kernel/instance-symmetry.js";
import { V_CTX } from "../../../model/runtime/canonicalize.js";
import type { KernelModel } from "../../../model/runtime/kernel-model.js";
import { reachable } from "./helpers.js";

/**
 * Issue 17 item 4: the incremental canonical form (symmetry-encoder.ts) must stand for exactly
 * the representative canonicalize builds. Checked here on the encoder itself; the searches that
 * use it are checked in test/checker/reductions/class-fingerprint.test.ts.
 */

function storm(n: number, m: number, p: StormPlacement) {
  const spec = closeStorm(n, m, p);
  const { model, kern } = composeKernelWith(spec);
  return { model, group: connectionSymmetry(model, kern.instances!, spec.contexts)! };
}

const codeOf = (enc: SymmetryEncoder, len: number) => enc.code.slice(0, len).join();

/**
 * Random walks: from each state on the walk (the base), every enabled step, and every pair of
 * steps, is coded incrementally from the base; the code must be the one worked out whole, from
 * the state and from canonicalize's representative, and stand for that representative.
 * Returns the first disagreement, or null.
 */
function walk(model: KernelModel, walks: number, depth: number, seed: number): string | null {
  const enc = model.symmetryEncoder!();
  const w = model.stateSize;
  const rng = new Prng(seed);
  const en = new Int32Array(model.maxChoices);
  const en2 = new Int32Array(model.maxChoices);
  const canon = new Int32Array(w);
  const rep = new Int32Array(w);
  const cur = new Int32Array(w);
  const step = (s: Int32Array, c: number): Int32Array | null => {
    enc.wrote(model.writeSet(s, c));
    const t = s.slice();
    try {
      model.step(t, c);
    } catch (e) {
      if (e instanceof ModelAssertion) return null;
      throw e;
    }
    return t;
  };
  const agree = (s: Int32Array, what: string): string | null => {
    const near = codeOf(enc, enc.near(s));
    enc.representative(rep);
    model.canonicalize!(s, canon);
    if (rep.join() !== canon.join()) return `${what}: the representative differs from canonicalize's`;
    if (codeOf(enc, enc.whole(s)) !== near) return `${what}: the incremental code differs from the whole one`;
    if (codeOf(enc, enc.whole(canon)) !== near) return `${what}: the representative's code differs`;
    return null;
  };
  for (let k = 0; k < walks; k++) {
    cur.fill(0);
    model.initial(cur);
    for (let d = 0; d < depth; d++) {
      enc.base(cur);
      const bad = agree(cur, `walk ${k} depth ${d}, the base`);
      if (bad) return bad;
      const n = model.enabled(cur, en);
      if (n === 0) break;
      for (let i = 0; i < n; i++) {
        enc.restart();
        const child = step(cur, en[i]!);
        if (!child) continue;
        const what = `walk ${k} depth ${d}, ${model.label(cur, en[i]!)}`;
        const bad1 = agree(child, what);
        if (bad1) return bad1;
        // Two steps from the base, as a chain takes them.
        const n2 = model.enabled(child, en2);
        if (n2 === 0) continue;
        const c2 = en2[rng.below(n2)]!;
        const grandchild = step(child, c2);
        const bad2 = grandchild && agree(grandchild, `${what} then ${model.label(child, c2)}`);
        if (bad2) return bad2;
      }
      const c = en[rng.below(n)]!;
      const t = cur.slice();
      try {
        model.step(t, c);
      } catch (e) {
        if (e instanceof ModelAssertion) break;
        throw e;
      }
      cur.set(t);
    }
  }
  return null;
}

for (const [n, m, p] of [
  [2, 2, "bsd44"],
  [3, 1, "bsd44"],
  [5, 0, "bsd44"],
  [3, 1, "kyu-stubbed"],
] as const)
  test(`random walks on a ${p} close storm N=${n} M=${m}: every step's incremental code is the whole one and stands for canonicalize's representative`, (t) => {
    t.is(walk(storm(n, m, p).model, 40, 120, 7), null);
  });

test("codes and representatives determine each other on every reachable state (N=2 with two FINs queued, N=3)", (t) => {
  for (const [n, m] of [
    [2, 2],
    [3, 0],
  ] as const) {
    const { model } = storm(n, m, "bsd44");
    const enc = model.symmetryEncoder!();
    const canon = new Int32Array(model.stateSize);
    const codeToRep = new Map<string, string>();
    const repToCode = new Map<string, string>();
    let moved = 0;
    for (const s of reachable(model).values()) {
      model.canonicalize!(s, canon);
      const rep = canon.join();
      if (rep !== s.join()) moved++;
      const code = codeOf(enc, enc.whole(s));
      if ((codeToRep.get(code) ?? rep) !== rep) return t.fail(`N=${n} M=${m}: one code for two representatives`);
      if ((repToCode.get(rep) ?? code) !== code) return t.fail(`N=${n} M=${m}: one representative with two codes`);
      codeToRep.set(code, rep);
      repToCode.set(rep, code);
    }
    t.true(moved > 0, `N=${n} M=${m}: some states are permuted by their representative`);
    t.true(codeToRep.size > 1000, `N=${n} M=${m}: ${codeToRep.size} classes`);
    // A code is the shared words and one word per instance, far shorter than the state.
    t.true(enc.whole(canon) < model.stateSize / 2);
  }
});

test("a state whose instance names another instance is coded by canonicalize's whole representative, the same for the state and its representative", (t) => {
  const { model, group } = storm(2, 0, "bsd44");
  const enc = model.symmetryEncoder!();
  const s = new Int32Array(model.stateSize);
  model.initial(s);
  // Instance 0's socket says instance 1's application freed it: instance 0 now sorts last.
  const freedBy = group.instances[0]!.slots.find((slot) => group.kinds[slot] === V_CTX)!;
  s[freedBy] = group.instances[1]!.contexts[0]! + 1;
  const canon = new Int32Array(model.stateSize);
  model.canonicalize!(s, canon);
  t.notDeepEqual([...canon], [...s], "the representative permutes the instances");
  const len = enc.whole(s);
  t.is(enc.code[0], 1, "coded whole");
  t.is(len, 1 + model.stateSize);
  const code = codeOf(enc, len);
  const rep = new Int32Array(model.stateSize);
  enc.representative(rep);
  t.deepEqual([...rep], [...canon]);
  t.is(codeOf(enc, enc.whole(canon)), code);
  // Incrementally, from a base without the cross name: the instance that gained it is marked by the write.
  const base = new Int32Array(model.stateSize);
  model.initial(base);
  enc.base(base);
  enc.wrote([freedBy]);
  t.is(codeOf(enc, enc.near(s)), code);
  // And back: from the crossed state as the base, a step that clears the name is coded as from scratch.
  enc.base(s);
  t.is(codeOf(enc, enc.near(s)), code);
  enc.restart();
  enc.wrote([freedBy]);
  t.is(codeOf(enc, enc.near(base)), codeOf(enc, enc.whole(base)));
  t.is(enc.code[0], 0, "coded by keys");
});
