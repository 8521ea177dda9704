import { Expander, FingerprintIds, FP, StateQueue, WriteSetHash } from "../checker/index.js";
import { KernelModel } from "../model/runtime/kernel-model.js";
import { visitStates } from "./visit-states.js";
import { ReachGraph } from "./reach-graph.js";
import { raceVocabulary } from "./race-vocabulary.js";

/**
 * The field-by-field race table (issue 16 §1), computed from the explored state space rather
 * than from reading the code: for every shared location, who reads and writes it, from which
 * routine and step, under which protection at that moment; which conflicting accesses of two
 * contexts can both be next in one reachable state (nothing orders them); and for each such pair
 * whether the order matters: in every state where both can run, do the two orders reach the same
 * state? If not, the first such state is the witness, and both orders are searched on from it to
 * see whether one of them breaks a property the other does not.
 */

/** One access site: a context's step touching a location, and the protections it held there. */
export interface AccessSite {
  readonly ctx: string;
  /** `routine:label`. */
  readonly step: string;
  readonly kind: "read" | "write";
  /** Every protection seen at this access ("none", "splnet", "net_lock", "splnet+net_lock"). */
  readonly protections: readonly string[];
}

/** A shared location: a field of an object or a global word of the kernel. */
export interface LocationRow {
  readonly location: string;
  /** For so_state-like words: the flags each writer sets or clears, and the flags each reader tests. */
  readonly accesses: readonly (AccessSite & { readonly flags?: string })[];
}

export type PairVerdict = "commutes" | "order-matters" | "breaks";

/** Two conflicting accesses of different contexts that some reachable state has both next. */
export interface RacePair {
  readonly location: string;
  readonly a: AccessSite;
  readonly b: AccessSite;
  /** States where both are next. */
  readonly states: number;
  /** Of those, states where a;b and b;a reach different states. */
  readonly differing: number;
  readonly verdict: PairVerdict;
  /** Why, in words: the reason it is harmless, or the property one order breaks. */
  readonly reason: string;
  /** Choices from the initial state to the witness (the first state where the orders differ, else the first where both are next). */
  readonly witness: readonly number[];
  /** The property that only one order leads to, when there is one. */
  readonly property?: string;
  /**
   * "sleep": a window that spans a sleep. `a` is a test the sleeping context made before it went to
   * sleep (and acts on after it wakes), `b` another context's write that lands while it sleeps; the
   * witness reaches a state where the first sleeps and the write is the other's next step.
   */
  readonly window?: "sleep";
}

export interface RaceTable {
  readonly scenario: string;
  readonly states: number;
  readonly exhaustive: boolean;
  readonly locations: readonly LocationRow[];
  readonly pairs: readonly RacePair[];
}

export interface RaceOptions {
  /** Stop exploring after this many states (the table then says it is not exhaustive). */
  readonly maxStates?: number;
  /** States each order is searched on from a witness to name the property it breaks (default 200,000). */
  readonly witnessStates?: number;
}

/** @internal An access site while the table is built (shared with the reference analysis in the tests). */
export interface SiteAcc {
  ctx: string;
  step: string;
  kind: "read" | "write";
  flags?: string;
  prot: Set<number>;
}

/** @internal A pair while the table is built (shared with the reference analysis in the tests). */
export interface PairAcc {
  /** One side was preempted before its step (a uniprocessor window), not next beside the other. */
  preempted: boolean;
  location: string;
  a: string;
  b: string;
  states: number;
  differing: number;
  witnessId: number;
  witnessChoices: [number, number];
  differs: boolean;
}

/** One context's next step, as the race table sees it: its shared data accesses and their sites. */
interface StepInfo {
  /** Dense number, so a pair of steps keys one cached plan. */
  readonly id: number;
  readonly c: number;
  readonly label: string;
  readonly source: string;
  /** Only the shared data slots, with each access's site key (computed once per step). */
  readonly reads: readonly number[];
  readonly writes: readonly number[];
  readonly readKeys: readonly string[];
  readonly writeKeys: readonly string[];
  /** The sites of reads then writes, resolved the first time the step runs. */
  sites: SiteAcc[] | null;
  /** The protection last added to `sites` (adding it again changes nothing). */
  lastProt: number;
}

