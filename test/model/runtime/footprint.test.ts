import test from "ava";
import { check } from "../../../checker/index.js";
import { composeKernel } from "../../../model/compose/compose.js";
import { kernelScenarios } from "../../../model/scenarios/kernel.js";
import { Prng } from "../../../checker/index.js";

/**
 * The footprint oracle of reduction.md §9 (as LTSmin's --matrix-check): on reachable states of
 * small scenarios, every slot a step changes is in its declared writes and in its context's
 * footprint; and scrambling the slots outside a step's reads changes neither whether it is
 * enabled nor what it writes.
 */
const SMALL = ["bsd44-listen", "kyu-stubbed-spl", "kyu-netlock-nested", "lost-wakeup", "kyu-sleep-holding-lock", "dragonfly-soreceive-check", "kyu-recursive-lock"];

for (const name of SMALL)
  test(`footprints of ${name} cover what its steps read and write`, (t) => {
    const m = composeKernel(kernelScenarios.find((s) => s.spec.name === name)!.spec);
    const out = new Int32Array(m.maxChoices);
    const out2 = new Int32Array(m.maxChoices);
    const seen = new Set<string>();
    const stack: Int32Array[] = [new Int32Array(m.stateSize)];
    m.initial(stack[0]!);
    const rng = new Prng(7);
    // Under a uniprocessor policy who may run is the scheduler's business (runsAfter, checked in
    // test/model/runtime/runs-after.test.ts), not the step's: hold those slots fixed.
    const sched = new Set(m.schedulerSlots());
    let checked = 0;
    let k = 0;
    const run = (s: Int32Array, c: number): Int32Array | string => {
      const n = Int32Array.from(s);
      try {
        m.step(n, c);
      } catch (e) {
        return (e as Error).message;
      }
      return n;
    };
    while (stack.length && checked < 4000) {
      const s = stack.pop()!;
      const key = s.join(",");
      if (seen.has(key)) continue;
      seen.add(key);
      const n = m.enabled(s, out);
      for (let i = 0; i < n; i++) {
        const c = out[i]!;
        const fp = m.footprint(s, c);
        const writes = new Set(Array.from(fp.writes));
        const reads = new Set(Array.from(fp.reads));
        const cfp = m.contextFootprint(m.contextOf(c));
        const cw = new Set(Array.from(cfp.writes));
        const next = run(s, c);
        if (typeof next === "string") continue;
        for (let x = 0; x < s.length; x++)
          if (next[x] !== s[x]) {
            if (!writes.has(x)) t.fail(`${m.label(s, c)} writes ${m.slotNames()[x]} outside its footprint`);
            if (!cw.has(x)) t.fail(`${m.label(s, c)} writes ${m.slotNames()[x]} outside its context's footprint`);
          }
        if (k++ % 7 === 0) {
          // Scramble what the step does not read: enabledness and the written values must not move.
          const z = Int32Array.from(s);
          for (let x = 0; x < z.length; x++) if (!reads.has(x) && !writes.has(x) && !sched.has(x)) z[x] = rng.below(5);
          const en = m.enabled(z, out2);
          if (!Array.from(out2.subarray(0, en)).includes(c)) t.fail(`${m.label(s, c)}: enabledness depends on a slot outside its reads`);
          else {
            const zn = run(z, c);
            if (typeof zn !== "string") for (const x of writes) if (zn[x] !== next[x] && zn[x]! - z[x]! !== next[x]! - s[x]!) t.fail(`${m.label(s, c)}: writes ${m.slotNames()[x]} from a slot outside its reads`);
          }
        }
        checked++;
        stack.push(next);
      }
    }
    t.true(checked > 50);
  });

test("the kernel model's signature changes with the placement and not between two builds of one spec", (t) => {
  const spec = kernelScenarios.find((s) => s.spec.name === "kyu-netlock")!.spec;
  const a = composeKernel(spec).signature();
  t.is(composeKernel(spec).signature(), a);
  t.not(composeKernel({ ...spec, placement: { ...spec.placement, sites: {} } }).signature(), a);
  t.not(composeKernel({ ...spec, options: { flavor: "bsd44" } }).signature(), a);
});

test("traces print TCP states and so_state bits by name", (t) => {
  const m = composeKernel(kernelScenarios.find((s) => s.spec.name === "kyu-stubbed-spl")!.spec);
  const names = m.slotNames();
  t.is(names.length, m.stateSize);
  const st = names.indexOf("tp.t_state");
  const so = names.indexOf("so.so_state");
  t.is(m.formatSlot(st, 8), "LAST_ACK");
  t.is(m.formatSlot(so, 0x23), "NOFDREF|ISCONNECTED|CANTRCVMORE");
  t.true(names.includes("U.pc") && names.includes("net_lock.owner") === false);
  const r = check(m);
  t.is(r.verdict, "violation");
});
