import { raceTable, isKernelModel } from "../../properties/races.js";
import { renderRaces } from "../../properties/races-render.js";
import { namedModel } from "../named-model.js";
import { UsageError } from "../usage-error.js";

/** `socheck races NAME`: the field-by-field race table of a kernel scenario. */
export async function runRaces(name: string, opts: { json?: boolean; markdown?: boolean; load?: string[]; maxStates?: number }): Promise<number> {
  const { model: m } = await namedModel(name, opts.load ?? []);
  if (!isKernelModel(m)) throw new UsageError(`races: "${name}" is not a kernel scenario (it has no fields or routines to tabulate)`);
  const t = raceTable(m, { maxStates: opts.maxStates });
  process.stdout.write(opts.json ? JSON.stringify(t, null, 2) + "\n" : renderRaces(t, opts.markdown ? "markdown" : "text"));
  return t.exhaustive ? 0 : 3;
}
