/**
 * What a search asks of its visited set, so one loop runs over either kind: the exact table
 * (visited.ts: every fingerprint, with a parent link) or bitstate's bit array
 * (bitstate-set.ts: a few bits a state, no links, may take a new state for seen).
 */
export interface VisitedStore {
  /** Stores fingerprint (hi, lo), reached from `parent` by `choice`; returns an id ≥ 0 if it was new, else a negative number. */
  insert(hi: number, lo: number, parent: number, choice: number): number;
  /** Whether (hi, lo) counts as stored. */
  has(hi: number, lo: number): boolean;
  /** States stored. */
  readonly size: number;
  /** Bytes held. */
  readonly bytes: number;
}
