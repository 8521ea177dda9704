import test from "ava";
import { BOUND_LOCK, BSD44_COUNTERS, CALLOUT_VARIANTS, calloutVariant, HALT, INVOKING_ACK, NETBSD16, REGISTERED_IPL } from "../../../model/callout/variant.js";

const OPTIONS = ["storage", "invokeLevel", "invoking", "interlock"] as const;
const differing = (a: object, b: object) => OPTIONS.filter((k) => (a as Record<string, unknown>)[k] !== (b as Record<string, unknown>)[k]);

test("variants have unique names and are found by name", (t) => {
  const names = CALLOUT_VARIANTS.map((v) => v.name);
  t.is(new Set(names).size, names.length);
  for (const v of CALLOUT_VARIANTS) t.is(calloutVariant(v.name), v);
  t.is(calloutVariant("nope"), undefined);
});

test("each fix is NetBSD 1.6 with exactly one option changed, so dropping it is flipping that option back", (t) => {
  t.deepEqual(differing(REGISTERED_IPL, NETBSD16), ["invokeLevel"]);
  t.deepEqual(differing(INVOKING_ACK, NETBSD16), ["invoking"]);
  t.deepEqual(differing(HALT, NETBSD16), ["interlock"]);
  t.deepEqual(differing(BOUND_LOCK, NETBSD16), ["interlock"]);
  t.deepEqual(differing(BSD44_COUNTERS, NETBSD16), ["storage"]);
});

test("every variant cites its source", (t) => {
  for (const v of CALLOUT_VARIANTS) t.regex(v.source, /\w+\.c|seeds|PR#20390|callout_/);
});
