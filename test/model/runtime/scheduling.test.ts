import test from "ava";
import { check } from "../../../checker/index.js";
import { bare, enabledLabels, init, stepNamed } from "./helpers.js";

/** Threads that each take a few steps; `gate` makes H block until it is set. */
function threads(policy: "any" | "priority" | "bsd-up") {
  const k = bare(policy, { name: "none", default: "none" });
  const gate = k.layout.slot("gate");
  const mk = (name: string, pri: number, blocked: boolean) =>
    k.thread(name, { priority: pri }, (b) => {
      if (blocked)
        b.step("wait gate", { reads: [gate] }, () => undefined, { guard: (s) => s[gate] === 1, wait: { what: "gate" } });
      b.step("one", {}, () => undefined);
      b.step("two", { writes: [gate] }, (s) => {
        s[gate] = 1;
      });
      b.done();
    });
  mk("H", 5, true);
  mk("M", 10, false);
  mk("L", 20, false);
  return k.build();
}

test("any: every ready context may step", (t) => {
  const m = threads("any");
  const s = init(m);
  t.deepEqual(enabledLabels(m, s).map((l) => l.split(":")[0]).sort(), ["L", "M"]);
});

test("priority: only the most urgent ready thread steps, and a woken more urgent thread preempts", (t) => {
  const m = threads("priority");
  const s = init(m);
  t.deepEqual(enabledLabels(m, s), ["M:M:main:one"], "H is blocked, M (10) beats L (20)");
  stepNamed(m, s, "M");
  stepNamed(m, s, "M"); // M sets the gate: H (5) becomes ready
  t.deepEqual(enabledLabels(m, s), ["H:H:main:wait gate"], "H preempts M at once");
});

test("priority: the policy never runs a less urgent ready thread, over every reachable state", (t) => {
  const m = threads("priority");
  // Every state BFS reaches: record any choice of a thread while a more urgent one is ready.
  const seen = new Set<string>();
  const queue = [init(m)];
  const out = new Int32Array(m.maxChoices);
  let bad = 0;
  while (queue.length) {
    const s = queue.pop()!;
    const key = s.join(",");
    if (seen.has(key)) continue;
    seen.add(key);
    const n = m.enabled(s, out);
    const ready = m.ctxs.filter((c) => s[c.pc]! >= 0 && (m.instrs[s[c.pc]!]!.guard?.(s, c) ?? true));
    const best = Math.min(...ready.map((c) => c.priority));
    for (let i = 0; i < n; i++) {
      if (m.ctxs[out[i]!]!.priority !== best) bad++;
      const next = Int32Array.from(s);
      m.step(next, out[i]!);
      queue.push(next);
    }
  }
  t.true(seen.size > 5);
  t.is(bad, 0);
});

test("bsd-up: the running process keeps the CPU until it blocks or ends", (t) => {
  const m = threads("bsd-up");
  const s = init(m);
  t.deepEqual(enabledLabels(m, s).map((l) => l.split(":")[0]).sort(), ["L", "M"], "nobody runs yet: either may start");
  stepNamed(m, s, "L");
  t.deepEqual(enabledLabels(m, s), ["L:L:main:two"], "L started: M waits for it");
});

test("every policy finishes these threads without a deadlock", (t) => {
  for (const p of ["any", "priority", "bsd-up"] as const) t.is(check(threads(p)).verdict, "safe", p);
});