/** What two steps that meet do to the pairs they form: the conflicting slots, each with its pair. */
interface PairPlan {
  readonly keys: readonly string[];
  readonly slots: readonly number[];
  /** Whether the pair names y's site first. */
  readonly swapped: readonly boolean[];
  readonly accs: (PairAcc | undefined)[];
}

/** A test a sleeping context made before it slept: its instruction, the slot, and `routine:label`. */
interface WindowRead {
  readonly pc: number;
  readonly slot: number;
  readonly label: string;
}

/** A test made before a sleep and another context's write that lands during it. */
interface SleepAcc {
  readonly location: string;
  readonly readKey: string;
  readonly writeKey: string;
  /** The sleeper and the writer. */
  readonly a: number;
  readonly b: number;
  readonly test: WindowRead;
  states: number;
  /** States where the write changes the decision the test made. */
  differing: number;
  /** The first state (validated on its path) where the write lands, or where it changes the decision. */
  witnessId: number;
  differs: boolean;
}

/** A context's step in one state: an enabled choice (its successor already computed), or a preempted context's next step. */
interface Entry {
  st: StepInfo;
  c: number;
  /** Index of its successor among the state's enabled choices, or -1 when preempted. */
  q: number;
}

/** Computes the race table of a composed kernel by exploring every reachable state once. */
export function raceTable(m: KernelModel, opts: RaceOptions = {}): RaceTable {
  const k = m.kernel;
  const L = k.layout;
  const voc = raceVocabulary(m);
  const { data, ctxName } = voc;
  const nCtx = m.ctxs.length;
  const nInstr = m.instrs.length;
  const stepList: StepInfo[] = [];
  // (context, pc) → step id + 1: a typed-array lookup, as this runs for every context in every state.
  const stepIndex = new Int32Array(m.maxChoices * (nInstr + 1));
  const stepOf = (s: Int32Array, c: number): StepInfo => {
    const pc = c >= nCtx ? nInstr : s[m.ctxs[c]!.pc]!;
    const key = c * (nInstr + 1) + pc;
    const known = stepIndex[key]!;
    if (known > 0) return stepList[known - 1]!;
    const { label, source, reads: r, writes: wr } = voc.step(c, pc);
    const st: StepInfo = { id: stepList.length, c, label, source, reads: r, writes: wr, readKeys: r.map((x) => siteKey(x, c, label, "read")), writeKeys: wr.map((x) => siteKey(x, c, label, "write")), sites: null, lastProt: -1 };
    stepList.push(st);
    stepIndex[key] = stepList.length;
    return st;
  };
  const sites = new Map<string, SiteAcc>();
  const siteKey = voc.siteKey;
  const siteAccs = (st: StepInfo): SiteAcc[] => {
    if (st.sites) return st.sites;
    st.sites = [...st.readKeys, ...st.writeKeys].map((key, q) => {
      let a = sites.get(key);
      if (!a) {
        const isRead = q < st.reads.length;
        const slot = isRead ? st.reads[q]! : st.writes[q - st.reads.length]!;
        const kind = isRead ? "read" : "write";
        a = { ctx: ctxName(st.c), step: st.label, kind, flags: voc.flagsOf(slot, st.label, st.source, kind), prot: new Set() };
        sites.set(key, a);
      }
      return a;
    });
    return st.sites;
  };
  const pairs = new Map<string, PairAcc>();
  const plans = new Map<number, PairPlan | null>();
  const planOf = (xs: StepInfo, ys: StepInfo): PairPlan | null => {
    const pk = xs.id * 65536 + ys.id;
    let plan = plans.get(pk);
    if (plan !== undefined) return plan;
    const conflict: number[] = [];
    for (const slot of xs.writes) if (ys.reads.includes(slot) || ys.writes.includes(slot)) conflict.push(slot);
    for (const slot of ys.writes) if (xs.reads.includes(slot) && !conflict.includes(slot)) conflict.push(slot);
    if (conflict.length === 0) plan = null;
    else {
      const keys: string[] = [];
      const swapped: boolean[] = [];
      for (const slot of conflict) {
        const a = siteKey(slot, xs.c, xs.label, xs.writes.includes(slot) ? "write" : "read");
        const b = siteKey(slot, ys.c, ys.label, ys.writes.includes(slot) ? "write" : "read");
        keys.push(a < b ? `${a}#${b}` : `${b}#${a}`);
        swapped.push(!(a < b));
      }
      plan = { keys, slots: conflict, swapped, accs: conflict.map(() => undefined) };
    }
    if (xs.id >= 65536 || ys.id >= 65536) throw new Error("race table: more than 65,536 distinct steps");
    plans.set(pk, plan);
    return plan;
  };

  // Windows that span a sleep: a context asleep in a wait, and the tests it made before it.
  const sleepy = m.instrs.map((ins) => ins.wait !== null && ins.wait.holder === undefined);
  const testsBefore = new Map<number, Map<number, WindowRead[]>>();
  /** The tests (reads of shared data the step does not write) earlier in the routine of frame `f`, by slot. */
  const testsOf = (f: number): Map<number, WindowRead[]> => {
    let bySlot = testsBefore.get(f);
    if (bySlot) return bySlot;
    bySlot = new Map();
    const routine = m.instrs[f]!.routine;
    for (let j = f - 1; j >= 0 && m.instrs[j]!.routine === routine; j--) {
      const ins = m.instrs[j]!;
      for (const slot of ins.reads)
        if (data.has(slot) && !ins.writes.includes(slot)) {
          const list = bySlot.get(slot) ?? [];
          list.push({ pc: j, slot, label: `${routine}:${ins.label}` });
          bySlot.set(slot, list);
        }
    }
    testsBefore.set(f, bySlot);
    return bySlot;
  };
  const sleepPairs = new Map<string, SleepAcc>();
  const scratch = new Int32Array(m.stateSize);
  /** Where context `a` goes from test `rpc` on the values of `st`: the decision it makes there. */
  const decision = (st: Int32Array, a: number, rpc: number): number => {
    const pcSlot = m.ctxs[a]!.pc;
    scratch.set(st);
    scratch[pcSlot] = rpc;
    try {
      m.step(scratch, a);
    } catch {
      return -2;
    }
    return scratch[pcSlot]!;
  };
  /** Whether, on the path to state `id`, context `a` made test `rpc` and has not returned from that routine since. */
  const testedOnPath = (id: number, a: number, rpc: number): boolean => {
    const x = m.ctxs[a]!;
    const st = new Int32Array(m.stateSize);
    m.initial(st);
    let depth = -1;
    for (const c of pathTo(id)) {
      if (c === a && st[x.pc] === rpc) depth = st[x.sp]!;
      m.step(st, c);
      if (depth >= 0 && st[x.sp]! < depth) depth = -1;
    }
    return depth >= 0;
  };
  const meetSleeping = (id: number, st: Int32Array, a: number, r: WindowRead, b: number, after: Int32Array | null): void => {
    const readKey = siteKey(r.slot, a, r.label, "read");
    if (!sites.has(readKey)) return;
    const bst = stepOf(st, b);
    const writeKey = bst.writeKeys[bst.writes.indexOf(r.slot)]!;
    const key = `${readKey}#${writeKey}`;
    let acc = sleepPairs.get(key);
    if (!acc) {
      acc = { location: L.names[r.slot]!, readKey, writeKey, a, b, test: r, states: 0, differing: 0, witnessId: -1, differs: false };
      sleepPairs.set(key, acc);
    }
    acc.states++;
    const changed = after === null || decision(st, a, r.pc) !== decision(after, a, r.pc);
    if (changed) acc.differing++;
    if ((acc.witnessId < 0 || (changed && !acc.differs)) && testedOnPath(id, a, r.pc)) {
      acc.witnessId = id;
      acc.differs = changed;
    }
  };

  const exp = new Expander(m);
  const w = m.stateSize;
  const mc = Math.max(1, m.maxChoices);
  // Growing by 4 rehashes a third as many states as doubling, which cost more than the rest of the map.
  const seen = new FingerprintIds(1 << 12, 4);
  let parents = new Int32Array(1 << 16);
  let choices = new Int32Array(1 << 16);
  let count = 0;
  const store = (parent: number, choice: number): number => {
    if (count === parents.length) {
      const p = new Int32Array(count * 2);
      p.set(parents);
      parents = p;
      const c = new Int32Array(count * 2);
      c.set(choices);
      choices = c;
    }
    parents[count] = parent;
    choices[count] = choice;
    seen.set(FP[0]!, FP[1]!, count);
    return count++;
  };
  const pathTo = (id: number): number[] => {
    const out: number[] = [];
    for (let x = id; parents[x]! >= 0; x = parents[x]!) out.push(choices[x]!);
    return out.reverse();
  };
  const graph = new ReachGraph();
  // Successors are hashed from their parent's sums and the words the step wrote, as the engine's BFS does.
  const hash = new WriteSetHash(w, w);
  const queue = new StateQueue(w, 2);
  const s = new Int32Array(w);
  exp.initial(s);
  hash.full(s);
  queue.push(s, store(-1, 0), hash.hi, hash.lo);
  const enabled = new Int32Array(mc);
  const enabled2 = new Int32Array(mc);
  const succ = Array.from({ length: mc }, () => new Int32Array(w));
  const ok = new Uint8Array(mc);
  const ab = new Int32Array(w);
  const ba = new Int32Array(w);
  const curSlot = k.cur;
  let cut = false;
  const tryStep = (out: Int32Array, c: number): boolean => {
    const n = m.enabled(out, enabled2);
    for (let i = 0; i < n; i++)
      if (enabled2[i] === c) {
        m.step(out, c);
        return true;
      }
    return false;
  };
  /** `z`'s step first, from the state being expanded; a preempted context's step is taken as if it had run before it was preempted. */
  const first = (out: Int32Array, z: Entry): boolean => {
    if (z.q < 0) {
      out.set(s);
      m.step(out, z.c);
      return true;
    }
    if (ok[z.q] === 0) return false;
    out.set(succ[z.q]!);
    return true;
  };
  const then = (out: Int32Array, z: Entry): boolean => (z.q < 0 ? (m.step(out, z.c), true) : tryStep(out, z.c));
  const same = (): boolean => {
    for (let q = 0; q < w; q++) if (ab[q] !== ba[q] && q !== curSlot) return false;
    return true;
  };
  const entries: Entry[] = Array.from({ length: mc + nCtx }, () => ({ st: null as unknown as StepInfo, c: 0, q: 0 }));
  /** Every two steps of different contexts in `entries[0..ne)` that conflict: both orders taken, the pairs they form counted. */
  const meetings = (id: number, ne: number): void => {
    for (let i = 0; i < ne; i++)
      for (let j = i + 1; j < ne; j++) {
        const x = entries[i]!;
        const y = entries[j]!;
        // The environment's events are the wire and the device (atomic arrivals), not code with windows.
        if (x.c >= nCtx || y.c >= nCtx || x.c === y.c || (x.q < 0 && y.q < 0)) continue;
        // A conflict needs a write on one side, and one side's data access at all.
        if ((x.st.writes.length === 0 && y.st.writes.length === 0) || x.st.reads.length + x.st.writes.length === 0 || y.st.reads.length + y.st.writes.length === 0) continue;
        const plan = planOf(x.st, y.st);
        if (plan === null) continue;
        let differs = true;
        try {
          differs = !(first(ab, x) && then(ab, y) && first(ba, y) && then(ba, x) && same());
        } catch {
          differs = true; // an assertion in one order only: the order matters
        }
        for (let t = 0; t < plan.keys.length; t++) {
          let p = plan.accs[t];
          if (p === undefined) {
            const key = plan.keys[t]!;
            p = pairs.get(key);
            if (!p) {
              const [a, b] = key.split("#") as [string, string];
              p = { preempted: x.q < 0 || y.q < 0, location: L.names[plan.slots[t]!]!, a, b, states: 0, differing: 0, witnessId: id, witnessChoices: plan.swapped[t] ? [y.c, x.c] : [x.c, y.c], differs: false };
              pairs.set(key, p);
            }
            plan.accs[t] = p;
          }
          p.states++;
          if (differs) {
            p.differing++;
            if (!p.differs) {
              p.differs = true;
              p.witnessId = id;
              p.witnessChoices = plan.swapped[t] ? [y.c, x.c] : [x.c, y.c];
            }
          }
        }
      }
  };
  /** Each context asleep in `s`, against every other context's next write to a slot it tested before it slept. */
  const sleepers = (id: number, n: number): void => {
    for (let a = 0; a < nCtx; a++) {
      const x = m.ctxs[a]!;
      const pc = s[x.pc]!;
      if (pc < 0 || !sleepy[pc] || m.runnable(s, a)) continue;
      for (let q = 0; q < n; q++) {
        const b = enabled[q]!;
        if (b >= nCtx || b === a) continue;
        const writes = stepOf(s, b).writes;
        for (let k = 0; k < writes.length; k++)
          // The tests in the sleeping routine, then in each caller before its call.
          for (let f = -1; f < s[x.sp]!; f++) {
            const tests = testsOf(f < 0 ? pc : s[x.stack + f]!).get(writes[k]!);
            if (tests) for (const r of tests) meetSleeping(id, s, a, r, b, ok[q] === 1 ? succ[q]! : null);
          }
      }
    }
  };
  while (queue.length > 0) {
    const id = queue.shift(s);
    const hi = queue.x0;
    const lo = queue.x1;
    const bad = exp.brokenInvariant(s);
    if (bad >= 0) {
      graph.finding(id, m.invariants[bad]!.name);
      continue;
    }
    const n = m.enabled(s, enabled);
    if (n === 0) {
      const d = exp.dead(s);
      if (d) graph.finding(id, d.finding.name);
      continue;
    }
    for (let q = 0; q < n; q++) {
      const out = succ[q]!;
      out.set(s);
      try {
        m.step(out, enabled[q]!);
        ok[q] = 1;
      } catch (e) {
        ok[q] = 0; // an assertion ends that run; the checker reports it
        graph.finding(id, (e as { property?: string }).property ?? "assertion");
      }
    }
    let ne = 0;
    for (let q = 0; q < n; q++) {
      const e = entries[ne++]!;
      e.c = enabled[q]!;
      e.st = stepOf(s, e.c);
      e.q = q;
      const st = e.st;
      if (st.reads.length + st.writes.length === 0) continue;
      const prot = voc.protection(s, e.c);
      if (prot === st.lastProt) continue;
      for (const a of siteAccs(st)) a.prot.add(prot);
      st.lastProt = prot;
    }
    // Under a uniprocessor policy a context another has preempted sits before its next step: what
    // the running one does now lands in that window. Contexts parked at their idle point are in none.
    if (m.policy !== "any")
      for (let c = 0; c < nCtx; c++) {
        const x = m.ctxs[c]!;
        if (s[x.pc] === x.idle || !m.runnable(s, c)) continue;
        let isEnabled = false;
        for (let q = 0; q < n; q++) if (enabled[q] === c) isEnabled = true;
        if (isEnabled) continue;
        const e = entries[ne++]!;
        e.c = c;
        e.st = stepOf(s, c);
        e.q = -1;
      }
    meetings(id, ne);
    sleepers(id, n);
    for (let q = 0; q < n; q++) {
      if (ok[q] === 0) continue;
      const out = succ[q]!;
      hash.update(s, out, m.writeSet(s, enabled[q]!), hi, lo);
      let nid = seen.get(FP[0]!, FP[1]!);
      if (nid < 0) {
        nid = store(id, enabled[q]!);
        if (opts.maxStates !== undefined && count > opts.maxStates) {
          cut = true;
          break;
        }
        queue.push(out, nid, hash.hi, hash.lo);
      }
      graph.edge(id, nid);
    }
    if (cut) break;
  }
  if (!cut) graph.close(count);

  const siteOut = (key: string): AccessSite => {
    const a = sites.get(key)!;
    return { ctx: a.ctx, step: a.step, kind: a.kind, protections: [...a.prot].map(voc.protName).sort() };
  };
  /** The properties reachable from a state: looked up in the explored graph when it is there, else searched. */
  const reachableFrom = (state: Int32Array): { set: Set<string>; exhaustive: boolean } => {
    hash.full(state);
    const nid = cut ? -1 : seen.get(FP[0]!, FP[1]!);
    if (nid >= 0) return { set: new Set(graph.reachable(nid)), exhaustive: true };
    return searchFrom(startingAt(m, state), opts.witnessStates ?? 200_000);
  };
  const judged = new Map<string, { property?: string; reason: string; breaks: boolean }>();
  const outPairs: RacePair[] = [...pairs.values()].map((p) => {
    const witness = pathTo(p.witnessId);
    const wkey = `${p.witnessId}|${p.witnessChoices.join(",")}`;
    return meetingPair(p, siteOut, witness, () => {
      let j = judged.get(wkey);
      if (!j) {
        j = judgeOrders(m, witness, p.witnessChoices, reachableFrom);
        judged.set(wkey, j);
      }
      return j;
    });
  });
  for (const p of sleepPairs.values()) {
    if (p.witnessId < 0) continue; // never seen with the test on the path itself
    const witness = pathTo(p.witnessId);
    const [sleeper, writer] = [ctxName(p.a), ctxName(p.b)];
    const base = { location: p.location, a: siteOut(p.readKey), b: siteOut(p.writeKey), states: p.states, differing: p.differing, witness, window: "sleep" as const };
    if (!p.differs) {
      outPairs.push({ ...base, verdict: "commutes", reason: `harmless in the explored space: in all ${p.states} states where ${writer} writes while ${sleeper} sleeps after this test, the test would decide as it did` });
      continue;
    }
    const j = judgeWindow(m, witness, p.b, reachableFrom);
    const premise = `${writer}'s write lands while ${sleeper} sleeps and changes what ${sleeper} decided at ${p.test.label} (the value it acts on after waking is stale)`;
    if (j.property) outPairs.push({ ...base, verdict: "breaks", property: j.property, reason: `${premise}, and leads to ${j.property}; no other step from the witness does` });
    else outPairs.push({ ...base, verdict: "order-matters", reason: j.after.length === 0 ? `${premise}, but no property breaks in any run after it` : `${premise}; after it ${j.after.join(", ")} can break, as after the other steps from the witness` });
  }
  const byLocation = new Map<string, (AccessSite & { flags?: string })[]>();
  for (const [key, a] of sites) {
    const loc = L.names[Number(key.split("|")[0])]!;
    const list = byLocation.get(loc) ?? [];
    list.push({ ctx: a.ctx, step: a.step, kind: a.kind, protections: [...a.prot].map(voc.protName).sort(), ...(a.flags ? { flags: a.flags } : {}) });
    byLocation.set(loc, list);
  }
  return {
    scenario: m.name,
    states: count,
    exhaustive: !cut,
    locations: [...byLocation].sort(([x], [y]) => x.localeCompare(y)).map(([location, accesses]) => ({ location, accesses })),
    pairs: outPairs.sort((x, y) => order(x.verdict) - order(y.verdict) || x.location.localeCompare(y.location)),
  };
}

