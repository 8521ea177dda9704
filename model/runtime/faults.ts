import type { Finding, Invariant } from "../../checker/index.js";
import type { Ctx } from "./context.js";
import type { ComposedKernel } from "./composed.js";
import { ALLOCATED, FREED, isSyncObject, type KObject } from "./objects.js";
import type { Instr } from "./program.js";

/**
 * Lifecycle faults (issue 3 §5), detected inside the step that commits them and recorded in the
 * faulting context's ghost words: the first double free, double destroy, and use of a freed
 * object. Freed memory keeps its contents (nothing reuses it in the model), so execution goes on
 * as it did on the Kyu board, where sofree read the freed socket and then freed it and its
 * semaphores again. The fault is reported as soon as the faulting context finishes its entry call
 * (returns to its idle point or ends), with every fault of that call in one message; a run that
 * deadlocks or ends first reports it there. This way one counterexample shows the whole damage
 * (kyu-stubbed-spl: the double sofree, the double sem_destroy and the reads of freed memory).
 */

/** A step touched `obj`'s fields: a use after free (or after destroy) unless it is allocated. */
export function touchObject(s: Int32Array, c: Ctx, obj: KObject): void {
  if (s[obj.alive] === ALLOCATED) return;
  if (s[c.fUse] === 0) {
    s[c.fUse] = obj.id + 1;
    s[c.fUseAt] = s[c.pc]! + 1;
  }
}

/** free()/sem_destroy(): a second free of the same object is a double free (or destroy). */
export function freeObject(s: Int32Array, c: Ctx, obj: KObject): void {
  if (s[obj.alive] === FREED) {
    const slot = isSyncObject(obj.kind) ? c.fDoubleDestroy : c.fDoubleFree;
    if (s[slot] === 0) {
      s[slot] = obj.id + 1;
      s[slot + 1] = s[c.pc]! + 1;
    }
    return;
  }
  if (s[obj.alive] !== ALLOCATED) touchObject(s, c, obj);
  s[obj.alive] = FREED;
  s[obj.freedBy] = c.id + 1;
  s[obj.freedAt] = s[c.pc]! + 1;
}

/** allocate (sonewconn's child, a callout): an object comes to life. */
export function allocObject(s: Int32Array, obj: KObject): void {
  s[obj.alive] = ALLOCATED;
  s[obj.freedBy] = 0;
  s[obj.freedAt] = 0;
}

type FaultProperty = "double-free" | "double-destroy" | "callout-after-free" | "use-after-destroy" | "use-after-free";
const ORDER: readonly FaultProperty[] = ["double-free", "double-destroy", "callout-after-free", "use-after-destroy", "use-after-free"];

export class Faults {
  constructor(
    private readonly k: ComposedKernel,
    private readonly instrs: readonly Instr[],
  ) {}

  private where(at: number): string {
    const i = this.instrs[at - 1];
    return i ? `${i.routine}:${i.label}` : "?";
  }

  private useProperty(c: Ctx, obj: KObject): FaultProperty {
    if (isSyncObject(obj.kind)) return "use-after-destroy";
    return c.runsCallouts ? "callout-after-free" : "use-after-free";
  }

  /** The most severe property `c` has faulted on (describe's first), or null. */
  private worst(s: Int32Array, c: Ctx): FaultProperty | null {
    if (s[c.fDoubleFree]! > 0) return "double-free";
    if (s[c.fDoubleDestroy]! > 0) return "double-destroy";
    if (s[c.fUse]! > 0) return this.useProperty(c, this.k.objects.get(s[c.fUse]! - 1));
    return null;
  }

  /** The properties `c` has faulted on, most severe first, with one sentence each. */
  private describe(s: Int32Array, c: Ctx): { property: FaultProperty; text: string }[] {
    const out: { property: FaultProperty; text: string }[] = [];
    const objs = this.k.objects;
    const freer = (o: KObject) => `first freed by ${this.k.ownerName(s[o.freedBy]!)} at ${this.where(s[o.freedAt]!)}`;
    if (s[c.fDoubleFree]! > 0) {
      const o = objs.get(s[c.fDoubleFree]! - 1);
      out.push({ property: "double-free", text: `${c.name} frees ${o.kind} ${o.name} again at ${this.where(s[c.fDoubleFreeAt]!)} (${freer(o)})` });
    }
    if (s[c.fDoubleDestroy]! > 0) {
      const o = objs.get(s[c.fDoubleDestroy]! - 1);
      out.push({ property: "double-destroy", text: `${c.name} destroys semaphore ${o.name} again at ${this.where(s[c.fDoubleDestroyAt]!)} (${freer(o)})` });
    }
    if (s[c.fUse]! > 0) {
      const o = objs.get(s[c.fUse]! - 1);
      const p = this.useProperty(c, o);
      const how = s[o.freedBy]! > 0 ? freer(o) : "never allocated";
      out.push({ property: p, text: `${c.name} uses ${s[o.alive] === FREED ? "freed" : "unallocated"} ${o.kind} ${o.name} at ${this.where(s[c.fUseAt]!)} (${how})` });
    }
    return out.sort((a, b) => ORDER.indexOf(a.property) - ORDER.indexOf(b.property));
  }

  /**
   * One invariant per fault property, true when a context that faulted finishes its call. A call
   * that commits several faults is reported under the most severe, and its message names each
   * property the call breaks (the search stops at the first broken invariant of a state).
   */
  invariants(): Invariant[] {
    const ctxs = this.k.contexts;
    const reads: number[] = ctxs.map((c) => c.fReady);
    return ORDER.map((p) => ({
      name: p,
      reads,
      holds: (s: Int32Array) => {
        for (const c of ctxs) if (s[c.fReady] !== 0 && this.worst(s, c) === p) return false;
        return true;
      },
      check: (s: Int32Array) => {
        for (const c of ctxs) {
          // The sentences are written only for the property that is broken (the check runs on every state).
          if (s[c.fReady] === 0 || this.worst(s, c) !== p) continue;
          return faultText(this.describe(s, c));
        }
        return null;
      },
    }));
  }

  /** Any recorded fault, for a run that ended or got stuck before the faulting call finished. */
  report(s: Int32Array): Finding | null {
    let best: { property: FaultProperty; text: string }[] | null = null;
    for (const c of this.k.contexts) {
      const d = this.describe(s, c);
      if (d.length === 0) continue;
      if (best === null || ORDER.indexOf(d[0]!.property) < ORDER.indexOf(best[0]!.property)) best = d;
    }
    return best ? { name: best[0]!.property, message: faultText(best) } : null;
  }

  /** End of a complete run: every object that must be freed was (exactly once: doubles fault). */
  leak(s: Int32Array): Finding | null {
    const left = this.k.objects.list.filter((o) => o.mustFree && s[o.alive] === ALLOCATED);
    if (left.length === 0) return null;
    return { name: "leak", message: `never freed: ${left.map((o) => `${o.kind} ${o.name}`).join(", ")}` };
  }
}

/** One fault as its sentence; several, each under its property's name. */
function faultText(d: readonly { property: FaultProperty; text: string }[]): string {
  return d.length === 1 ? d[0]!.text : d.map((x) => `${x.property}: ${x.text}`).join("; ");
}
