import { Expander, fingerprint, FP, VisitedTable } from "../../checker/index.js";
import type { KernelModel } from "../../model/runtime/kernel-model.js";
import { visitStates } from "../../properties/visit-states.js";
import { raceVocabulary } from "../../properties/race-vocabulary.js";
import { meetingPair, type AccessSite, type PairAcc, type PairVerdict, type RaceOptions, type RacePair, type RaceTable, type SiteAcc } from "../../properties/races.js";

/**
 * The race table as it was first written (the lead's version before issue 16's cost target):
 * its own BFS with no graph, the two orders of each meeting pair stepped from the state itself,
 * and a fresh search from each order of every differing witness. Slow and simple, kept as the
 * oracle the fast analysis (properties/races.ts) must agree with pair for pair.
 */

/** Computes the race table of a composed kernel by exploring every reachable state. */
export function referenceRaceTable(m: KernelModel, opts: RaceOptions = {}): RaceTable {
  const k = m.kernel;
  const L = k.layout;
  const voc = raceVocabulary(m);
  const { ctxName, flagsOf, protection, protName } = voc;
  const nCtx = m.ctxs.length;
  interface StepInfo {
    readonly c: number;
    readonly label: string;
    readonly source: string;
    /** Only the shared data slots, with each access's site key (computed once per step). */
    readonly reads: readonly number[];
    readonly writes: readonly number[];
    readonly readKeys: readonly string[];
    readonly writeKeys: readonly string[];
  }
  const nInstr = m.instrs.length;
  const stepCache = new Map<number, StepInfo>();
  const stepOf = (s: Int32Array, c: number): StepInfo => {
    const pc = c >= nCtx ? nInstr : s[m.ctxs[c]!.pc]!;
    const key = c * (nInstr + 1) + pc;
    let st = stepCache.get(key);
    if (st) return st;
    const { label, source, reads: r, writes: wr } = voc.step(c, pc);
    st = { c, label, source, reads: r, writes: wr, readKeys: r.map((x) => siteKey(x, c, label, "read")), writeKeys: wr.map((x) => siteKey(x, c, label, "write")) };
    stepCache.set(key, st);
    return st;
  };
  const sites = new Map<string, SiteAcc>();
  const siteKey = voc.siteKey;
  const pairs = new Map<string, PairAcc>();

  const exp = new Expander(m);
  const w = m.stateSize;
  const table = new VisitedTable(1 << 16, undefined, m.maxChoices);
  const queue: Int32Array[] = [];
  const ids: number[] = [];
  const s0 = new Int32Array(w);
  exp.initial(s0);
  fingerprint(s0, w);
  ids.push(table.insert(FP[0]!, FP[1]!, -1));
  queue.push(s0);
  const enabled = new Int32Array(Math.max(1, m.maxChoices));
  const ab = new Int32Array(w);
  const ba = new Int32Array(w);
  const next = new Int32Array(w);
  let head = 0;
  let cut = false;
  const enabled2 = new Int32Array(Math.max(1, m.maxChoices));
  const tryStep = (out: Int32Array, c: number): boolean => {
    const n = m.enabled(out, enabled2);
    for (let i = 0; i < n; i++) if (enabled2[i] === c) {
      m.step(out, c);
      return true;
    }
    return false;
  };
  while (head < queue.length) {
    const s = queue[head]!;
    const id = ids[head]!;
    queue[head] = s0; // release the state once expanded
    head++;
    if (exp.brokenInvariant(s) >= 0) continue;
    const n = m.enabled(s, enabled);
    const steps: { st: StepInfo; c: number; prot: number; preempted: boolean }[] = [];
    for (let q = 0; q < n; q++) steps.push({ st: stepOf(s, enabled[q]!), c: enabled[q]!, prot: protection(s, enabled[q]!), preempted: false });
    // Under a uniprocessor policy a context another has preempted sits before its next step: what
    // the running one does now lands in that window. Contexts parked at their idle point are in none.
    if (m.policy !== "any")
      for (let c = 0; c < nCtx; c++) {
        const x = m.ctxs[c]!;
        if (s[x.pc] === x.idle || !m.runnable(s, c) || steps.some((y) => y.c === c)) continue;
        steps.push({ st: stepOf(s, c), c, prot: protection(s, c), preempted: true });
      }
    for (const x of steps) {
      if (x.preempted) continue;
      const st = x.st;
      for (let q = 0; q < st.reads.length + st.writes.length; q++) {
        const isRead = q < st.reads.length;
        const key = isRead ? st.readKeys[q]! : st.writeKeys[q - st.reads.length]!;
        let a = sites.get(key);
        if (!a) {
          const slot = isRead ? st.reads[q]! : st.writes[q - st.reads.length]!;
          const kind = isRead ? "read" : "write";
          a = { ctx: ctxName(x.c), step: st.label, kind, flags: flagsOf(slot, st.label, st.source, kind), prot: new Set() };
          sites.set(key, a);
        }
        a.prot.add(x.prot);
      }
    }
    for (let i = 0; i < steps.length; i++)
      for (let j = i + 1; j < steps.length; j++) {
        const x = steps[i]!;
        const y = steps[j]!;
        // The environment's events are the wire and the device (atomic arrivals), not code with windows.
        if (x.c >= nCtx || y.c >= nCtx || x.c === y.c || (x.preempted && y.preempted)) continue;
        const xs = x.st;
        const ys = y.st;
        let any = false;
        for (const slot of xs.writes) if (ys.reads.includes(slot) || ys.writes.includes(slot)) any = true;
        for (const slot of ys.writes) if (xs.reads.includes(slot)) any = true;
        if (!any) continue;
        const conflict: number[] = [];
        for (const slot of xs.writes) if (ys.reads.includes(slot) || ys.writes.includes(slot)) conflict.push(slot);
        for (const slot of ys.writes) if (xs.reads.includes(slot) && !conflict.includes(slot)) conflict.push(slot);
        ab.set(s);
        ba.set(s);
        let differs = true;
        // A preempted context's step is taken as if it had run before it was preempted.
        const run = (out: Int32Array, z: (typeof steps)[number]) => (z.preempted ? (m.step(out, z.c), true) : tryStep(out, z.c));
        try {
          differs = !(run(ab, x) && run(ab, y) && run(ba, y) && run(ba, x) && ab.every((v, q) => q === k.cur || v === ba[q]));
        } catch {
          differs = true; // an assertion in one order only: the order matters
        }
        for (const slot of conflict) {
          const kx = xs.writes.includes(slot) ? "write" : "read";
          const ky = ys.writes.includes(slot) ? "write" : "read";
          const a = siteKey(slot, x.c, xs.label, kx);
          const b = siteKey(slot, y.c, ys.label, ky);
          const [first, second] = a < b ? [a, b] : [b, a];
          const key = `${first}#${second}`;
          let p = pairs.get(key);
          if (!p) {
            p = { preempted: x.preempted || y.preempted, location: L.names[slot]!, a: first, b: second, states: 0, differing: 0, witnessId: id, witnessChoices: a < b ? [x.c, y.c] : [y.c, x.c], differs: false };
            pairs.set(key, p);
          }
          p.states++;
          if (differs) {
            p.differing++;
            if (!p.differs) {
              p.differs = true;
              p.witnessId = id;
              p.witnessChoices = a < b ? [x.c, y.c] : [y.c, x.c];
            }
          }
        }
      }
    for (let q = 0; q < n; q++) {
      const c = enabled[q]!;
      next.set(s);
      try {
        m.step(next, c);
      } catch {
        continue; // an assertion ends that run; the checker reports it
      }
      fingerprint(next, w);
      const nid = table.insert(FP[0]!, FP[1]!, id, c);
      if (nid < 0) continue;
      if (opts.maxStates !== undefined && table.size > opts.maxStates) {
        cut = true;
        break;
      }
      queue.push(Int32Array.from(next));
      ids.push(nid);
    }
    if (cut) break;
  }

  const pathTo = (id: number): number[] => {
    const out: number[] = [];
    for (let x = id; table.parentOf(x) >= 0; x = table.parentOf(x)) out.push(table.choiceOf(x));
    return out.reverse();
  };
  const siteOut = (key: string): AccessSite => {
    const a = sites.get(key)!;
    return { ctx: a.ctx, step: a.step, kind: a.kind, protections: [...a.prot].map(protName).sort() };
  };
  const judged = new Map<string, { property?: string; reason: string; breaks: boolean }>();
  const outPairs: RacePair[] = [...pairs.values()].map((p) => {
    const witness = pathTo(p.witnessId);
    const wkey = `${p.witnessId}|${p.witnessChoices.join(",")}`;
    return meetingPair(p, siteOut, witness, () => {
      let j = judged.get(wkey);
      if (!j) {
        j = judgeOrders(m, witness, p.witnessChoices, opts.witnessStates ?? 200_000);
        judged.set(wkey, j);
      }
      return j;
    });
  });
  const byLocation = new Map<string, (AccessSite & { flags?: string })[]>();
  for (const [key, a] of sites) {
    const loc = L.names[Number(key.split("|")[0])]!;
    const list = byLocation.get(loc) ?? [];
    list.push({ ctx: a.ctx, step: a.step, kind: a.kind, protections: [...a.prot].map(protName).sort(), ...(a.flags ? { flags: a.flags } : {}) });
    byLocation.set(loc, list);
  }
  return {
    scenario: m.name,
    states: table.size,
    exhaustive: !cut,
    locations: [...byLocation].sort(([x], [y]) => x.localeCompare(y)).map(([location, accesses]) => ({ location, accesses })),
    pairs: outPairs.sort((x, y) => order(x.verdict) - order(y.verdict) || x.location.localeCompare(y.location)),
  };
}

