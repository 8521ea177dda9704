import { NO_PARENT } from "./stores/visited.js";

/** A visited set that keeps, per state, its parent and the choice taken from it (visited.ts, shared-table.ts). */
export interface ParentLinks {
  parentOf(id: number): number;
  choiceOf(id: number): number;
}

/** The choices leading from the initial state to state `id`: walks parents to the root and reverses. */
export function rebuildChoices(table: ParentLinks, id: number): number[] {
  const choices: number[] = [];
  for (let s = id; table.parentOf(s) !== NO_PARENT; s = table.parentOf(s)) choices.push(table.choiceOf(s));
  return choices.reverse();
}

/** Which initial state `id` descends from: a root keeps its number where other states keep a choice. */
export function initialOf(table: ParentLinks, id: number): number {
  let s = id;
  while (table.parentOf(s) !== NO_PARENT) s = table.parentOf(s);
  return Math.max(0, table.choiceOf(s));
}
