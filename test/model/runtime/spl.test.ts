import test from "ava";
import { SPL_IMP, SPL_NET, SPL_SOFTCLOCK } from "../../../model/runtime/spl.js";
import { bare, enabledLabels, init, stepNamed } from "./helpers.js";

/** A process that raises splnet, nests splimp, and restores both; a softnet interrupt always pending. */
function model() {
  const k = bare("bsd-up");
  const pend = k.layout.slot("pending", 1);
  const seen = k.layout.slot("seen");
  k.routine("p", "test", (b) => {
    b.spl("a", SPL_NET);
    b.spl("b", SPL_IMP);
    b.step("inner", {}, () => undefined);
    b.splx("b");
    b.step("middle", {}, () => undefined);
    b.splx("a");
    b.step("outer", {}, () => undefined);
  });
  k.routine("h", "test", (b) => {
    b.step("handle", { reads: [pend], writes: [pend, seen] }, (s) => {
      s[pend] = 0;
      s[seen] = 1;
    });
  });
  k.thread("P", {}, (b) => {
    b.call("p");
    b.done();
  });
  k.interrupt("softnet", { level: SPL_NET, pending: { reads: [pend], fn: (s) => s[pend] === 1 }, handler: "h" });
  k.interrupt("softclock", { level: SPL_SOFTCLOCK, pending: { reads: [pend], fn: (s) => s[pend] === 1 }, handler: "h" });
  return { m: k.build(), cpu: k.cpuSpl };
}

test("spl raises nest and each splx restores the level saved by its own raise", (t) => {
  const { m, cpu } = model();
  const s = init(m);
  stepNamed(m, s, "P"); // call p
  stepNamed(m, s, "P"); // splnet
  t.is(s[cpu], SPL_NET);
  stepNamed(m, s, "P"); // splimp
  t.is(s[cpu], SPL_IMP);
  stepNamed(m, s, "P"); // inner
  stepNamed(m, s, "P"); // splx(b)
  t.is(s[cpu], SPL_NET, "the inner splx goes back to splnet, not to spl0");
  stepNamed(m, s, "P"); // middle
  stepNamed(m, s, "P"); // splx(a)
  t.is(s[cpu], 0);
});

test("interrupts at or below the current level are masked; above it they are deliverable", (t) => {
  const { m } = model();
  const s = init(m);
  t.true(enabledLabels(m, s).some((l) => l.startsWith("softnet:")));
  stepNamed(m, s, "P");
  stepNamed(m, s, "P"); // now at splnet
  const en = enabledLabels(m, s);
  t.false(en.some((l) => l.startsWith("softnet:")), "softnet is at splnet: masked");
  t.false(en.some((l) => l.startsWith("softclock:")), "softclock is below splnet: masked");
  t.true(en.some((l) => l.startsWith("P:")));
});

test("a delivered interrupt runs to completion before the interrupted process steps again", (t) => {
  const { m, cpu } = model();
  const s = init(m);
  stepNamed(m, s, "softclock"); // deliver at splsoftclock
  t.is(s[cpu], SPL_SOFTCLOCK);
  const en = enabledLabels(m, s);
  t.false(en.some((l) => l.startsWith("P:")), "the process waits while a handler runs");
  t.true(en.some((l) => l.startsWith("softnet:")), "a higher interrupt nests above the handler");
  t.true(en.some((l) => l.startsWith("softclock:")));
});
