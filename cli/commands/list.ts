import { scenarios } from "../../model/scenarios/index.js";
import { describeExpected } from "../report.js";

/** `socheck list`: one line per scenario with its expected verdict. */
export function runList(opts: { json?: boolean }): number {
  if (opts.json) {
    process.stdout.write(JSON.stringify(scenarios.map(({ name, summary, source, group, expected }) => ({ name, summary, source, group, expected })), null, 2) + "\n");
    return 0;
  }
  const w = Math.max(...scenarios.map((s) => s.name.length));
  for (const s of scenarios) process.stdout.write(`${s.name.padEnd(w)}  ${s.summary}  [expect ${describeExpected(s.expected)}]\n`);
  return 0;
}
