import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { check } from "../checker/index.js";
import { scenarios } from "../model/scenarios/index.js";
import { REPEATS, say, section } from "./section.js";
import { fixed, int, table } from "./table.js";

const cli = join(dirname(fileURLToPath(import.meta.url)), "..", "cli", "main.js");

/** Issue 8 item 7: a seed scenario's verdict with its counterexample in-process, and the CLI's wall time. */
export function verdictTable(): void {
  section("Fast verdicts: seed scenarios with a violation, in-process and through the CLI");
  const rows: string[][] = [];
  for (const sc of scenarios.filter((s) => s.group === "seed" && s.expected.verdict === "violation").slice(0, 4)) {
    let inProc = Infinity;
    let r = check(sc.build());
    for (let i = 0; i < Math.max(3, REPEATS); i++) {
      const t0 = performance.now();
      r = check(sc.build());
      inProc = Math.min(inProc, performance.now() - t0);
    }
    let wall = Infinity;
    for (let i = 0; i < Math.max(3, REPEATS); i++) {
      const t0 = performance.now();
      spawnSync(process.execPath, [cli, "check", sc.name], { encoding: "utf8" });
      wall = Math.min(wall, performance.now() - t0);
    }
    rows.push([sc.name, r.verdict, r.violations[0]?.property ?? "-", String(r.violations[0]?.choices.length ?? "-"), int(r.stats.states), fixed(inProc), "< 50", fixed(wall, 0), "< 500"]);
  }
  say(table(["scenario", "verdict", "property", "trace", "states", "in-process ms", "target", "CLI wall ms", "target"], rows));
  say("In-process: build the model, BFS to the first violation, rebuild its shortest trace (best of a few runs).");
  say("CLI wall: `node dist/cli/main.js check NAME`, Node start-up and imports included.");
}
