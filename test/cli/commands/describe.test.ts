import test from "ava";
import { cli } from "../../helpers/cli.js";

/** `socheck describe` and `list --placements/--sites`, run as processes. */

test("describe names each routine with its source, each site with what the placement makes of it, locks and objects", (t) => {
  const r = cli("describe", "kyu-netlock");
  t.is(r.code, 0, r.stderr);
  t.regex(r.stdout, /^ {2}soclose: 4\.4BSD-Lite2 kern\/uipc_socket\.c soclose/m);
  t.regex(r.stdout, /^ {2}soclose +spl splnet +→ \{"lock":"net_lock"\} +in soclose$/m);
  t.regex(r.stdout, /^ {2}net_lock +not recursive, declared by the placement, global$/m);
  t.regex(r.stdout, /^ {2}tp +tcpcb +allocated, must be freed; fields: t_state/m);
  t.regex(r.stdout, /^properties\n {2}double-free, [^]*lost-wakeup, leak$/m);
});

test("describe --json agrees with the placement and every routine cites its source", (t) => {
  const r = cli("describe", "netbsd-pr20390", "--json");
  t.is(r.code, 0, r.stderr);
  const d = JSON.parse(r.stdout) as { routines: { name: string; cite: string; steps: string[] }[]; sites: { name: string; protection: unknown }[]; contexts: { name: string; runsCallouts: boolean }[] };
  t.true(d.routines.length > 20);
  for (const x of d.routines) t.true(x.cite.length > 0 && x.steps.length > 0, x.name);
  t.true(d.sites.some((s) => s.name === "callwheel" && s.protection === "spl"));
  t.true(d.contexts.find((c) => c.name === "softclock")!.runsCallouts);
});

test("describe shows a user's region, its protections and the lock that lives in the inpcb", (t) => {
  const r = cli("describe", "user-netlock-region", "--load", "test/fixtures/user-kernel.mjs");
  t.is(r.code, 0, r.stderr);
  t.regex(r.stdout, /^ {2}sofree_body +region +→ \[\{"lock":"net_lock"\}\] +in sofree$/m);
  t.regex(r.stdout, /^ {2}inp_mtx +not recursive, declared by the kernel, lives in inp$/m);
  t.regex(r.stdout, /^ {6}region sofree_body \{ · call sofree@builtin · \} sofree_body$/m);
  t.regex(r.stdout, /fields: so_state,[^\n]*\n?[^\n]*so_count/);
  // The region nests net_lock inside soclose's: the user's kernel deadlocks, and check says so.
  const c = cli("check", "user-netlock-region", "--load", "test/fixtures/user-kernel.mjs");
  t.is(c.code, 0, c.stdout + c.stderr);
  t.regex(c.stdout, /violation \(deadlock\)/);
});

test("every built-in kernel scenario's description fits 120 columns", (t) => {
  for (const name of ["kyu-listen-stubbed", "bsd44-close-storm-3-m1", "dragonfly-sofree-race", "netbsd-pr20390-halt"]) {
    const r = cli("describe", name);
    t.is(r.code, 0, r.stderr);
    const long = r.stdout.split("\n").filter((l) => [...l].length > 120);
    t.deepEqual(long, [], name);
  }
});

test("describe of an unknown scenario is one line with a suggestion, exit 2", (t) => {
  const r = cli("describe", "kyu-netlok");
  t.is(r.code, 2);
  t.is(r.stderr, 'socheck: unknown scenario "kyu-netlok" (did you mean "kyu-netlock"?) (see `socheck list`)\n');
});

test("list --placements and --sites show what a placement file can name", (t) => {
  const p = cli("list", "--placements", "--json");
  t.is(p.code, 0, p.stderr);
  const placements = JSON.parse(p.stdout) as { name: string }[];
  t.true(placements.some((x) => x.name === "kyu-netlock"));
  const s = cli("list", "--sites");
  t.is(s.code, 0, s.stderr);
  t.regex(s.stdout, /^ {2}user_api +entry +in U:main/m);
  t.regex(s.stdout, /^ {2}sbwait +in sbwait\(so_rcv\)$/m);
});

test("races prints the table, --json parses, an unknown name is one line", (t) => {
  const r = cli("races", "kyu-stubbed-spl");
  t.is(r.code, 0, r.stderr);
  t.regex(r.stdout, /^kyu-stubbed-spl: 1,892 states explored \(all\)$/m);
  t.regex(r.stdout, /^ {2}BREAKS lost-update$/m);
  const j = cli("races", "kyu-stubbed-spl", "--json");
  t.true((JSON.parse(j.stdout) as { pairs: unknown[] }).pairs.length > 0);
  const cut = cli("races", "kyu-stubbed-spl", "--max-states", "100");
  t.is(cut.code, 3);
  const bad = cli("races", "racy-counterr");
  t.is(bad.code, 2);
  t.is(bad.stderr.split("\n").length, 2);
});

test("describe and races of a scenario whose build throws: a model error, one line, exit 2", (t) => {
  for (const cmd of ["describe", "races"]) {
    const r = cli(cmd, "throws-in-build", "--load", "test/fixtures/broken-models.mjs");
    t.is(r.code, 2, r.stdout + r.stderr);
    t.regex(r.stderr, /^socheck: model error in scenario "throws-in-build": build\(\) threw: build blew up$/m);
    t.is(r.stderr.split("\n").length, 2);
  }
});
