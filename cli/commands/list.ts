import { KernelModel } from "../../model/runtime/kernel-model.js";
import { describeKernel } from "../../model/runtime/describe.js";
import * as placements from "../../model/placements/index.js";
import type { Placement } from "../../model/runtime/placement.js";
import { scenarios } from "../../model/scenarios/index.js";
import { loadScenarios } from "../load-scenarios.js";
import { describeExpected } from "../report.js";

/** `socheck list [--load FILE]...`: one line per scenario, built-in then loaded, with its expected verdict; or the built-in placements, or the kernel's sites. */
export async function runList(opts: { json?: boolean; load?: string[]; placements?: boolean; sites?: boolean }): Promise<number> {
  if (opts.placements) return listPlacements(opts.json);
  if (opts.sites) return listSites(opts.json);
  const all = [...scenarios, ...(await loadScenarios(opts.load ?? []))];
  if (opts.json) {
    process.stdout.write(JSON.stringify(all.map(({ name, summary, source, group, expected }) => ({ name, summary, source, group, expected })), null, 2) + "\n");
    return 0;
  }
  const w = Math.max(...all.map((s) => s.name.length));
  for (const s of all) process.stdout.write(`${s.name.padEnd(w)}  ${s.summary}  [expect ${describeExpected(s.expected)}]\n`);
  return 0;
}

/** The placements the built-in scenarios use, as the JSON a placement file holds. */
function listPlacements(json?: boolean): number {
  const list = Object.values(placements) as Placement[];
  if (json) {
    process.stdout.write(JSON.stringify(list, null, 2) + "\n");
    return 0;
  }
  for (const p of list) {
    const sites = Object.entries(p.sites ?? {}).map(([s, v]) => `${s}: ${typeof v === "string" ? v : JSON.stringify(v)}`);
    const parts = [
      `default ${typeof (p.default ?? "spl") === "string" ? (p.default ?? "spl") : JSON.stringify(p.default)}`,
      ...(Object.keys(p.locks ?? {}).length ? [`locks ${Object.entries(p.locks!).map(([n, d]) => `${n}${d.recursive ? " (recursive)" : ""}`).join(", ")}`] : []),
      ...(sites.length ? [`sites {${sites.join(", ")}}`] : []),
      ...(Object.keys(p.waits ?? {}).length ? [`waits ${JSON.stringify(p.waits)}`] : []),
      ...(p.rmw ? [`rmw ${p.rmw}`] : []),
    ];
    process.stdout.write(`${p.name}\n  ${parts.join("\n  ")}\n`);
  }
  return 0;
}

/** Every site, region and wait site the built-in kernels' routines declare, with where each is. */
function listSites(json?: boolean): number {
  const sites = new Map<string, { kind: string; levels: Set<string>; routines: Set<string> }>();
  const waits = new Map<string, Set<string>>();
  for (const sc of scenarios) {
    const m = sc.build();
    if (!(m instanceof KernelModel)) continue;
    const d = describeKernel(m);
    for (const s of d.sites) {
      const e = sites.get(s.name) ?? { kind: s.kind, levels: new Set<string>(), routines: new Set<string>() };
      s.levels.forEach((l) => e.levels.add(l));
      s.routines.forEach((r) => e.routines.add(r.replace(/#\d+$/, "")));
      sites.set(s.name, e);
    }
    for (const w of d.waits) w.routines.forEach((r) => waits.set(w.name, (waits.get(w.name) ?? new Set()).add(r.replace(/#\d+$/, ""))));
  }
  const rows = [...sites].sort(([a], [b]) => a.localeCompare(b)).map(([name, e]) => ({ name, kind: e.kind, levels: [...e.levels], routines: [...e.routines] }));
  const waitRows = [...waits].sort(([a], [b]) => a.localeCompare(b)).map(([name, rs]) => ({ name, routines: [...rs] }));
  if (json) {
    process.stdout.write(JSON.stringify({ sites: rows, waits: waitRows }, null, 2) + "\n");
    return 0;
  }
  process.stdout.write("sites (a placement maps each to spl, none, a lock, or a list of them)\n");
  for (const r of rows) process.stdout.write(`  ${r.name.padEnd(22)} ${(r.kind + (r.levels.length ? ` ${r.levels.join("/")}` : "")).padEnd(18)} in ${r.routines.join(", ")}\n`);
  process.stdout.write("wait sites (hold, release or interlock)\n");
  for (const w of waitRows) process.stdout.write(`  ${w.name.padEnd(22)} in ${w.routines.join(", ")}\n`);
  return 0;
}
