import { didYouMean } from "../../model/runtime/did-you-mean.js";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { synthesize, SynthError, type SynthResult } from "../../properties/synthesize.js";
import { kernelScenarios } from "../../model/scenarios/kernel.js";
import { netbsdScenarios } from "../../model/scenarios/netbsd-pr20390.js";
import { UsageError } from "../usage-error.js";
import type { KernelExtension, KernelScenarioSpec } from "../../model/compose/compose.js";
import type { CalloutSpec } from "../../model/callout/compose.js";
import type { Scenario } from "../../model/scenario.js";
import { loadScenarios } from "../load-scenarios.js";

export interface SynthFlags {
  locks?: string;
  maxSize?: number;
  sites?: string;
  require?: string;
  fromScratch?: boolean;
  out?: string;
  json?: boolean;
  load?: string[];
}

const list = (s: string | undefined) => (s === undefined ? undefined : s.split(",").map((x) => x.trim()).filter(Boolean));

/** What synthesis needs of a scenario: the composition, and the extensions and callouts it is composed with. */
interface SynthTarget {
  readonly spec: KernelScenarioSpec;
  readonly extensions?: readonly KernelExtension[];
  readonly callouts?: CalloutSpec;
}

/** The named scenario as a composition: a loaded one (a kernelScenario module or a scenario file) first, then the built-in kernel and callout ones. */
async function synthTarget(name: string, load: readonly string[]): Promise<SynthTarget> {
  const loaded = (await loadScenarios(load)).find((s) => s.name === name) as (Scenario & Partial<SynthTarget>) | undefined;
  if (loaded) {
    if (!loaded.spec) throw new UsageError(`synthesize: loaded scenario "${name}" is not a kernel composition (make it with kernelScenario() or a scenario file)`);
    return loaded as SynthTarget;
  }
  const k = kernelScenarios.find((x) => x.spec.name === name) ?? netbsdScenarios.find((x) => x.spec.name === name);
  if (!k) {
    const names = [...kernelScenarios, ...netbsdScenarios].map((x) => x.spec.name);
    throw new UsageError(`synthesize: unknown kernel scenario "${name}"${didYouMean(name, names)} (kernel scenarios: ${names.join(", ")})`);
  }
  return k;
}

/** `socheck synthesize NAME`: every minimal safe placement within the size, ranked; each written as a placement file with --out. */
export async function runSynthesize(name: string, f: SynthFlags): Promise<number> {
  const k = await synthTarget(name, f.load ?? []);
  let r: SynthResult;
  try {
    r = synthesize(k.spec, {
      locks: list(f.locks),
      maxSize: f.maxSize,
      sites: list(f.sites),
      require: list(f.require)?.map((x) => x.replace(/=/, ": ")),
      fromScratch: f.fromScratch,
      callouts: k.callouts,
      extensions: k.extensions,
    });
  } catch (e) {
    if (e instanceof SynthError) throw new UsageError(e.message);
    throw e;
  }
  const files = f.out ? writeMinimal(f.out, k.spec, r, (k.extensions ?? []).length === 0) : [];
  if (f.json) {
    process.stdout.write(JSON.stringify(r, null, 2) + "\n");
    return 0;
  }
  const out: string[] = [];
  out.push(
    `${r.scenario}: ${r.checked} placements decided, ${r.searched} by exhaustive search and ${r.refutedByReplay} refuted by replaying a counterexample found for another (${r.cacheHits} verdicts reused), up to ${r.maxSize} added protections, ${(r.elapsedMs / 1000).toFixed(1)} s`,
  );
  out.push(`candidates: ${r.atoms.join("; ")}`, "");
  if (r.minimal.length === 0) out.push(`no safe placement within ${r.maxSize} added protections`);
  else out.push(`minimal safe placements (safe by an exhaustive search; no protection can be removed), least serialising first:`);
  r.minimal.forEach((m, i) =>
    out.push(`  ${String(i + 1).padStart(2)}. ${m.atoms.join(" + ") || "(as it is)"}   ${m.locksUsed === 0 ? "no lock" : `${(m.serialisation * 100).toFixed(1)}% of ${m.states.toLocaleString("en-US")} states under each lock (mean)`}${files[i] ? `  → ${files[i]}` : ""}`),
  );
  out.push("", "rejected, each with a counterexample (--json lists every one with its choices):");
  for (const x of r.rejected)
    out.push(`  ${String(x.count).padStart(4)} × ${x.property}, e.g. ${x.example.atoms.join(" + ") || "(nothing added)"}${x.example.traceLength !== undefined ? ` (${x.example.traceLength} steps, by ${x.example.counterexample?.by})` : ""}`);
  if (r.refused.length) out.push("", `not placements (the kernel refuses them, or their search was not exhaustive): ${r.refused.length}, e.g. ${r.refused[0]!.atoms.join(" + ")}: ${r.refused[0]!.reason}`);
  process.stdout.write(out.join("\n") + "\n");
  return 0;
}

/**
 * Writes each minimal placement as DIR/NAME.minimal-K.placement.json and, beside it, a scenario
 * file DIR/NAME.minimal-K.json (the scenario with that placement, expected safe) that
 * `socheck check --load` takes. Returns the files' names: the placement file alone where a scenario
 * file cannot say the scenario (its extensions are code; a combination of callout fixes no variant
 * is named for).
 */
function writeMinimal(dir: string, spec: KernelScenarioSpec, r: SynthResult, asData: boolean): string[] {
  mkdirSync(dir, { recursive: true });
  return r.minimal.map((m, i) => {
    const base = `${spec.name}.minimal-${i + 1}`;
    writeFileSync(join(dir, `${base}.placement.json`), JSON.stringify({ ...m.placement, name: `${spec.name}-minimal-${i + 1}` }, null, 2) + "\n");
    if (!asData || (m.callouts && typeof m.callouts.variant !== "string")) return `${base}.placement.json`;
    const scenario = {
      name: `${spec.name}-minimal-${i + 1}`,
      summary: `${spec.name} with ${m.atoms.join(" + ") || "its own placement"} (socheck synthesize)`,
      expected: { verdict: "safe" },
      policy: spec.policy,
      placement: `${base}.placement.json`,
      options: spec.options,
      initial: spec.initial,
      contexts: spec.contexts,
      peer: spec.peer,
      ...(m.callouts ? { callouts: m.callouts } : {}),
    };
    writeFileSync(join(dir, `${base}.json`), JSON.stringify(scenario, null, 2) + "\n");
    return `${base}.json`;
  });
}
