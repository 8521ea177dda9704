import { scenarios } from "../../model/scenarios/index.js";
import { loadScenarios } from "../load-scenarios.js";
import { describeExpected } from "../report.js";

/** `socheck list [--load FILE]...`: one line per scenario, built-in then loaded, with its expected verdict. */
export async function runList(opts: { json?: boolean; load?: string[] }): Promise<number> {
  const all = [...scenarios, ...(await loadScenarios(opts.load ?? []))];
  if (opts.json) {
    process.stdout.write(JSON.stringify(all.map(({ name, summary, source, group, expected }) => ({ name, summary, source, group, expected })), null, 2) + "\n");
    return 0;
  }
  const w = Math.max(...all.map((s) => s.name.length));
  for (const s of all) process.stdout.write(`${s.name.padEnd(w)}  ${s.summary}  [expect ${describeExpected(s.expected)}]\n`);
  return 0;
}
