import { check } from "../checker/index.js";
import { filterLock } from "../examples/filter-lock.js";
import { say, section } from "./section.js";
import { fixed, int, table } from "./table.js";

/** Issue 8 item 5: bitstate coverage against the exhaustive count, with the omission estimate it reports. */
export function bitstateTable(): void {
  section("Bitstate (supertrace) on the filter lock, 4 processes: never a proof");
  const full = check(filterLock(4));
  const rows: string[][] = [["exhaustive BFS", int(full.stats.states), "100.0%", fixed(full.stats.bytesPerState), "-", full.verdict]];
  for (const w of [18, 20, 22, 26]) {
    const r = check(filterLock(4), { strategy: "bitstate", bitstateLog2: w });
    const cover = (100 * r.stats.states) / full.stats.states;
    const est = /expected omitted states ≈ ([^;]+)/.exec(r.notes.join(" "))?.[1] ?? "?";
    rows.push([`bitstate 2^${w} bits`, int(r.stats.states), fixed(cover) + "%", fixed(r.stats.bytesPerState, 2), est, r.verdict]);
  }
  say(table(["search", "states", "coverage", "bytes/state", "expected omissions", "verdict"], rows));
  say("Coverage is measured against the exhaustive count; the estimate is what the search reports without knowing it.");
}
