import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { filterLock } from "../examples/filter-lock.js";
import { bestOf } from "./measure.js";
import { benchModels } from "./models.js";
import { runSpin, spinMissing, type SpinMode } from "./spin.js";
import { fixed, int, ratio, table } from "./table.js";

/**
 * `npm run bench`: prints the tables. Figures are from this machine, one core per checker unless
 * said otherwise; other processes on the machine make them noisy, so each is the best of a few runs.
 */
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
const here = dirname(fileURLToPath(import.meta.url));
// Compiled to dist/bench/run.js; the Promela files stay in the source tree.
const promelaDir = join(here, "..", "..", "bench", "promela");

function section(title: string): void {
  process.stdout.write(`\n## ${title}\n\n`);
}

function engine(): void {
  section("Engine: Peterson's filter lock, 4 processes, BFS, one core (issue 2 item 9)");
  const r = bestOf(() => filterLock(4), { strategy: "bfs" }, REPEATS);
  const s = r.stats;
  process.stdout.write(
    table(
      ["model", "verdict", "states", "transitions", "ms", "states/s", "target", "bytes/state", "target"],
      [[r.model, r.verdict, int(s.states), int(s.transitions), fixed(s.elapsedMs), int(s.statesPerSecond), "≥ 1,000,000", fixed(s.bytesPerState), "≤ 16"]],
    ) + "\n",
  );
  process.stdout.write("bytes/state: visited table (64-bit fingerprints and parent links) / distinct states.\n");
}

function sideBySide(): void {
  section("socheck and SPIN side by side (one core each)");
  const missing = spinMissing();
  const rows: string[][] = [];
  for (const bm of benchModels) {
    const r = bestOf(bm.build, { strategy: "bfs", stopAtFirst: false }, REPEATS);
    const s = r.stats;
    rows.push([bm.name, "socheck bfs", int(s.states), int(s.transitions), fixed(s.elapsedMs), int(s.statesPerSecond), fixed(s.bytesPerState), "", ""]);
    if (missing) continue;
    for (const mode of ["full", "hc4", "por"] as SpinMode[]) {
      const sp = runSpin(join(promelaDir, bm.pml), [...bm.defines], mode, s.states, REPEATS);
      const sps = (sp.states * 1000) / sp.ms;
      // Hash compaction may merge distinct states, so HC4 can count fewer; that is its known omission.
      const same = mode === "por" ? "" : sp.states === s.states ? "same" : mode === "hc4" && sp.states < s.states ? `hc omits ${int(s.states - sp.states)}` : "DIFFERENT";
      rows.push([bm.name, `spin ${mode}`, int(sp.states), int(sp.transitions), fixed(sp.ms), int(sps), fixed(sp.bytesPerState), ratio(s.statesPerSecond, sps), same]);
    }
  }
  process.stdout.write(
    table(["model", "checker", "states", "transitions", "ms", "states/s", "bytes/state", "socheck speed ×", "states"], rows) + "\n",
  );
  if (missing) process.stdout.write(`SPIN skipped: ${missing}.\n`);
  else
    process.stdout.write(
      "spin full: gcc -O2 -DSAFETY -DNOREDUCE; hc4: plus -DHC4; por: -DSAFETY (SPIN's partial-order reduction).\n" +
        "SPIN time is pan's wall time (process start and hash-table allocation included); SPIN transitions count the initial state.\n" +
        "SPIN bytes/state: its state storage plus hash table; socheck: fingerprints plus parent links.\n",
    );
}

engine();
sideBySide();
