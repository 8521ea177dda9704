/** The domain-free engine's public surface. */
export * from "./model.js";
export { ModelError, type ModelErrorData } from "./model-error.js";
export { checkModelShape } from "./contract.js";
export * from "./options.js";
export * from "./result.js";
export type { Explorer } from "./explorer.js";
export type { ModelSource } from "./model-source.js";
export { check, checkAsync, explorer, runSlice, strategies } from "./check.js";
export { replay, type ReplayResult, type ReplayStep } from "./replay.js";
export { fingerprint, fingerprintHex, FP } from "./stores/fingerprint.js";
export { VisitedTable } from "./stores/visited.js";
export { FingerprintIds } from "./stores/fingerprint-ids.js";
export { StateQueue } from "./stores/state-queue.js";
export { Expander } from "./expander.js";
export { Prng } from "./prng.js";
export { WriteSetHash, undeclaredWrites, verifyWriteSets } from "./stores/write-set-hash.js";
