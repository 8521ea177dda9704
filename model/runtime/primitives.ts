import type { Ctx } from "./context.js";
import { freeObject } from "./faults.js";
import type { ComposedKernel } from "./composed.js";
import type { KObject } from "./objects.js";
import type { RoutineBuilder } from "./program.js";
import { SEM_CAP, type Channel, type Semaphore } from "./sync.js";

/**
 * Blocking and waking primitives as steps. Declare the contexts before the routines that use
 * wakeup: its footprint is every context's sleep word.
 */

/**
 * 4.4 tsleep (kern_synch.c): sleep on `chan` until a wakeup on it. The sleep itself saves the
 * spl and lets the CPU drop to spl0 (under bsd-up), so interrupts run while the process sleeps;
 * waking restores the saved level. A wakeup before the sleep is lost: nothing latches.
 */
export function tsleep(b: RoutineBuilder, k: ComposedKernel, label: string, chan: Channel, cond: (s: Int32Array) => boolean, condText: string, site?: string): void {
  const cpu = k.cpuSpl;
  const up = k.policy === "bsd-up";
  b.step(
    label,
    // Only bsd-up's tsleep touches the spl; declaring it elsewhere made every sleeper look
    // dependent on every interrupt delivery (footprint oracle: test/model/runtime).
    up ? { reads: [cpu], writes: [cpu] } : {},
    (s, c) => {
      s[c.sleep] = chan.id + 1;
      if (up) {
        s[c.savedSpl] = s[cpu]!;
        s[cpu] = 0;
      }
    },
    { sleeps: true },
  );
  // Registered on the channel first, so a wakeup after an interlocked release is not lost.
  if (site) b.waitInterlock(site);
  b.step(
    `${label}:woken`,
    up ? { reads: [cpu], writes: [cpu] } : {},
    (s, c) => {
      if (up) {
        s[cpu] = s[c.savedSpl]!;
        s[c.savedSpl] = 0;
      }
    },
    { guard: (s, c) => s[c.sleep] === 0, wait: { what: chan.name, condition: cond, conditionText: condText }, sleeps: true },
  );
}

/** 4.4 wakeup (kern_synch.c): every context asleep on `chan` becomes runnable. */
export function wakeup(b: RoutineBuilder, k: ComposedKernel, label: string, chan: Channel): void {
  const ctxs = k.contexts;
  const id = chan.id + 1;
  b.step(label, { writes: ctxs.map((c) => c.sleep) }, (s) => {
    for (let i = 0; i < ctxs.length; i++) if (s[ctxs[i]!.sleep] === id) s[ctxs[i]!.sleep] = 0;
  });
}

/** Kyu thread.c sem_block: take the semaphore, waiting while it is 0 (a latched post is taken at once). */
export function semBlock(b: RoutineBuilder, label: string, sem: Semaphore, cond: (s: Int32Array) => boolean, condText: string): void {
  const n = sem.count;
  const binary = sem.binary;
  b.step(
    label,
    { reads: [n], writes: [n] },
    (s) => {
      s[n] = binary ? 0 : s[n]! - 1;
    },
    { guard: (s) => s[n]! > 0, wait: { what: sem.name, condition: cond, conditionText: condText } },
  );
}

/** Kyu thread.c sem_unblock: wake a waiter, or latch the post for the next sem_block. */
export function semUnblock(b: RoutineBuilder, label: string, sem: Semaphore): void {
  const n = sem.count;
  const binary = sem.binary;
  b.step(label, { reads: [n], writes: [n] }, (s) => {
    s[n] = binary ? 1 : Math.min(SEM_CAP, s[n]! + 1);
  });
}

/** free()/k_sock_free()/sem_destroy(): the lifecycle ghost checks a second free. */
export function free(b: RoutineBuilder, label: string, obj: KObject, extra?: (s: Int32Array, c: Ctx) => void): void {
  b.step(label, { writes: [obj.alive, obj.freedBy, obj.freedAt] }, (s, c) => {
    freeObject(s, c, obj);
    extra?.(s, c);
  });
}
