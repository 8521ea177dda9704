import test from "ava";
import { check, type Model } from "../../checker/index.js";
import { peterson } from "../../examples/peterson.js";
import { scenarios } from "../../model/scenarios/index.js";
import { annotate, type AnnotatedTrace } from "../../traces/annotate.js";
import { racingSteps } from "../../traces/race.js";

// Every built-in violation (one shortest counterexample per property) names its racing steps, and
// each named step is checked against the trace itself: what the step changed, what its footprint
// says it touched, who ran it and in which order. Nothing here trusts the model's own naming.
const breaking = scenarios.filter((s) => s.expected.verdict === "violation" && s.group !== "example");
const seen = new Set<string>();

const slot = (t: AnnotatedTrace, name: string) => t.slotNames.indexOf(name);
const before = (t: AnnotatedTrace, step: number) => (step === 1 ? t.initial : t.steps[step - 2]!.state);
const touches = (m: Model, t: AnnotatedTrace, step: number, pred: (name: string) => boolean, which: "reads" | "writes" | "both" = "both") => {
  const f = m.footprint!(before(t, step), t.steps[step - 1]!.choice);
  const slots = which === "reads" ? [...Array.from(f.reads)] : which === "writes" ? [...Array.from(f.writes)] : [...Array.from(f.reads), ...Array.from(f.writes)];
  return slots.some((x) => pred(t.slotNames[x]!));
};
const changed = (t: AnnotatedTrace, step: number, name: string) => t.steps[step - 1]!.changes.find((c) => c.name === name);

for (const sc of breaking) {
  test(`${sc.name}: the racing steps of every violation are the steps that make it`, (t) => {
    const m = sc.build();
    const r = check(m, { stopAtFirst: false, maxStates: 2_000_000 });
    t.true(r.violations.length > 0);
    for (const v of r.violations) {
      const tr = annotate(m, v.choices);
      const race = racingSteps(tr);
      const role = (name: string) => race.filter((x) => x.role === name).map((x) => x.step);
      const one = (name: string) => {
        const s = role(name);
        t.is(s.length, 1, `${v.property}: one "${name}" step (got ${JSON.stringify(race)})`);
        return s[0] ?? 0;
      };
      const ctx = (step: number) => tr.steps[step - 1]!.context;
      const what = `${sc.name} ${v.property}`;
      seen.add(v.property);
      switch (v.property) {
        case "use-after-free":
        case "callout-after-free":
        case "use-after-destroy": {
          const freed = one(v.property === "use-after-destroy" ? "destroyed" : "freed");
          const used = one("used");
          t.true(freed < used, `${what}: freed ${freed} before used ${used}`);
          const ghost = tr.steps[freed - 1]!.changes.find((c) => c.name.endsWith(".ghost.alive") && c.after === "freed");
          t.truthy(ghost, `${what}: step ${freed} frees an object`);
          const obj = ghost!.name.slice(0, -".ghost.alive".length);
          t.true(touches(m, tr, used, (n) => n.startsWith(`${obj}.`) && !n.includes(".ghost.")), `${what}: step ${used} touches ${obj}'s fields`);
          for (let i = freed; i < used; i++) t.not(tr.steps[i - 1]!.state[slot(tr, `${obj}.ghost.alive`)], 1, `${obj} stays freed`);
          if (v.property === "callout-after-free") t.is(tr.steps[used - 1]!.kind, "timer");
          break;
        }
        case "double-free":
        case "double-destroy": {
          const d = v.property === "double-destroy";
          const first = one(d ? "destroyed" : "freed");
          const again = one(d ? "destroyed again" : "freed again");
          t.true(first < again);
          const ghost = tr.steps[first - 1]!.changes.find((c) => c.name.endsWith(".ghost.alive") && c.after === "freed");
          t.truthy(ghost, `${what}: step ${first} frees an object`);
          t.true(touches(m, tr, again, (n) => n === ghost!.name, "writes"), `${what}: step ${again} frees ${ghost!.name} again`);
          t.is(tr.steps[again - 2]!.state[slot(tr, ghost!.name)], 2, "already freed when freed again");
          break;
        }
        case "lost-update": {
          const load = one("load");
          const between = one("interfering store");
          const store = one("overwriting store");
          t.true(load < between && between < store, `${what}: ${load} < ${between} < ${store}`);
          t.is(store, tr.steps.length, "the overwriting store breaks the invariant");
          const word = tr.steps[store - 1]!.changes.find((c) => tr.slotNames.includes(`${c.name}.ghost.set`))!.name;
          t.true(touches(m, tr, load, (n) => n === word, "reads"), `${what}: step ${load} loads ${word}`);
          t.truthy(changed(tr, between, word), `${what}: step ${between} stores ${word}`);
          t.is(ctx(load), ctx(store));
          t.not(ctx(between), ctx(store));
          break;
        }
        case "deadlock": {
          const waits = role("waits");
          t.true(waits.length > 0);
          const end = tr.steps[tr.steps.length - 1]!.state;
          for (const w of waits) {
            const c = ctx(w);
            t.false(m.isFinished(end, c), `${what}: the waiter at ${w} has not finished`);
            t.true(tr.steps.slice(w).every((s) => s.context !== c), `${what}: step ${w} is its context's last`);
          }
          for (const x of race.filter((x) => x.role.startsWith("takes "))) {
            const lock = x.role.slice("takes ".length);
            const c = changed(tr, x.step, `${lock}.owner`);
            t.truthy(c, `${what}: step ${x.step} takes ${lock}`);
            t.is(c!.after, tr.steps[x.step - 1]!.contextName);
          }
          break;
        }
        case "lost-wakeup": {
          const check = one("check");
          const made = one("condition made true");
          const sleeps = one("sleeps");
          t.true(check < made && made < sleeps, `${what}: ${check} < ${made} < ${sleeps}`);
          t.is(ctx(check), ctx(sleeps));
          t.not(ctx(made), ctx(sleeps));
          const sleeper = tr.steps[sleeps - 1]!.contextName;
          const tsleep = changed(tr, sleeps, `${sleeper}.sleep`);
          t.true((tsleep !== undefined && tsleep.after !== "0") || tr.steps.slice(sleeps).every((s) => s.context !== ctx(sleeps)), "the sleep marks the sleeper asleep, or is its last step");
          t.true(tr.steps.slice(check, made - 1).every((s) => s.context !== ctx(sleeps)), "the check is the sleeper's last look before");
          break;
        }
        default:
          t.true(race.length > 0, `${what}: at least the breaking step is marked`);
      }
    }
  });
}

test.after("every racing-step kind the issue names was checked on a built-in violation", (t) => {
  for (const p of ["use-after-free", "callout-after-free", "double-free", "lost-update", "deadlock", "lost-wakeup"]) t.true(seen.has(p), p);
});

test("a model without a trace view gets its breaking step marked", (t) => {
  const m = peterson(true);
  const tr = annotate(m, check(m).violations[0]!.choices);
  t.deepEqual(racingSteps(tr), [{ step: tr.steps.length, role: "breaks it" }]);
});
