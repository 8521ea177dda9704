import type { Model } from "./model.js";

/**
 * Where a worker thread can rebuild a model: a module URL, an exported function and its
 * arguments. The function may return a Model or anything with build() (a scenario, for
 * example `{ module: <model/scenarios/index.js>, export: "findScenario", args: [name] }`).
 */
export interface ModelSource {
  readonly module: string;
  readonly export: string;
  readonly args?: readonly unknown[];
}

/** Builds the model `source` names: calls the export, awaits it, and builds what it returns if that is a scenario. */
export async function loadModel(source: ModelSource): Promise<Model> {
  const mod = (await import(source.module)) as Record<string, unknown>;
  const f = mod[source.export];
  if (typeof f !== "function") throw new Error(`${source.module} has no function ${source.export}`);
  // A function may be async (a user module loaded by file, cli/loaded-scenario.ts).
  const made = await (f as (...a: unknown[]) => unknown)(...(source.args ?? []));
  if (made && typeof (made as { build?: unknown }).build === "function") return (made as { build(): Model }).build();
  if (!made) throw new Error(`${source.export}(${JSON.stringify(source.args ?? [])}) returned nothing`);
  return made as Model;
}
