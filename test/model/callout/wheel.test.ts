import test from "ava";
import { check, replay } from "../../../checker/index.js";
import { CalloutWheel, CALLOUT_SITES } from "../../../model/callout/wheel.js";
import { NETBSD16, REGISTERED_IPL, type CalloutVariant } from "../../../model/callout/variant.js";
import { KernelBuilder } from "../../../model/runtime/kernel.js";
import { free } from "../../../model/runtime/primitives.js";
import { SPL_NET } from "../../../model/runtime/spl.js";

/**
 * The wheel alone, with nothing of TCP: an object embeds a callout whose handler raises to
 * splnet and uses the object; a network interrupt at splnet stops the callout and frees the
 * object. This is the shape of PR#20390 with the protocol stripped away.
 */
function kernel(v: CalloutVariant, opts: { stop?: boolean } = {}) {
  const k = new KernelBuilder(`wheel-${v.name}`, "bsd-up", { name: "real-spl" }, { sites: new Set([...CALLOUT_SITES, "handler", "net"]), waits: new Set() });
  const obj = k.objects.declare("obj", "tcpcb");
  const field = k.objects.field(obj, "field");
  const netPending = k.layout.slot("net.pending", 1);
  const wheel = new CalloutWheel(k, v);
  const c = wheel.callout(obj, "obj.timer", { handler: "handler", level: SPL_NET, armed: true });
  k.routine("handler", "test: a handler that raises to splnet and uses its object", (b) => {
    b.spl("handler", SPL_NET);
    b.step("obj->field++", { reads: [field], writes: [field] }, (s) => {
      s[field] = s[field]! + 1;
    });
    b.splx("handler");
  });
  k.routine("net", "test: stop the callout, free its object", (b) => {
    b.spl("net", SPL_NET);
    if (opts.stop !== false) wheel.stop(b, c);
    free(b, "free(obj)", obj);
    b.splx("net");
  });
  wheel.install();
  k.interrupt("softnet", {
    level: SPL_NET,
    pending: { reads: [netPending], fn: (s) => s[netPending] === 1 },
    onDeliver: { writes: [netPending], fn: (s) => void (s[netPending] = 0) },
    handler: "net",
  });
  return k.build();
}

test("NetBSD 1.6: softnet runs in softclock's window and the handler uses the freed object", (t) => {
  const m = kernel(NETBSD16);
  const r = check(m);
  t.is(r.verdict, "violation");
  const v = r.violations[0]!;
  t.is(v.property, "callout-after-free");
  const labels = replay(m, v.choices).steps.map((s) => s.label);
  const dq = labels.findIndex((l) => l.startsWith("softclock:dequeue"));
  const freed = labels.indexOf("net:free(obj)");
  t.true(dq >= 0 && freed > dq, `dequeued before the free: ${labels.join(", ")}`);
  t.log(labels.join("\n"), v.message);
});

test("invoked at its registered level the handler is safe over every interleaving", (t) => {
  const r = check(kernel(REGISTERED_IPL));
  t.is(r.verdict, "safe");
  t.true(r.exhaustive);
});

test("without the stop, even the registered level cannot help: the callout fires after the free", (t) => {
  const r = check(kernel(REGISTERED_IPL, { stop: false }));
  t.is(r.verdict, "violation");
  t.is(r.violations[0]!.property, "callout-after-free");
});

/**
 * A closer thread on another CPU ("any" policy) tears down an object whose callout may be firing:
 * callout_drain then free; a plain callout_stop then free; or callout_async_drain, freeing at once
 * when drained and otherwise from the drain function softclock calls. Every run must free the
 * object exactly once (it must be freed: a leak is a violation too).
 */
function teardown(how: "drain" | "stop" | "async" | "async-forgetful") {
  const mp = { name: "mp", locks: { callout_lock: {} }, sites: { callwheel: { lock: "callout_lock" } } };
  const k = new KernelBuilder(`teardown-${how}`, "any", mp, { sites: new Set(CALLOUT_SITES), waits: new Set(["drain"]) });
  const obj = k.objects.declare("obj", "tcpcb");
  const field = k.objects.field(obj, "field");
  const wheel = new CalloutWheel(k, NETBSD16);
  const async = how.startsWith("async");
  const c = wheel.callout(obj, "obj.timer", { handler: "handler", level: SPL_NET, armed: true, drained: async ? "drained" : undefined });
  k.routine("handler", "test: a handler that uses its object", (b) => {
    b.step("obj->field++", { reads: [field], writes: [field] }, (s) => {
      s[field] = s[field]! + 1;
    });
  });
  if (async)
    k.routine("drained", "test: the drain function frees the object", (b) => {
      if (how === "async") free(b, "free(obj) (drained)", obj);
    });
  k.thread("closer", {}, (b) => {
    if (how === "drain") wheel.drain(b, c, "drain");
    else if (how === "stop") wheel.stop(b, c);
    else {
      wheel.asyncDrain(b, c);
      b.jumpIf("deferred to softclock?", {}, (s, x) => s[x.r0] === 0, b.at("done"));
    }
    free(b, "free(obj)", obj);
    b.here("done");
    b.done();
  });
  wheel.install();
  return k.build();
}

test("callout_drain waits for a running handler: teardown on another CPU is safe, the object freed once", (t) => {
  const r = check(teardown("drain"));
  t.is(r.verdict, "safe");
  t.true(r.exhaustive);
});

test("a plain callout_stop on another CPU frees under a handler already dequeued", (t) => {
  const r = check(teardown("stop"));
  t.is(r.verdict, "violation");
  t.is(r.violations[0]!.property, "callout-after-free");
});

test("callout_async_drain: freed at once or by softclock's drain call, never both, never under the handler", (t) => {
  const r = check(teardown("async"));
  t.is(r.verdict, "safe");
  t.true(r.exhaustive);
});

test("an async drain whose drain function forgets the free leaks the object", (t) => {
  const r = check(teardown("async-forgetful"));
  t.is(r.verdict, "violation");
  t.is(r.violations[0]!.property, "leak");
});
