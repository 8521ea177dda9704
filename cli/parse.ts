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

/** A parser for a flag that takes one of `allowed`; anything else is a one-line usage error naming them. */
export function oneOf<T extends string>(flag: string, allowed: readonly T[]) {
  return (v: string): T => {
    if (!(allowed as readonly string[]).includes(v)) throw new UsageError(`${flag} expects one of ${allowed.join(", ")}, got "${v}"`);
    return v as T;
  };
}
