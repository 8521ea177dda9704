import { readFileSync, writeFileSync } from "node:fs";
import { check, type CheckResult, type Model, type Strategy } from "../checker/index.js";
import { scenarios } from "../model/scenarios/index.js";

/**
 * Golden figures: the counts that say what a search did, for every built-in scenario. A reduction
 * or a runtime change that keeps every verdict can still move these (a re-expansion queued under
 * the wrong id, faults reported a call late), so a test pins them (test/bench/golden.test.ts) and
 * a change fails until the golden file is regenerated with `npm run golden -- --update` and
 * committed with the reason in the commit message.
 */
export interface GoldenFigures {
  /** Full BFS collecting every property: states, transitions, and the shortest trace length per property. */
  readonly bfs: { readonly states: number; readonly transitions: number; readonly traces: Readonly<Record<string, number>> };
  /**
   * `--por` collecting every property: stored states, steps taken, stored states the cycle
   * proviso completed, and the sleep sets' re-expansions.
   */
  readonly por: { readonly stored: number; readonly steps: number; readonly proviso: number; readonly reexpanded: number };
  /** `--symmetry` collecting every property: stored states. */
  readonly symmetry: { readonly states: number };
}

/** Where the pinned figures live, relative to the package root. */
export const GOLDEN_FILE = "test/golden/figures.json";

function collect(model: Model, strategy: Strategy): CheckResult {
  const r = check(model, { strategy, stopAtFirst: false });
  // A bound makes every count depend on where the search stopped: never pin such a figure.
  if (r.boundsHit.length > 0) throw new Error(`${model.name} --${strategy}: cut by ${r.boundsHit.join(", ")}`);
  return r;
}

/** The number a note reports before `what` (`/(\d+) what/`), 0 when no note says it. */
export function noted(r: CheckResult, what: string): number {
  const re = new RegExp(`(\\d+) ${what}`);
  for (const n of r.notes) {
    const m = re.exec(n);
    if (m) return Number(m[1]);
  }
  return 0;
}

/** The golden figures of one model. */
export function goldenFigures(build: () => Model): GoldenFigures {
  const bfs = collect(build(), "bfs");
  const traces: Record<string, number> = {};
  for (const v of [...bfs.violations].sort((a, b) => (a.property < b.property ? -1 : a.property > b.property ? 1 : 0))) traces[v.property] = v.choices.length;
  const por = collect(build(), "por");
  const sym = collect(build(), "symmetry");
  return {
    bfs: { states: bfs.stats.states, transitions: bfs.stats.transitions, traces },
    por: { stored: por.stats.states, steps: por.stats.transitions, proviso: noted(por, "of them completed by the cycle proviso"), reexpanded: noted(por, "stored states expanded again") },
    symmetry: { states: sym.stats.states },
  };
}

/** Every built-in scenario's figures, by name, in `socheck list` order. */
export function allGoldenFigures(names: readonly string[] = scenarios.map((s) => s.name)): Record<string, GoldenFigures> {
  const out: Record<string, GoldenFigures> = {};
  for (const name of names) out[name] = goldenFigures(scenarios.find((s) => s.name === name)!.build);
  return out;
}

/** The pinned figures, read from GOLDEN_FILE under `root`. */
export function readGolden(root = "."): Record<string, GoldenFigures> {
  return JSON.parse(readFileSync(`${root}/${GOLDEN_FILE}`, "utf8")) as Record<string, GoldenFigures>;
}

// `node dist/bench/golden.js` prints the figures; `--update` rewrites the golden file.
if (process.argv[1]?.endsWith("golden.js") || process.argv[1]?.endsWith("golden.ts")) {
  const figures = allGoldenFigures();
  // One line per scenario, so a change shows as one line in the diff.
  const text = `{\n${Object.entries(figures).map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(",\n")}\n}\n`;
  if (process.argv.includes("--update")) {
    writeFileSync(GOLDEN_FILE, text);
    console.log(`wrote ${GOLDEN_FILE} (${Object.keys(figures).length} scenarios); commit it with the reason in the message`);
  } else process.stdout.write(text);
}
