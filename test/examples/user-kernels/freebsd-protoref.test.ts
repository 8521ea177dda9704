import test from "ava";
import { check, meetsExpectation } from "../../../index.js";
import { scenarios } from "../../../examples/user-kernels/freebsd-protoref.js";
import { footprintsHold } from "./footprints.js";

/** Example (b): FreeBSD's SS_PROTOREF/INP_SOCKREF, as the source has it and two ways to get it wrong. */

const byName = (n: string) => scenarios.find((s) => s.name === n)!;
const run = (n: string) => check(byName(n).build(), { stopAtFirst: false });
const properties = (r: ReturnType<typeof run>) => [...new Set(r.violations.map((v) => v.property))].join(",");

test("sofree waits while TCP holds its reference and tcp_close releases it: safe, whichever of close, ACK and RST comes first", (t) => {
  const r = run("freebsd-protoref");
  t.is(r.verdict, "safe", r.violations.map((v) => v.message).join("; "));
  t.true(r.stats.states > 500, `${r.stats.states} states`);
  t.true(meetsExpectation(byName("freebsd-protoref").expected, r));
});

test("a sofree that does not test SS_PROTOREF frees the socket at close(2), and tcp_close frees it again", (t) => {
  const r = run("freebsd-protoref-ignored");
  const df = r.violations.find((v) => v.property === "double-free");
  t.truthy(df, properties(r));
  t.regex(df!.message, /frees socket so again at sofree:sodealloc\(so\)/);
  t.true(meetsExpectation(byName("freebsd-protoref-ignored").expected, r));
});

test("a tcp_close that never drops INP_SOCKREF leaves the socket, its inpcb and its tcpcb allocated", (t) => {
  const r = run("freebsd-protoref-kept");
  t.is(properties(r), "leak");
  t.regex(r.violations[0]!.message, /socket so, inpcb inp, tcpcb tp/);
  t.true(meetsExpectation(byName("freebsd-protoref-kept").expected, r));
});

test("through TIME_WAIT: tcp_twstart drops TCP's reference and tcp_twclose frees the inpcb, safe in either order of close and FIN", (t) => {
  const r = run("freebsd-protoref-timewait");
  t.is(r.verdict, "safe", r.violations.map((v) => v.message).join("; "));
  t.true(meetsExpectation(byName("freebsd-protoref-timewait").expected, r));
});

test("a tcp_detach that frees the TIME_WAIT inpcb leaves the hash and the 2MSL timeout holding freed memory", (t) => {
  const r = run("freebsd-timewait-pcb-freed");
  const df = r.violations.find((v) => v.property === "double-free");
  t.truthy(df, properties(r));
  t.regex(df!.message, /tcp_tw_2msl frees inpcb inp again at tcp_twclose:in_pcbfree\(inp\)/);
  t.regex(df!.message, /uses freed inpcb inp at tcp_twclose/);
  t.regex(r.violations.find((v) => v.property === "use-after-free")?.message ?? "", /uses freed inpcb inp/);
  t.true(meetsExpectation(byName("freebsd-timewait-pcb-freed").expected, r));
});

for (const name of ["freebsd-protoref", "freebsd-protoref-timewait"])
  test(`every step of ${name} declares the slots it reads and writes`, (t) => {
    t.deepEqual(footprintsHold(byName(name).build(), 4000), []);
  });