const order = (v: PairVerdict) => (v === "breaks" ? 0 : v === "order-matters" ? 1 : 2);

/**
 * From the witness state, takes the two orders and searches on from each: a property reachable
 * after one order and not after the other is what the race breaks.
 */
function judgeOrders(m: KernelModel, witness: readonly number[], [x, y]: [number, number], maxStates: number): { property?: string; reason: string; breaks: boolean } {
  const props = (order: number[]) => {
    const start = new Int32Array(m.stateSize);
    m.initial(start);
    try {
      for (const c of [...witness, ...order]) m.step(start, c);
    } catch (e) {
      return { set: new Set([(e as { property?: string }).property ?? "assertion"]), exhaustive: true };
    }
    const from: typeof m = Object.create(m, { initial: { value: (out: Int32Array) => out.set(start) } });
    const r = searchFrom(from, maxStates);
    return r;
  };
  const ab = props([x, y]);
  const ba = props([y, x]);
  const onlyAB = [...ab.set].filter((p) => !ba.set.has(p));
  const onlyBA = [...ba.set].filter((p) => !ab.set.has(p));
  const who = (c: number) => (c < m.ctxs.length ? m.ctxs[c]!.name : "env");
  if (onlyAB.length + onlyBA.length > 0) {
    const [first, second, p] = onlyAB.length > 0 ? [x, y, onlyAB[0]!] : [y, x, onlyBA[0]!];
    return { breaks: true, property: p, reason: `${who(first)} first, then ${who(second)}, leads to ${p}; the other order does not` };
  }
  const both = [...ab.set];
  const bounded = !ab.exhaustive || !ba.exhaustive ? " (searched within a bound)" : "";
  return {
    breaks: false,
    reason: both.length > 0 ? `the orders reach different states, but the same properties (${both.join(", ")}) either way${bounded}` : `the orders reach different states, and no property breaks after either${bounded}`,
  };
}

/** The properties a full walk from the model's initial state finds (no counterexamples kept). */
function searchFrom(m: KernelModel, maxStates: number): { set: Set<string>; exhaustive: boolean } {
  const found = new Set<string>();
  const r = visitStates(m, () => {}, (p) => found.add(p), maxStates);
  return { set: found, exhaustive: r.exhaustive };
}

