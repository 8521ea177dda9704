/** A bench section's heading; every section prints one table and a few lines saying what it measured. */
export function section(title: string): void {
  process.stdout.write(`\n## ${title}\n\n`);
}

export function say(text: string): void {
  process.stdout.write(text + "\n");
}

/** Best-of-N repeats; BENCH_REPEATS overrides. */
export const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
