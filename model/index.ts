/**
 * `socheck/kernel`: the kernel model as a library. Everything the built-in scenarios are made of
 * is here, and nothing else is needed to write your own kernel: compose a scenario from data
 * (`composeKernel`), extend it with an extension (`KernelExtension`: fields, objects, locks that
 * live in objects, new routines, replaced routines, properties), protect sites and regions with a
 * placement, add the callout wheel, and hand the result to `check` from `socheck`.
 *
 * A routine is written with the same builder the built-ins use (`RoutineBuilder`: `step`,
 * `jumpIf`, `call`, `spl`/`splx`, `site`/`endSite`, `lock`/`unlock`, `rmw`) and the primitives
 * below (`free`, `tsleep`, `wakeup`, `semBlock`, `semUnblock`). See model/README-runtime.md and
 * the README's "Your own kernel" section.
 * @packageDocumentation
 */

// Composition: a scenario as data, extensions, the result as a checker Model.
export { composeKernel, composeKernelWith, combineExtensions, type KernelScenarioSpec, type KernelExtension } from "./compose/compose.js";
export type { KernelOptions, ContextSpec, InitialSpec, PeerSpec, AppProgram } from "./compose/options.js";
export { kernelScenario, type KernelScenarioDef } from "./compose/scenario-def.js";
export type { Scenario, Expectation } from "./scenario.js";
export { meetsExpectation } from "./scenario.js";
export { kernelScenarioFromJson, readKernelScenarioFile, ScenarioFileError } from "./compose/scenario-file.js";

// The runtime: the builder, routines, contexts, objects, locks and the composed model.
export { KernelBuilder, type Policy, type ThreadSpec, type InterruptSpec, type KernelLockDecl, type RoutineOverride } from "./runtime/kernel.js";
export { RoutineBuilder, Label, NEXT, type Exec, type Guard, type WaitInfo, type Footprint, type Routine } from "./runtime/program.js";
export { KernelModel, type EnvEvent, type ExtraInvariant } from "./runtime/kernel-model.js";
export { KernelError } from "./runtime/kernel-error.js";
export type { Ctx } from "./runtime/context.js";
export { ALLOCATED, FREED, UNALLOCATED, ObjectTable, type KObject, type ObjectKind } from "./runtime/objects.js";
export { Layout } from "./runtime/layout.js";
export type { Lock, Semaphore, Channel } from "./runtime/sync.js";
export type { TrackedWord } from "./runtime/tracked-word.js";
export { bitsFormatter, enumFormatter, type SlotFormatter } from "./runtime/layout.js";
export { SPL0, SPL_SOFTCLOCK, SPL_NET, SPL_IMP, SPL_CLOCK, SPL_HIGH, SPL_NAMES, splLevel } from "./runtime/spl.js";

// Primitives: steps the built-in routines are written with.
export { free, tsleep, wakeup, semBlock, semUnblock } from "./runtime/primitives.js";
export { allocObject } from "./runtime/faults.js";

// Placements: which protection each site and region gets.
export {
  validatePlacement,
  readPlacementFile,
  PlacementError,
  type Placement,
  type Protection,
  type SiteProtection,
  type WaitPolicy,
  type LockDecl,
} from "./runtime/placement.js";
export * as placements from "./placements/index.js";
export { KERNEL_SITES, SPL_SITES, ENTRY_SITES, WAIT_SITES } from "./kernel/sites.js";

// The kernel's structs and constants (BSD's names).
export type { Kern, SockBuf, Listen } from "./kernel/structs.js";
export * from "./kernel/constants.js";
export { setTcpState } from "./kernel/tcp.js";

// Callouts and storms.
export { calloutExtension, installCallouts, CalloutSpecError, type CalloutSpec } from "./callout/compose.js";
export { CALLOUT_VARIANTS, calloutVariant, type CalloutVariant } from "./callout/variant.js";
export { CalloutWheel, CALLOUT_SITES, SITE_CALLWHEEL, SITE_CALLOUT_LOCK, type Callout } from "./callout/wheel.js";
export { calloutPending, calloutActive, calloutExpired, calloutInvoking } from "./callout/callout.js";
export type { TimerName } from "./callout/tcp-timers.js";
export { closeStorm, STORM_PLACEMENTS, type StormPlacement } from "./compose/storm.js";
