import type { KernelModel } from "../model/runtime/kernel-model.js";
import { isSyncObject } from "../model/runtime/objects.js";
import { SPL_NAMES } from "../model/runtime/spl.js";

/**
 * What the race table calls things: which slots are shared data (object fields and kernel
 * globals, not locks, semaphores or ghosts), the flags an access of a so_state-like word sets,
 * clears or tests, and the protections a context holds (the spl level and the locks it owns) as a
 * number named once.
 */
export interface RaceVocabulary {
  readonly data: ReadonlySet<number>;
  ctxName(c: number): string;
  /** The flags a step names in its label (a read of so_state tests those), the bits it sets or clears, or undefined for a plain word. */
  flagsOf(slot: number, label: string, source: string, kind: "read" | "write"): string | undefined;
  /** The protections context `c` holds in `s`: the spl level in the low byte, one bit per lock held above it. */
  protection(s: Int32Array, c: number): number;
  protName(v: number): string;
  /** What context `c`'s step at `pc` touches of the shared data (an environment event's for c past the contexts), named `routine:label`. */
  step(c: number, pc: number): { label: string; source: string; reads: number[]; writes: number[] };
  /** The key of one access site: slot, context, step and kind. */
  siteKey(slot: number, c: number, step: string, kind: string): string;
}

export function raceVocabulary(m: KernelModel): RaceVocabulary {
  const k = m.kernel;
  const L = k.layout;
  const lockWords = new Set(k.locks.flatMap((l) => [l.owner, l.count]));
  const data = new Set<number>();
  for (let i = 0; i < L.size; i++) {
    const name = L.names[i]!;
    if (name.includes("ghost") || lockWords.has(i)) continue;
    const o = L.owner[i]!;
    if (o >= 0 ? !isSyncObject(k.objects.get(o).kind) : /^(tcb\d*\.|ipintrq|callwheel\.)/.test(name)) data.add(i);
  }
  const tracked = new Map(k.words.map((w) => [w.slot, w] as const));
  const flagNames = (slot: number): string[] => {
    const fmt = L.formatters[slot];
    if (!fmt || !tracked.has(slot)) return [];
    const out: string[] = [];
    for (let bit = 1; bit < 1 << 16; bit <<= 1) {
      const f = fmt(bit);
      if (!/^0x/.test(f)) out.push(f);
    }
    return out;
  };
  const nCtx = m.ctxs.length;
  const protNames = new Map<number, string>();
  const ctxName = (c: number) => (c < nCtx ? m.ctxs[c]!.name : "env");
  return {
    data,
    ctxName,
    siteKey: (slot, c, step, kind) => `${slot}|${ctxName(c)}|${step}|${kind}`,
    step(c, pc) {
      const e = c >= nCtx ? m.events[c - nCtx]! : null;
      const ins = e ? null : m.instrs[pc]!;
      return {
        label: e ? `env:${e.name}` : `${ins!.routine}:${ins!.label}`,
        source: e ? "" : ins!.source,
        reads: (e ?? ins!).reads.filter((x) => data.has(x)),
        writes: (e ?? ins!).writes.filter((x) => data.has(x)),
      };
    },
    flagsOf(slot, label, source, kind) {
      const names = flagNames(slot);
      if (names.length === 0) return undefined;
      const fmt = L.formatters[slot]!;
      const rmw = /(?:rmw|store) \S+ \+(\d+) -(\d+)$/.exec(source);
      if (kind === "write" && rmw) {
        const [set, clear] = [Number(rmw[1]), Number(rmw[2])];
        return [set ? `+${fmt(set)}` : "", clear ? `-${fmt(clear)}` : ""].filter(Boolean).join(" ");
      }
      // A split update's load reads every bit, to store them back.
      if (source.startsWith("load ")) return "the whole word (to store back)";
      const named = names.filter((n) => new RegExp(`\\b${n}\\b`).test(label));
      return named.length > 0 ? named.join("|") : "the whole word";
    },
    protection(s, c) {
      let v = m.policy === "bsd-up" ? s[k.cpuSpl]! : 0;
      if (c < nCtx) for (let i = 0; i < k.locks.length; i++) if (s[k.locks[i]!.owner] === c + 1) v |= 1 << (i + 8);
      return v;
    },
    protName(v) {
      let n = protNames.get(v);
      if (n === undefined) {
        const parts: string[] = [];
        if ((v & 255) > 0) parts.push(SPL_NAMES[v & 255] ?? `spl${v & 255}`);
        k.locks.forEach((l, i) => {
          if (v & (1 << (i + 8))) parts.push(l.name);
        });
        n = parts.join("+") || "none";
        protNames.set(v, n);
      }
      return n;
    },
  };
}
