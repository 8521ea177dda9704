import { filterLock } from "../examples/filter-lock.js";
import { bestOf } from "./measure.js";
import { REPEATS, say, section } from "./section.js";
import { fixed, int, table } from "./table.js";

/** Issue 2 item 9: distinct states per second and visited-set bytes per state on the filter lock. */
export function engineTable(): void {
  section("Engine: Peterson's filter lock, 4 processes, BFS, one core (issue 2 item 9)");
  const r = bestOf(() => filterLock(4), { strategy: "bfs" }, REPEATS);
  const s = r.stats;
  say(
    table(
      ["model", "verdict", "states", "transitions", "ms", "states/s", "target", "bytes/state", "target"],
      [[r.model, r.verdict, int(s.states), int(s.transitions), fixed(s.elapsedMs), int(s.statesPerSecond), "≥ 1,000,000", fixed(s.bytesPerState), "≤ 16"]],
    ),
  );
  say("bytes/state: the visited set (64-bit fingerprints, parent links, choices) / distinct states; the BFS queue is apart.");
}
