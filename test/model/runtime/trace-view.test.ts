import test from "ava";
import { replay } from "../../../checker/index.js";
import { check } from "../../../checker/index.js";
import { findScenario } from "../../../model/scenarios/index.js";
import type { KernelModel } from "../../../model/runtime/kernel-model.js";

const model = () => findScenario("netbsd-pr20390")!.build() as KernelModel;

test("bookkeeping: every context's pc, stacks, registers and fault words; never an object's field, a lock or the spl", (t) => {
  const m = model();
  const names = m.slotNames();
  const bk = new Set(m.traceView().bookkeeping!.map((i) => names[i]!));
  for (const c of m.ctxs) for (const f of ["pc", "sp", "stack[0]", "splsave[0]", "r0", "r1", "r2", "active", "fault.use", "fault.useAt", "fault.reported"]) t.true(bk.has(`${c.name}.${f}`), `${c.name}.${f}`);
  for (const shown of ["cpu.spl", "so.so_state", "tp.t_state", "tp.ghost.alive", "inp.inp_ppcb", "tp.t_timer[REXMT].callout.c_flags", "softnet.sleep"]) t.false(bk.has(shown), shown);
  t.true(bk.has("tp.ghost.freedAt"));
  const ghosts = new Set(m.traceView().stepGhosts!.map((i) => names[i]!));
  t.true(ghosts.has("tp.ghost.freedAt") && ghosts.has("softclock.fault.useAt"));
  t.false(ghosts.has("tp.ghost.alive"));
});

test("call path: the routines on the context's stack, outermost first, ending in the routine of its next step", (t) => {
  const m = model();
  const choices = check(m).violations[0]!.choices;
  const r = replay(m, choices);
  const view = m.traceView();
  let checked = 0;
  let prev = r.initial;
  for (const s of r.steps) {
    const path = view.callPath!(prev, s.context);
    const routine = s.label.slice(0, s.label.lastIndexOf(":"));
    if (path.length > 0) {
      t.true(s.label.startsWith(`${path[path.length - 1]}:`), `step ${s.index}: ${path.join(" → ")} ends in ${s.label}`);
      checked++;
    } else t.true(routine.endsWith(":main") || s.label.startsWith("peer:") || s.label.startsWith(`${m.contexts[s.context]!.name}:`), `step ${s.index}: ${s.label} runs in its main routine`);
    prev = s.state;
  }
  t.true(checked > 10);
  const free = r.steps.find((s) => s.label === "tcp_close:free(tp)")!;
  t.deepEqual(view.callPath!(r.steps[free.index - 2]!.state, free.context), ["ipintr", "tcp_input", "tcp_drop", "tcp_close"]);
});
