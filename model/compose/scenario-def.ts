import type { KernelModel } from "../runtime/kernel-model.js";
import type { Expectation, Scenario } from "../scenario.js";
import { composeKernel, type KernelExtension, type KernelScenarioSpec } from "./compose.js";

/** A kernel scenario as a user writes it: the composition, its extensions, and what its source says. */
export interface KernelScenarioDef {
  /** The composition; its `name` is the scenario's. */
  readonly spec: KernelScenarioSpec;
  /** The user's kernel: fields, locks, routines and replacements (applied in order). */
  readonly extensions?: readonly KernelExtension[];
  /** One line for `socheck list`. */
  readonly summary: string;
  /** Where the case comes from: a commit, a file and function. */
  readonly source: string;
  /** The verdict the source calls for; data beside the scenario, never read by the search. */
  readonly expected: Expectation;
  /** "user" (the default) for scenarios from outside; the built-in ones say "seed". */
  readonly group?: Scenario["group"];
}

/**
 * A `Scenario` (what `socheck check --load` and `check` take) from a kernel composition. The
 * model is composed anew on each `build()`, so a scenario module can be loaded once and checked
 * under several strategies.
 */
export function kernelScenario(def: KernelScenarioDef): Scenario & { readonly spec: KernelScenarioSpec; readonly extensions: readonly KernelExtension[]; build(): KernelModel } {
  return {
    name: def.spec.name,
    summary: def.summary,
    source: def.source,
    group: def.group ?? "user",
    expected: def.expected,
    spec: def.spec,
    // Kept so commands that compose variants of it (synthesize) can compose the same kernel.
    extensions: def.extensions ?? [],
    build: () => composeKernel(def.spec, def.extensions ?? []),
  };
}
