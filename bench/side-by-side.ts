import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { check } from "../checker/index.js";
import { bestOf } from "./measure.js";
import { benchModels } from "./models.js";
import { REPEATS, say, section } from "./section.js";
import { runSpin, spinMissing, type SpinMode } from "./spin.js";
import { fixed, int, ratio, table } from "./table.js";

// Compiled to dist/bench/; the Promela files stay in the source tree.
const promelaDir = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "bench", "promela");

/** socheck and SPIN on the same models: equal state counts prove they are the same model. */
export function sideBySideTable(): void {
  section("socheck and SPIN side by side (one core each)");
  const missing = spinMissing();
  const rows: string[][] = [];
  for (const bm of benchModels) {
    const r = bestOf(bm.build, { strategy: "bfs", stopAtFirst: false }, REPEATS);
    const s = r.stats;
    rows.push([bm.name, "socheck bfs", int(s.states), int(s.transitions), fixed(s.elapsedMs), int(s.statesPerSecond), fixed(s.bytesPerState), "", ""]);
    const por = check(bm.build(), { strategy: "por", stopAtFirst: false });
    rows.push([bm.name, "socheck por", int(por.stats.states), int(por.stats.transitions), fixed(por.stats.elapsedMs), int(por.stats.statesPerSecond), fixed(por.stats.bytesPerState), "", ""]);
    if (missing) continue;
    for (const mode of ["full", "hc4", "por"] as SpinMode[]) {
      const sp = runSpin(join(promelaDir, bm.pml), [...bm.defines], mode, s.states, REPEATS, bm.spinArgs);
      const sps = (sp.states * 1000) / sp.ms;
      // Hash compaction may merge distinct states, so HC4 can count fewer; that is its known omission.
      const same =
        mode === "por"
          ? por.stats.states <= sp.states
            ? "socheck por ≤"
            : "socheck por >"
          : sp.states === s.states
            ? "same"
            : mode === "hc4" && sp.states < s.states
              ? `hc omits ${int(s.states - sp.states)}`
              : "DIFFERENT";
      rows.push([bm.name, `spin ${mode}`, int(sp.states), int(sp.transitions), fixed(sp.ms), int(sps), fixed(sp.bytesPerState), ratio(s.statesPerSecond, sps), same]);
    }
  }
  say(table(["model", "checker", "states", "transitions", "ms", "states/s", "bytes/state", "socheck bfs speed ×", "states"], rows));
  if (missing) say(`SPIN skipped: ${missing}.`);
  else
    say(
      "spin full: spin -a; gcc -O2 -DSAFETY -DNOREDUCE; hc4: plus -DHC4; por: gcc -O2 -DSAFETY (SPIN's partial-order reduction).\n" +
        "SPIN time is pan's wall time (process start and hash-table allocation included); SPIN counts the initial state as a transition.\n" +
        "SPIN bytes/state: its state storage plus hash table; socheck: fingerprints, parent links and choices.\n" +
        "The first three twins are guarded commands on global arrays, so SPIN's POR finds nothing to reduce in them; in private\n" +
        "steps both reduce: SPIN's local steps, socheck's every step (nobody else touches a process's flag).",
    );
}
