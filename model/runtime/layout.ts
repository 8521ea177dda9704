import { KernelError } from "./kernel-error.js";

/**
 * The packed state's layout: one Int32 word per named slot, laid out once when a scenario is
 * composed. Components ask for slots by name; steps read and write them by index, so nothing on
 * the hot path looks a name up. Each slot may belong to an allocated object (its field), which is
 * how a step's footprint tells which objects it touches (use after free is checked from that).
 */
export type SlotFormatter = (value: number) => string;

export class Layout {
  readonly names: string[] = [];
  readonly init: number[] = [];
  readonly formatters: (SlotFormatter | undefined)[] = [];
  /** Object id owning each slot, or -1 for globals, scheduler state and ghosts. */
  readonly owner: number[] = [];
  private readonly byName = new Map<string, number>();

  slot(name: string, init = 0, format?: SlotFormatter, owner = -1): number {
    if (this.byName.has(name)) throw new KernelError(`slot "${name}" declared twice`);
    const i = this.names.length;
    this.names.push(name);
    this.init.push(init);
    this.formatters.push(format);
    this.owner.push(owner);
    this.byName.set(name, i);
    return i;
  }

  /** `n` consecutive slots name[0..n-1]; returns the first index. */
  array(name: string, n: number, init = 0, owner = -1): number {
    const first = this.names.length;
    for (let k = 0; k < n; k++) this.slot(`${name}[${k}]`, init, undefined, owner);
    return first;
  }

  /** Makes `slot` a field of object `owner` (a lock declared before the object it lives in). */
  setOwner(slot: number, owner: number): void {
    this.owner[slot] = owner;
  }

  find(name: string): number | undefined {
    return this.byName.get(name);
  }

  get size(): number {
    return this.names.length;
  }

  format(slot: number, value: number): string {
    const f = this.formatters[slot];
    return f ? f(value) : String(value);
  }
}

/** Formats a bit set by name: 0x22 with names {0x2:"A",0x20:"B"} gives "A|B". */
export function bitsFormatter(bits: Readonly<Record<number, string>>): SlotFormatter {
  const entries = Object.entries(bits).map(([k, v]) => [Number(k), v] as const);
  return (value) => {
    if (value === 0) return "0";
    const out: string[] = [];
    let rest = value;
    for (const [bit, name] of entries)
      if (value & bit) {
        out.push(name);
        rest &= ~bit;
      }
    if (rest) out.push(`0x${rest.toString(16)}`);
    return out.join("|");
  };
}

export function enumFormatter(names: readonly string[]): SlotFormatter {
  return (value) => names[value] ?? String(value);
}
