import { semBlock, semUnblock, tsleep, wakeup } from "../runtime/primitives.js";
import type { RoutineBuilder } from "../runtime/program.js";
import type { Channel, Semaphore } from "../runtime/sync.js";
import type { Kern } from "./structs.js";

/**
 * Where 4.4 sleeps on a channel Kyu blocks on a semaphore (reference §3): the flavor option picks
 * which, so each routine is written once.
 */
export function sleepOn(b: RoutineBuilder, K: Kern, site: string, chan: Channel, sem: Semaphore | null, cond: (s: Int32Array) => boolean, condText: string): void {
  if (sem) {
    // A latched semaphore keeps a post made after the release: releasing just before is enough.
    b.waitInterlock(site);
    semBlock(b, `sem_block(${sem.name})`, sem, cond, condText);
  } else tsleep(b, K.k, `tsleep(${chan.name})`, chan, cond, condText, site);
}

export function wakeOn(b: RoutineBuilder, K: Kern, chan: Channel, sem: Semaphore | null): void {
  if (sem) semUnblock(b, `sem_unblock(${sem.name})`, sem);
  else wakeup(b, K.k, `wakeup(${chan.name})`, chan);
}
