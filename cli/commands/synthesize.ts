import { didYouMean } from "../../model/runtime/did-you-mean.js";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { synthesize, SynthError, type SynthResult } from "../../properties/synthesize.js";
import { kernelScenarios } from "../../model/scenarios/kernel.js";
import { netbsdScenarios } from "../../model/scenarios/netbsd-pr20390.js";
import { UsageError } from "../usage-error.js";

export interface SynthFlags {
  locks?: string;
  maxSize?: number;
  sites?: string;
  require?: string;
  fromScratch?: boolean;
  out?: string;
  json?: boolean;
}

const list = (s: string | undefined) => (s === undefined ? undefined : s.split(",").map((x) => x.trim()).filter(Boolean));

/** `socheck synthesize NAME`: every minimal safe placement within the size, ranked; each written as a placement file with --out. */
export function runSynthesize(name: string, f: SynthFlags): number {
  const sc = kernelScenarios.find((k) => k.spec.name === name);
  if (!sc) {
    const names = kernelScenarios.map((k) => k.spec.name);
    if (netbsdScenarios.some((k) => k.spec.name === name)) throw new UsageError(`synthesize: ${name} needs its callout extension, which synthesis does not take yet`);
    throw new UsageError(`synthesize: unknown kernel scenario "${name}"${didYouMean(name, names)} (kernel scenarios: ${names.join(", ")})`);
  }
  let r: SynthResult;
  try {
    r = synthesize(sc.spec, { locks: list(f.locks), maxSize: f.maxSize, sites: list(f.sites), require: list(f.require)?.map((x) => x.replace(/=/, ": ")), fromScratch: f.fromScratch });
  } catch (e) {
    if (e instanceof SynthError) throw new UsageError(e.message);
    throw e;
  }
  if (f.out) {
    mkdirSync(f.out, { recursive: true });
    r.minimal.forEach((m, i) => writeFileSync(join(f.out!, `${name}.minimal-${i + 1}.placement.json`), JSON.stringify({ ...m.placement, name: `${name}-minimal-${i + 1}` }, null, 2) + "\n"));
  }
  if (f.json) {
    process.stdout.write(JSON.stringify(r, null, 2) + "\n");
    return 0;
  }
  const out: string[] = [];
  out.push(`${r.scenario}: ${r.checked} placements checked exhaustively (${r.cacheHits} verdicts reused), up to ${r.maxSize} added protections, ${(r.elapsedMs / 1000).toFixed(1)} s`);
  out.push(`candidates: ${r.atoms.join("; ")}`, "");
  if (r.minimal.length === 0) out.push(`no safe placement within ${r.maxSize} added protections`);
  else out.push(`minimal safe placements (no protection can be removed), least serialising first:`);
  r.minimal.forEach((m, i) =>
    out.push(`  ${String(i + 1).padStart(2)}. ${m.atoms.join(" + ") || "(as it is)"}   ${(m.serialisation * 100).toFixed(1)}% of ${m.states.toLocaleString("en-US")} states under the lock${f.out ? `  → ${name}.minimal-${i + 1}.placement.json` : ""}`),
  );
  out.push("", "rejected (each by an exhaustive search that found a counterexample):");
  for (const x of r.rejected) out.push(`  ${String(x.count).padStart(4)} × ${x.property}, e.g. ${x.example.atoms.join(" + ") || "(nothing added)"}${x.example.traceLength !== undefined ? ` (${x.example.traceLength} steps)` : ""}`);
  process.stdout.write(out.join("\n") + "\n");
  return 0;
}
