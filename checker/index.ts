/** The domain-free engine's public surface. */
export * from "./model.js";
export * from "./options.js";
export * from "./result.js";
export type { Explorer } from "./explorer.js";
export { check, checkAsync, explorer, strategies } from "./check.js";
export { replay, type ReplayResult, type ReplayStep } from "./replay.js";
export { fingerprint, fingerprintHex, FP } from "./fingerprint.js";
export { VisitedTable } from "./visited.js";
export { Expander } from "./expander.js";
export { Prng } from "./prng.js";
export { WriteSetHash, undeclaredWrites, verifyWriteSets } from "./write-set-hash.js";
