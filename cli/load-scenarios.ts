import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { Scenario } from "../model/scenario.js";
import { readKernelScenarioFile } from "../model/compose/scenario-file.js";
import { UsageError } from "./usage-error.js";
import { findScenario, scenarios } from "../model/scenarios/index.js";
import { didYouMean } from "../model/runtime/did-you-mean.js";

/**
 * Loads user scenarios from compiled JavaScript modules (`--load FILE`), so users check their own
 * compositions with the same CLI. A module exports `scenarios` (an array) or a default array;
 * a .json file is one kernel scenario as data (model/compose/scenario-file.ts).
 */
/** The absolute file each loaded scenario came from, so parallel workers can load it again. */
export const loadedFrom = new WeakMap<Scenario, string>();

export async function loadScenarios(files: readonly string[]): Promise<Scenario[]> {
  const out: Scenario[] = [];
  for (const f of files) {
    const path = resolve(f);
    if (!existsSync(path)) throw new UsageError(`--load: no such file "${f}"`);
    if (path.endsWith(".json")) {
      // A kernel scenario as data (model/compose/scenario-file.ts): one-line errors become usage errors.
      try {
        const sc = readKernelScenarioFile(path);
        loadedFrom.set(sc, path);
        out.push(sc);
      } catch (e) {
        throw new UsageError(`--load: ${e instanceof Error ? e.message : String(e)}`);
      }
      continue;
    }
    let mod: Record<string, unknown>;
    try {
      mod = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
    } catch (e) {
      throw new UsageError(`--load: cannot import "${f}": ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`);
    }
    const list = (mod.scenarios ?? mod.default) as unknown;
    if (!Array.isArray(list)) throw new UsageError(`--load: "${f}" exports no "scenarios" array`);
    for (const [i, s] of list.entries()) {
      const sc = s as Partial<Scenario>;
      if (typeof sc?.name !== "string" || typeof sc.build !== "function" || !sc.expected)
        throw new UsageError(`--load: "${f}" scenario #${i} needs name, expected and build()`);
      const loaded = { summary: "", source: f, ...sc, group: "user" } as Scenario;
      loadedFrom.set(loaded, path);
      out.push(loaded);
    }
  }
  // A loaded scenario named like a built-in one (or another loaded one) would hide it or be hidden.
  const seen = new Set<string>();
  for (const s of out) {
    if (scenarios.some((b) => b.name === s.name)) throw new UsageError(`--load: scenario "${s.name}" (${s.source}) has the name of a built-in scenario; rename it`);
    if (seen.has(s.name)) throw new UsageError(`--load: two loaded scenarios are named "${s.name}"; rename one`);
    seen.add(s.name);
  }
  return out;
}

/** The scenarios `check` was asked for: all built-in ones with `--all`, what was loaded when no name is given, else each name (loaded ones first), one line with a suggestion when misspelt. */
export function resolveScenarios(names: readonly string[], all: boolean | undefined, extra: readonly Scenario[] = []): Scenario[] {
  if (all && names.length > 0) throw new UsageError("give scenario names or --all, not both");
  if (all) return [...scenarios.filter((s) => s.group !== "example"), ...extra];
  // `check --load mine.json`: what was loaded is what to check.
  if (names.length === 0 && extra.length > 0) return [...extra];
  if (names.length === 0) throw new UsageError("no scenario named: give one or more names, or --all (see `socheck list`)");
  return names.map((n) => {
    const s = extra.find((x) => x.name === n) ?? findScenario(n);
    if (!s) throw new UsageError(`unknown scenario "${n}"${didYouMean(n, [...extra, ...scenarios].map((x) => x.name))} (see \`socheck list\`)`);
    return s;
  });
}
