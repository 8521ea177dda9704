import { check, type Model } from "../checker/index.js";
import { findScenario } from "../model/scenarios/index.js";
import { LARGEST_KERNEL_SCENARIOS } from "./kernel-speed.js";
import { REPEATS, say, section } from "./section.js";
import { fixed, int, table } from "./table.js";

/** States sampled from a search, and how far apart. */
const SAMPLES = 4096;

/** What the kernel model alone costs, per state and per transition, and its share of a search's time. */
export interface ModelCost {
  readonly states: number;
  /** The whole search (full BFS, --collect-all), per state. */
  readonly searchNsPerState: number;
  /** enabled() per state, and writeSet + the saves + step + the undo per transition, caches hot. */
  readonly enabledNs: number;
  readonly stepNs: number;
  readonly transitionsPerState: number;
  /** (enabled + steps) per state over the search's time per state. */
  readonly share: number;
}

/**
 * Why: a V8 profile charges inlined code to its caller, so the model's enabled, writeSet and step
 * show up as the engine's loop (issue 17 read "3%" off one). Here the model runs alone, the way
 * plain BFS calls it, over states sampled from its own search (packed into one buffer, so they sit
 * in cache as the state being expanded does), and its cost is set against the search's.
 */
export function modelCost(name: string): ModelCost {
  const sc = findScenario(name);
  if (!sc) throw new Error(`no scenario ${name}`);
  let search = Infinity;
  let states = 0;
  let transitions = 0;
  for (let i = 0; i < REPEATS; i++) {
    const r = check(sc.build(), { stopAtFirst: false });
    search = Math.min(search, r.stats.elapsedMs);
    states = r.stats.states;
    transitions = r.stats.transitions;
  }
  const sample = sampleStates(sc.build(), Math.max(1, Math.floor(states / SAMPLES)));
  const m = sc.build();
  const w = m.stateSize;
  const n = sample.length / w;
  const en = new Int32Array(Math.max(1, m.maxChoices));
  const saved = new Int32Array(w);
  let enabledBest = Infinity;
  let allBest = Infinity;
  let steps = 0;
  for (let r = 0; r < REPEATS + 2; r++) {
    let t0 = performance.now();
    for (let rep = 0; rep < 20; rep++) for (let k = 0; k < n; k++) m.enabled(sample.subarray(k * w, (k + 1) * w), en);
    enabledBest = Math.min(enabledBest, (performance.now() - t0) / (20 * n));
    t0 = performance.now();
    steps = 0;
    for (let rep = 0; rep < 20; rep++)
      for (let k = 0; k < n; k++) {
        const s = sample.subarray(k * w, (k + 1) * w);
        const c = m.enabled(s, en);
        for (let i = 0; i < c; i++) {
          const ws = m.writeSet!(s, en[i]!);
          for (let j = 0; j < ws.length; j++) saved[j] = s[ws[j]!]!;
          try {
            m.step(s, en[i]!);
          } catch {
            /* an assertion: undone below like any step */
          }
          for (let j = ws.length - 1; j >= 0; j--) s[ws[j]!] = saved[j]!;
          steps++;
        }
      }
    allBest = Math.min(allBest, (performance.now() - t0) / (20 * n));
  }
  const perState = steps / (20 * n);
  const enabledNs = enabledBest * 1e6;
  const stepNs = ((allBest - enabledBest) * 1e6) / perState;
  const searchNs = (search * 1e6) / states;
  const tps = transitions / states;
  return { states, searchNsPerState: searchNs, enabledNs, stepNs, transitionsPerState: tps, share: (enabledNs + tps * stepNs) / searchNs };
}

/** Every `every`-th state a full BFS expands (at most SAMPLES of them), one after another in one buffer. */
export function sampleStates(m: Model, every: number): Int32Array {
  const w = m.stateSize;
  const out = new Int32Array(SAMPLES * w);
  let seen = 0;
  let kept = 0;
  const enabled = m.enabled.bind(m);
  m.enabled = (s, o) => {
    if (seen++ % every === 0 && kept < SAMPLES) out.set(s.subarray(0, w), w * kept++);
    return enabled(s, o);
  };
  check(m, { stopAtFirst: false });
  return out.subarray(0, kept * w);
}

/** The kernel model's own share of a kernel search, on the five largest scenarios. */
export function modelCostTable(names: readonly string[] = LARGEST_KERNEL_SCENARIOS): void {
  section("The kernel model's own share of a kernel search (issue 17): enabled and steps run alone over sampled states");
  const rows = names.map((name) => {
    const c = modelCost(name);
    return [name, int(c.states), fixed(c.searchNsPerState, 0), fixed(c.enabledNs, 0), fixed(c.stepNs, 0), fixed(c.transitionsPerState, 2), `${fixed(100 * c.share, 0)}%`];
  });
  say(table(["scenario", "states", "search ns/state", "enabled ns/state", "step ns/transition", "transitions/state", "model share"], rows));
  say(`Search: full BFS --collect-all, best of ${REPEATS}. Model: up to ${SAMPLES} states sampled from that search, each taken through`);
  say("enabled(), then writeSet, the saves, step and the undo of every enabled choice, as plain BFS does, best of the runs.");
  say("share = (enabled + transitions/state × step) ÷ search per state: what a faster engine cannot take away.");
}
