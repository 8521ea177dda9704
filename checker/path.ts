import type { Expander } from "./expander.js";
import { NO_PARENT, type VisitedTable } from "./stores/visited.js";

/**
 * Rebuilds the choices leading from the initial state to state `id`: the visited table keeps,
 * per state, its parent and the choice taken from it, so this walks parents to the root and
 * reverses. `exp` and `hashSeed` are kept for callers; rebuild needs neither now.
 */
export function rebuildChoices(_exp: Expander, table: VisitedTable, id: number, _hashSeed: number): number[] {
  const choices: number[] = [];
  for (let s = id; table.parentOf(s) !== NO_PARENT; s = table.parentOf(s)) choices.push(table.choiceOf(s));
  return choices.reverse();
}