/** The verdict of a pair of two contexts' next steps, in its final form; `judge` is asked only when the orders differ somewhere. */
export function meetingPair(p: PairAcc, siteOut: (key: string) => AccessSite, witness: number[], judge: () => { property?: string; reason: string; breaks: boolean }): RacePair {
  const base = { location: p.location, a: siteOut(p.a), b: siteOut(p.b), states: p.states, witness };
  if (!p.differs) return { ...base, differing: 0, verdict: "commutes", reason: `harmless in the explored space: in all ${p.states} states where both are next, either order reaches the same state` };
  const j = judge();
  return { ...base, differing: p.differing, verdict: j.breaks ? "breaks" : "order-matters", reason: j.reason, ...(j.property ? { property: j.property } : {}) };
}

const order = (v: PairVerdict) => (v === "breaks" ? 0 : v === "order-matters" ? 1 : 2);

/** The model, started from `state` (a state it reached by its own steps). */
function startingAt(m: KernelModel, state: Int32Array): KernelModel {
  const start = Int32Array.from(state);
  return Object.create(m, { initial: { value: (out: Int32Array) => out.set(start) } });
}

/**
 * From the witness state, takes the two orders and compares the properties reachable after each:
 * a property reachable after one order and not after the other is what the race breaks. Where
 * several are, the one a breadth-first search from that order meets first is named.
 */
