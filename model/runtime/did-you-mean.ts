/**
 * " (did you mean "kyu-netlock"?)" for a misspelt name, or "" when nothing is close: the
 * candidate with the smallest edit distance, if it is at most a third of the name's length (at
 * least 2), as commander does for flags. One spelling aid for every name socheck looks up: scenarios,
 * sites, routines, locks, objects, slots.
 */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  let best = "";
  let bestD = Infinity;
  for (const c of candidates) {
    const d = distance(name, c);
    if (d < bestD) [best, bestD] = [c, d];
  }
  return bestD <= Math.max(2, Math.floor(name.length / 3)) ? ` (did you mean "${best}"?)` : "";
}

/** Levenshtein distance, with a transposition counting as one edit (Damerau, restricted). */
export function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  return d[a.length]![b.length]!;
}
