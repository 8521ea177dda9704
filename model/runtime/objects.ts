import { enumFormatter, type Layout } from "./layout.js";

/**
 * Allocated kernel objects and their ghost lifecycle. Every object (socket, tcpcb, inpcb,
 * semaphore, mutex, callout) has a ghost word: unallocated, allocated, freed. Steps never test
 * these by hand: the runtime checks every object a step touches (from its footprint) and every
 * object it frees, so scenarios get use-after-free, double free and leak checks without writing them.
 */
/**
 * What an object is, as faults name it ("uses freed socket so"). The built-in kinds are listed; a
 * user kernel may name its own ("netns", "request_sock"): such an object is freed, not destroyed.
 */
export type ObjectKind = "socket" | "tcpcb" | "inpcb" | "semaphore" | "mutex" | "callout" | "buffer" | (string & {});

export const UNALLOCATED = 0;
export const ALLOCATED = 1;
export const FREED = 2;

const aliveFmt = enumFormatter(["unallocated", "allocated", "freed"]);

export interface KObject {
  readonly id: number;
  readonly name: string;
  readonly kind: ObjectKind;
  /** Ghost: UNALLOCATED, ALLOCATED or FREED. */
  readonly alive: number;
  /** Ghost: context id + 1 that freed it first, and the instruction + 1 that did. */
  readonly freedBy: number;
  readonly freedAt: number;
  /** Whether the end-of-run check demands it was freed (objects that outlive the scenario say no). */
  readonly mustFree: boolean;
}

/** Semaphores and mutexes are destroyed, not freed: their faults have their own property names. */
export function isSyncObject(kind: ObjectKind): boolean {
  return kind === "semaphore" || kind === "mutex";
}

export class ObjectTable {
  readonly list: KObject[] = [];

  constructor(private readonly layout: Layout) {}

  declare(name: string, kind: ObjectKind, opts: { allocated?: boolean; mustFree?: boolean } = {}): KObject {
    const id = this.list.length;
    const l = this.layout;
    const o: KObject = {
      id,
      name,
      kind,
      alive: l.slot(`${name}.ghost.alive`, opts.allocated === false ? UNALLOCATED : ALLOCATED, aliveFmt),
      freedBy: l.slot(`${name}.ghost.freedBy`),
      freedAt: l.slot(`${name}.ghost.freedAt`),
      mustFree: opts.mustFree ?? true,
    };
    this.list.push(o);
    return o;
  }

  /** A field of `obj`: a slot whose every access counts as touching the object. */
  field(obj: KObject, name: string, init = 0, format?: (v: number) => string): number {
    return this.layout.slot(`${obj.name}.${name}`, init, format, obj.id);
  }

  get(id: number): KObject {
    const o = this.list[id];
    if (!o) throw new Error(`no object ${id}`);
    return o;
  }
}
