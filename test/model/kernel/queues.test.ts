import test from "ava";
import { check, replay } from "../../../checker/index.js";
import { composeKernel, placements, type KernelScenarioSpec, type Placement } from "../../../model/index.js";

/**
 * Non-atomic queue operations (placement "queues": "split"): soqinsque and soqremque become the
 * link or unlink and a length update as a load and a store, as the compiled C is. A listening
 * socket on a multiprocessor with no exclusion at all: the application accepts and closes while
 * the input path completes the handshake (soisconnected moves the child from so_q0 to so_q).
 */
const spec = (placement: Placement): KernelScenarioSpec => ({
  name: "listen-queues",
  policy: "any",
  placement,
  options: { flavor: "bsd44" },
  initial: { tcpState: "LISTEN", listen: true },
  contexts: [
    { name: "U", role: "app", program: "accept-close" },
    { name: "I", role: "input" },
  ],
  peer: {},
});
const none = { ...placements.KYU_STUBBED, rmw: "atomic" as const };
const props = (p: Placement) => check(composeKernel(spec(p)), { stopAtFirst: false }).violations.map((v) => v.property);

test("atomic queue operations never disagree with their lengths", (t) => {
  t.false(props({ ...none, queues: "atomic" }).includes("queue-corrupt"));
});

test("split queue operations racing unprotected leave a length that disagrees with the links", (t) => {
  const r = check(composeKernel(spec({ ...none, queues: "split" })), { stopAtFirst: false });
  const v = r.violations.find((x) => x.property === "queue-corrupt");
  t.truthy(v, JSON.stringify(r.violations.map((x) => x.property)));
  t.regex(v!.message, /listen queues disagree with their links: so_q0len -?\d+, so_qlen -?\d+/);
  // The counterexample takes a queue operation apart: one context loads a length, the other
  // stores that length, and the first then stores its own from the stale load.
  const steps = replay(composeKernel(spec({ ...none, queues: "split" })), v!.choices).steps.map((x) => ({ ctx: x.context, label: x.label }));
  const torn = steps.some((a, i) => {
    if (!a.label.endsWith(": load len")) return false;
    const k = steps.findIndex((x, j) => j > i && x.ctx === a.ctx);
    return k > i && steps.slice(i + 1, k).some((x) => x.ctx !== a.ctx && /: store len/.test(x.label)) && /: store len/.test(steps[k]!.label);
  });
  t.true(torn, steps.map((x) => `${x.ctx}:${x.label}`).join("\n"));
});

test("one lock at the entry points (user_api and tcp_input) serialises the queue operations again", (t) => {
  const locked: Placement = { ...none, name: "one-lock", queues: "split", locks: { net_lock: {} }, sites: { user_api: { lock: "net_lock" }, tcp_input: { lock: "net_lock" } } };
  t.false(props(locked).includes("queue-corrupt"));
});

test("queues must be atomic or split", (t) => {
  t.throws(() => composeKernel(spec({ ...none, queues: "racy" as never })), { message: /"queues" must be "atomic" or "split", got "racy"/ });
});
