import type { Layout } from "./layout.js";
import type { KObject, ObjectTable } from "./objects.js";
import type { TrackedWordRef } from "./program.js";

/**
 * A shared word (so_state) whose bit updates are tracked for lost updates (issue 5): every
 * read-modify-write also records, in two ghost words, the bits its writer meant to set and to
 * clear. The word must always agree with the latest intention for each bit; a store computed
 * from a stale load that undoes another writer's change breaks that, at the store that does it.
 * This is the writer's intention, not a guess from a later hang.
 */
export interface TrackedWord extends TrackedWordRef {
  readonly obj: KObject;
}

export function trackedWord(layout: Layout, objects: ObjectTable, obj: KObject, field: string, init: number, format?: (v: number) => string): TrackedWord {
  const slot = objects.field(obj, field, init, format);
  return {
    obj,
    name: `${obj.name}.${field}`,
    slot,
    ghostSet: layout.slot(`${obj.name}.${field}.ghost.set`, 0, format),
    ghostClear: layout.slot(`${obj.name}.${field}.ghost.clear`, 0, format),
  };
}

/** Records an intended update: the latest writer of a bit decides its expected value. */
export function recordIntent(s: Int32Array, w: TrackedWordRef, set: number, clear: number): void {
  s[w.ghostSet] = (s[w.ghostSet]! & ~clear) | set;
  s[w.ghostClear] = (s[w.ghostClear]! & ~set) | clear;
}

/** Bits whose latest intended change is not in the word (0 when none was lost). */
export function lostBits(s: Int32Array, w: TrackedWordRef): number {
  const v = s[w.slot]!;
  return (s[w.ghostSet]! & ~v) | (s[w.ghostClear]! & v);
}
