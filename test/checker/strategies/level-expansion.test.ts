import test from "ava";
import { Expander } from "../../../checker/expander.js";
import type { Model } from "../../../checker/index.js";
import { LevelExpansion, type LevelConfig, type LevelStore } from "../../../checker/strategies/level-expansion.js";
import { TABLE_FULL } from "../../../checker/stores/shared-table.js";
import { blockedForever, independent, twoBugs } from "../../helpers/models.js";

/** A level loop over a store, frontier and owner that write down every call. */
function harness(model: Model, config: Partial<LevelConfig> = {}, room = Infinity) {
  const keys = new Map<string, number>();
  const links: { parent: number; choice: number }[] = [];
  const store: LevelStore = {
    insert(hi, lo, parent, choice) {
      const key = `${hi},${lo}`;
      if (keys.has(key)) return -1;
      if (links.length >= room) return TABLE_FULL;
      keys.set(key, links.length);
      links.push({ parent, choice });
      return links.length - 1;
    },
  };
  const pushed: { state: number[]; id: number }[] = [];
  const found: { kind: string; property: string; id: number; choice: number }[] = [];
  const cut: string[] = [];
  const level = new LevelExpansion(
    new Expander(model),
    store,
    { push: (s, id) => void pushed.push({ state: Array.from(s), id }) },
    {
      found: (kind, property, _m, id, choice) => {
        found.push({ kind, property, id, choice });
        return false;
      },
      cut: (b) => void cut.push(b),
    },
    { hashSeed: 0, notes: [], fingerprints: "full", ...config },
  );
  /** Expands what the frontier holds, level by level, as BFS does. */
  const drain = (): void => {
    for (let depth = 0, at = 0; at < pushed.length; depth++) {
      const end = pushed.length;
      for (; at < end; at++) {
        level.cur.set(pushed[at]!.state);
        if (level.expandState(pushed[at]!.id, 0, 0, depth)) return;
      }
    }
  };
  return { level, links, pushed, found, cut, drain };
}

test("a seed is stored as a root (no parent, its number as the choice) and sent to the frontier", (t) => {
  const h = harness(independent(2, 2));
  t.false(h.level.seed(0));
  t.deepEqual(h.links, [{ parent: -1, choice: 0 }]);
  t.deepEqual(h.pushed, [{ state: [0, 0], id: 0 }]);
});

test("expanding level by level stores every state once, each linked to its parent by its choice, and sends each new one on", (t) => {
  const h = harness(independent(2, 2));
  h.level.seed(0);
  h.drain();
  // (k+1)^n states, n·k·(k+1)^(n-1) transitions.
  t.is(h.links.length, 9);
  t.is(h.pushed.length, 9);
  t.is(h.level.transitions, 12);
  t.is(h.level.stored, 9);
  // A state's parent was sent on before it, and the step from the parent gives the state.
  for (const p of h.pushed.slice(1)) {
    const { parent, choice } = h.links[p.id]!;
    const from = h.pushed.find((q) => q.id === parent)!;
    const s = from.state.slice();
    s[choice]!++;
    t.deepEqual(s, p.state);
  }
  t.deepEqual(h.found, []);
});

test("a deadlock, an assertion and a broken invariant go to the owner, at the state (and step) they belong to", (t) => {
  const dead = harness(blockedForever());
  dead.level.seed(0);
  dead.drain();
  t.deepEqual(
    dead.found.map((f) => f.property),
    ["deadlock"],
  );
  const bugs = harness(twoBugs());
  bugs.level.seed(0);
  bugs.drain();
  const assertion = bugs.found.find((f) => f.kind === "assertion")!;
  t.is(assertion.property, "boom");
  t.is(assertion.choice, 0);
  const invariant = bugs.found.find((f) => f.kind === "invariant")!;
  t.is(invariant.property, "t1-below-3");
  t.is(invariant.choice, -1);
  // The invariant's state is stored but never sent on: nothing is expanded past it.
  t.false(bugs.pushed.some((p) => p.id === invariant.id));
});

test("a depth bound cuts expansion and says so", (t) => {
  const h = harness(independent(2, 2), { maxDepth: 1 });
  h.level.seed(0);
  h.drain();
  // The root and its two successors; those are not expanded.
  t.is(h.links.length, 3);
  t.true(h.cut.includes("max-depth"));
});

test("a store with no room left stops the expansion and sets full", (t) => {
  const h = harness(independent(2, 2), {}, 4);
  h.level.seed(0);
  h.drain();
  t.true(h.level.full);
  t.is(h.links.length, 4);
});
