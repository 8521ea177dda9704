import { loadavg } from "node:os";
import { bitstateTable } from "./bitstate.js";
import { engineTable } from "./engine.js";
import { growthTable, kernelGrowthTable } from "./growth.js";
import { kernelSpeedTable } from "./kernel-speed.js";
import { modelCostTable } from "./model-cost.js";
import { parallelTable } from "./parallel.js";
import { porTable } from "./reduction.js";
import { say } from "./section.js";
import { sideBySideTable } from "./side-by-side.js";
import { raceCostTable, synthesisTable } from "./synthesis.js";
import { verdictTable } from "./verdicts.js";

/**
 * `npm run bench`: prints the tables, one per section. Figures are from this machine, one core
 * per checker unless said otherwise, each the best of a few runs (BENCH_REPEATS). BENCH_QUICK=1
 * skips the largest runs (the full close-race M=6, the multi-core section).
 */
const quick = process.env.BENCH_QUICK === "1";
say(`# socheck bench (node ${process.version}, load average ${loadavg().map((l) => l.toFixed(2)).join(" ")})`);
engineTable();
sideBySideTable();
kernelSpeedTable();
modelCostTable();
porTable();
growthTable(quick ? 5 : 6, quick ? 6 : 8);
kernelGrowthTable(0, quick ? 20_000 : 60_000);
if (!quick) parallelTable(6);
bitstateTable();
verdictTable();
synthesisTable();
raceCostTable();
