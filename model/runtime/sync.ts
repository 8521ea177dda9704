import type { Layout } from "./layout.js";
import type { KObject, ObjectTable } from "./objects.js";

/**
 * Locks, semaphores and sleep channels (issue 3 §4).
 * - Lock: a mutex with an owner (context id + 1) and a recursion count; a non-recursive lock
 *   taken again by its owner never becomes available (self-deadlock), as Kyu's net_lock in a7aae57.
 * - Semaphore: Kyu's thread.c semaphores are binary and latch: an unblock with no waiter is
 *   remembered for the next block. A counting semaphore counts. Both are allocated objects, so
 *   sem_destroy twice is a double destroy and a block on a destroyed one a use after destroy.
 * - Channel: 4.4 tsleep/wakeup; a wakeup with no sleeper is lost (nothing latches).
 */
export interface Lock {
  readonly index: number;
  readonly name: string;
  readonly recursive: boolean;
  readonly owner: number;
  readonly count: number;
}

export interface Semaphore {
  readonly name: string;
  readonly obj: KObject;
  readonly count: number;
  readonly binary: boolean;
}

export interface Channel {
  readonly id: number;
  readonly name: string;
}

/** Counting semaphores saturate here so the state space stays finite. */
export const SEM_CAP = 3;

export function makeLock(layout: Layout, index: number, name: string, recursive: boolean, ownerFmt: (v: number) => string): Lock {
  return {
    index,
    name,
    recursive,
    owner: layout.slot(`${name}.owner`, 0, ownerFmt),
    count: layout.slot(`${name}.count`),
  };
}

export function makeSemaphore(objects: ObjectTable, name: string, opts: { binary?: boolean; init?: number; mustFree?: boolean; allocated?: boolean }): Semaphore {
  const obj = objects.declare(name, "semaphore", { mustFree: opts.mustFree ?? true, allocated: opts.allocated ?? true });
  return { name, obj, count: objects.field(obj, "count", opts.init ?? 0), binary: opts.binary ?? true };
}
