import test from "ava";
import { check } from "../../checker/index.js";
import { scenarios } from "../../examples/your-kernel.js";
import { meetsExpectation } from "../../model/index.js";
import { cli } from "../helpers/cli.js";

/** The README's walk-through: a reference held by the timer is not enough; net_lock around the timer is. */
const [refs, locked] = scenarios;

test("the timer's tcpcb reference leaves the inpcb and a late reference racing with the last unref", (t) => {
  const r = check(refs!.build(), { stopAtFirst: false });
  t.true(meetsExpectation(refs!.expected, r));
  const uaf = r.violations.find((v) => v.property === "use-after-free")!;
  t.regex(uaf.message, /T uses freed inpcb inp at tcp_slowtimo:.* \(first freed by I at in_pcbdetach:FREE\(inp\)\)/);
  const df = r.violations.find((v) => v.property === "double-free")!;
  t.regex(df.message, /T frees tcpcb tp again at tcp_unref:free\(tp\)/);
});

test("with net_lock at the timer's entry the same kernel is safe, exhaustively", (t) => {
  const r = check(locked!.build());
  t.is(r.verdict, "safe");
  t.true(r.exhaustive);
});

test("the CLI checks the walk-through module as a user would", (t) => {
  const r = cli("check", refs!.name, locked!.name, "--collect-all", "--load", "dist/examples/your-kernel.js");
  t.is(r.code, 0, r.stdout + r.stderr);
  t.regex(r.stdout, /your-kernel-tcpcb-refs +violation +violation \(use-after-free, double-free\)/);
  t.regex(r.stdout, /your-kernel-tcpcb-refs-locked +safe +safe \(exhaustive\)/);
});
