/**
 * What a depth-first search (dfs.ts) tells an observer as it goes, for bookkeeping beside the
 * search that the search itself does not need: bitstate's omission count (omission-census.ts)
 * follows the stack and the states taken for seen. DfsSearch holds null when there is none, so
 * the exact-table search pays one null check per event.
 */
export interface DepthFirstObserver {
  /**
   * A state generated at `depth` (0 for an initial state), fingerprint (hi, lo), was found in the
   * visited set and not pushed; `transitions` is the search's count so far.
   */
  onSeen(state: Int32Array, hi: number, lo: number, depth: number, transitions: number): void;
  /** The search pushed the state whose fingerprint is (hi, lo) at `depth`. */
  enter(depth: number, hi: number, lo: number): void;
  /** The search popped the state at `depth`. */
  leave(depth: number): void;
  /** The search ended: `finished` when it ran out of states, not cut by a violation or a bound. */
  end(finished: boolean): void;
}