function judgeOrders(m: KernelModel, witness: readonly number[], [x, y]: [number, number], reachableFrom: (s: Int32Array) => { set: Set<string>; exhaustive: boolean }): { property?: string; reason: string; breaks: boolean } {
  const after = (order: number[]) => {
    const start = new Int32Array(m.stateSize);
    m.initial(start);
    try {
      for (const c of [...witness, ...order]) m.step(start, c);
    } catch (e) {
      return { state: null, set: new Set([(e as { property?: string }).property ?? "assertion"]), exhaustive: true };
    }
    return { state: start, ...reachableFrom(start) };
  };
  const ab = after([x, y]);
  const ba = after([y, x]);
  const onlyAB = [...ab.set].filter((p) => !ba.set.has(p));
  const onlyBA = [...ba.set].filter((p) => !ab.set.has(p));
  const who = (c: number) => (c < m.ctxs.length ? m.ctxs[c]!.name : "env");
  if (onlyAB.length + onlyBA.length > 0) {
    const [first, second, from, only] = onlyAB.length > 0 ? [x, y, ab, onlyAB] : [y, x, ba, onlyBA];
    const p = only.length > 1 && from.state ? metFirst(m, from.state, only)[0]! : only[0]!;
    return { breaks: true, property: p, reason: `${who(first)} first, then ${who(second)}, leads to ${p}; the other order does not` };
  }
  const both = ab.set.size > 1 && ab.state ? metFirst(m, ab.state, [...ab.set]) : [...ab.set];
  const bounded = !ab.exhaustive || !ba.exhaustive ? " (searched within a bound)" : "";
  return {
    breaks: false,
    reason: both.length > 0 ? `the orders reach different states, but the same properties (${both.join(", ")}) either way${bounded}` : `the orders reach different states, and no property breaks after either${bounded}`,
  };
}

