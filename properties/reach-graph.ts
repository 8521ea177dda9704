/**
 * The explored state graph kept as a list of edges, with the findings met at each state, so that
 * "which properties can still break from here?" is one lookup for every state at once instead of
 * one search per question. The race table asks it of the two states a pair's orders reach; before
 * this it searched on from each of them, which cost more than the whole exploration.
 *
 * A finding met at a state (an invariant it breaks, a deadlock, an assertion one of its steps
 * raises) is a bit; `close` propagates the bits backwards along the edges (each state's set only
 * grows, at most once per bit, so the worklist ends after O(bits · edges) work).
 */
export class ReachGraph {
  private from: Int32Array = new Int32Array(1 << 12);
  private to: Int32Array = new Int32Array(1 << 12);
  private edges = 0;
  private own: Int32Array = new Int32Array(1 << 12);
  private states = 0;
  private readonly bits = new Map<string, number>();
  /** Property names by bit, in the order they were first met. */
  readonly names: string[] = [];
  private reach: Int32Array | null = null;

  /** Records a transition between two state ids. */
  edge(a: number, b: number): void {
    if (this.edges === this.from.length) {
      this.from = grow(this.from);
      this.to = grow(this.to);
    }
    this.from[this.edges] = a;
    this.to[this.edges++] = b;
  }

  /** Records that `name` is found at state `id` (broken there, or raised by one of its steps). */
  finding(id: number, name: string): void {
    let bit = this.bits.get(name);
    if (bit === undefined) {
      bit = this.names.length;
      if (bit >= 31) throw new Error("more than 31 distinct properties in one state graph");
      this.bits.set(name, bit);
      this.names.push(name);
    }
    while (id >= this.own.length) this.own = grow(this.own);
    this.own[id]! |= 1 << bit;
  }

  /** Computes, for each of the `states` ids, the findings reachable from it. */
  close(states: number): void {
    this.states = states;
    const reach = new Int32Array(states);
    reach.set(this.own.subarray(0, Math.min(states, this.own.length)));
    // Predecessor lists (compressed rows over the edges' targets).
    const start = new Int32Array(states + 1);
    for (let e = 0; e < this.edges; e++) start[this.to[e]! + 1]!++;
    for (let v = 0; v < states; v++) start[v + 1]! += start[v]!;
    const fill = start.slice(0, states);
    const preds = new Int32Array(this.edges);
    for (let e = 0; e < this.edges; e++) preds[fill[this.to[e]!]!++] = this.from[e]!;
    const work: number[] = [];
    for (let v = 0; v < states; v++) if (reach[v] !== 0) work.push(v);
    while (work.length > 0) {
      const v = work.pop()!;
      const m = reach[v]!;
      for (let i = start[v]!; i < start[v + 1]!; i++) {
        const u = preds[i]!;
        if ((reach[u]! | m) !== reach[u]) {
          reach[u]! |= m;
          work.push(u);
        }
      }
    }
    this.reach = reach;
  }

  /** The findings reachable from state `id` (after `close`), as names in first-met order. */
  reachable(id: number): string[] {
    if (this.reach === null || id < 0 || id >= this.states) throw new Error(`no closed state ${id}`);
    const m = this.reach[id]!;
    return this.names.filter((_, b) => (m & (1 << b)) !== 0);
  }
}

function grow(a: Int32Array): Int32Array {
  const b = new Int32Array(a.length * 4);
  b.set(a);
  return b;
}
