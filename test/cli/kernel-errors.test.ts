import test from "ava";
import { cli } from "../helpers/cli.js";

/** A user's kernel that cannot be composed: one line on stderr naming what is wrong, exit 2, no stack trace. */
const cases: [string, RegExp][] = [
  ["bad-replace", /replace: no routine "sofre" \(did you mean "sofree"\?\)/],
  ["bad-field", /field so\.so_state exists already/],
  ["bad-call", /sofree calls "sorele", which no routine declares/],
];
for (const [name, re] of cases)
  test(`check ${name}: one line, exit 2`, (t) => {
    const r = cli("check", name, "--load", "test/fixtures/bad-kernel.mjs");
    t.is(r.code, 2, r.stdout + r.stderr);
    t.regex(r.stderr, re);
    t.is(r.stderr.trim().split("\n").length, 1, r.stderr);
    t.notRegex(r.stderr, /\n\s+at /);
  });
