import test from "ava";
import { fingerprintHex } from "../../../checker/index.js";

test("fingerprints are deterministic, seed-dependent and never the empty marker", (t) => {
  const a = Int32Array.from([1, 2, 3]);
  t.is(fingerprintHex(a), fingerprintHex(Int32Array.from([1, 2, 3])));
  t.not(fingerprintHex(a), fingerprintHex(a, 3, 1));
  t.not(fingerprintHex(new Int32Array(0)), "0000000000000000");
});

test("no collisions among 200,000 nearby small states", (t) => {
  const seen = new Set<string>();
  const s = new Int32Array(4);
  for (let i = 0; i < 200_000; i++) {
    s[0] = i & 63;
    s[1] = (i >> 6) & 63;
    s[2] = i >> 12;
    s[3] = i % 7;
    seen.add(fingerprintHex(s));
  }
  t.is(seen.size, 200_000);
});
