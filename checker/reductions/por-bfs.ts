import { BfsSearch } from "../strategies/bfs.js";
import type { PorMutation } from "../strategies/level-expansion.js";
import type { Model } from "../model.js";
import type { SearchOptions } from "../options.js";

/**
 * Breadth-first search over the partial-order-reduced graph (the "por" strategy): BFS with the
 * ample-set expansion and the BFS cycle proviso switched on (level-expansion.ts, por.ts).
 * `mutation` switches a soundness condition off (only the mutation tests do), or with `chain: false`
 * the chaining of single-step ample sets (the bench, to show what the ample sets do alone).
 */
export class PorBfsSearch extends BfsSearch {
  constructor(model: Model, opts: SearchOptions, mutation: PorMutation = {}) {
    super(model, opts, mutation, { por: true, symmetry: false });
  }
}
