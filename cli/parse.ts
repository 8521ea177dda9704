import { UsageError } from "./usage-error.js";

/** Option value parsers for commander that reject bad numbers with a one-line message. */
export function nonNegativeInt(flag: string) {
  return (v: string): number => {
    if (!/^\d+$/.test(v.trim())) throw new UsageError(`${flag} expects a non-negative integer, got "${v}"`);
    return Number(v);
  };
}

export function positiveNumber(flag: string) {
  return (v: string): number => {
    const n = Number(v);
    if (v.trim() === "" || !Number.isFinite(n) || n <= 0) throw new UsageError(`${flag} expects a positive number, got "${v}"`);
    return n;
  };
}

export function nonNegativeNumber(flag: string) {
  return (v: string): number => {
    const n = Number(v);
    if (v.trim() === "" || !Number.isFinite(n) || n < 0) throw new UsageError(`${flag} expects a non-negative number, got "${v}"`);
    return n;
  };
}
