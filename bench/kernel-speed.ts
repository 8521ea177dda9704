import { explorer, type CheckResult, type SearchOptions } from "../checker/index.js";
import { findScenario } from "../model/scenarios/index.js";
import { REPEATS, say, section } from "./section.js";
import { fixed, int, ratio, table } from "./table.js";

/** The five largest kernel scenarios under full BFS (states in README's POR table). */
export const LARGEST_KERNEL_SCENARIOS = ["dragonfly-sofree-race", "dragonfly-so_state", "dragonfly-so_state-atomic", "kyu-close-storm-2", "bsd44-shutdown-linger"];

/** Before issue 17: every successor hashed whole, states queued whole. */
export const BEFORE: SearchOptions = { fingerprints: "full", packQueue: false };
/** After: fingerprints from the write sets, packed queue (the defaults). */
export const AFTER: SearchOptions = {};
/** After with every queued state packed from the start, to show what packing costs in time. */
export const AFTER_PACKED: SearchOptions = { packQueue: true };

interface Run {
  readonly result: CheckResult;
  /** Bytes a queued state takes. */
  readonly queueBytes: number;
}

/** Full BFS with --collect-all on a fresh build of scenario `name`. */
export function runScenario(name: string, opts: SearchOptions): Run {
  const sc = findScenario(name);
  if (!sc) throw new Error(`no scenario ${name}`);
  const e = explorer(sc.build(), { ...opts, stopAtFirst: false });
  while (!e.run(1 << 30));
  return { result: e.result(), queueBytes: (e as unknown as { queueEntryBytes: number }).queueEntryBytes };
}

/**
 * Issue 17 item 3: states/s and queue bytes per state, before and after, side by side in one
 * process: the two paths alternate, each figure the best of REPEATS. State counts must agree.
 */
export function kernelSpeedTable(names: readonly string[] = LARGEST_KERNEL_SCENARIOS): void {
  section("Kernel scenarios at engine speed: full BFS --collect-all, before and after write-set fingerprints and packed queues (issue 17)");
  const rows: string[][] = [];
  for (const name of names) {
    let before: Run | null = null;
    let after: Run | null = null;
    let whole: Run | null = null;
    for (let i = 0; i < REPEATS; i++) {
      const b = runScenario(name, BEFORE);
      const a = runScenario(name, AFTER);
      const w = runScenario(name, AFTER_PACKED);
      if (!before || b.result.stats.elapsedMs < before.result.stats.elapsedMs) before = b;
      if (!after || a.result.stats.elapsedMs < after.result.stats.elapsedMs) after = a;
      if (!whole || w.result.stats.elapsedMs < whole.result.stats.elapsedMs) whole = w;
    }
    const b = before!.result.stats;
    const a = after!.result.stats;
    const u = whole!.result.stats;
    const same = a.states === b.states && a.transitions === b.transitions && u.states === b.states;
    rows.push([
      name,
      int(a.states) + (same ? "" : ` (before: ${int(b.states)}!)`),
      fixed(b.elapsedMs, 0),
      int(b.statesPerSecond),
      fixed(a.elapsedMs, 0),
      int(a.statesPerSecond),
      ratio(a.statesPerSecond, b.statesPerSecond),
      int(u.statesPerSecond),
      ratio(u.statesPerSecond, b.statesPerSecond),
      int(before!.queueBytes),
      int(whole!.queueBytes),
    ]);
  }
  say(
    table(
      ["scenario", "states", "before ms", "before states/s", "after ms", "after states/s", "speed-up", "all packed states/s", "speed-up", "queue B/state before", "packed"],
      rows,
    ),
  );
  say("before: every successor hashed whole, states queued whole (fingerprints: full, packQueue: false); after: the defaults,");
  say("fingerprints updated from each step's declared write set, states queued whole until the frontier holds 64 MiB, then");
  say("packed; all packed: packed from the first state (packQueue: true). All in this process, alternating, best of each.");
  say("Queue B/state: one queued entry (the state, its visited-table slot, a carried fingerprint). Counts agree (else marked).");
}