/**
 * A sleep window's witness: the state where one context sleeps and the writer's step is next.
 * The write landing there is compared with every other step from there (the write held back): a
 * property reachable after the write and after none of the others is what the stale decision breaks.
 */
function judgeWindow(m: KernelModel, witness: readonly number[], writer: number, reachableFrom: (s: Int32Array) => { set: Set<string> }): { property?: string; after: string[] } {
  const at = new Int32Array(m.stateSize);
  m.initial(at);
  for (const c of witness) m.step(at, c);
  const after = (c: number): Set<string> => {
    const st = Int32Array.from(at);
    try {
      m.step(st, c);
    } catch (e) {
      return new Set([(e as { property?: string }).property ?? "assertion"]);
    }
    return reachableFrom(st).set;
  };
  const withWrite = after(writer);
  const others = new Set<string>();
  const enabled = new Int32Array(Math.max(1, m.maxChoices));
  const n = m.enabled(at, enabled);
  for (let q = 0; q < n; q++) if (enabled[q] !== writer) for (const p of after(enabled[q]!)) others.add(p);
  const only = [...withWrite].filter((p) => !others.has(p));
  return only.length > 0 && n > 1 ? { property: only[0]!, after: [...withWrite] } : { after: [...withWrite] };
}

/** `names` (each reachable from `state`) in the order a breadth-first walk from `state` meets them; it stops once it has met them all. */
function metFirst(m: KernelModel, state: Int32Array, names: readonly string[]): string[] {
  const want = new Set(names);
  const met: string[] = [];
  const done = new Error("all met");
  try {
    visitStates(startingAt(m, state), () => {}, (p) => {
      if (!want.delete(p)) return;
      met.push(p);
      if (want.size === 0) throw done;
    });
  } catch (e) {
    if (e !== done) throw e;
  }
  return [...met, ...want];
}

/** The properties a full walk from the model's initial state finds (no counterexamples kept). */
function searchFrom(m: KernelModel, maxStates: number): { set: Set<string>; exhaustive: boolean } {
  const found = new Set<string>();
  const r = visitStates(m, () => {}, (p) => found.add(p), maxStates);
  return { set: found, exhaustive: r.exhaustive };
}

/** Whether a built model can be analysed (a composed kernel). */
export function isKernelModel(m: unknown): m is KernelModel {
  return m instanceof KernelModel;
}
