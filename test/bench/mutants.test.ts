import test from "ava";
import { existsSync, readFileSync } from "node:fs";
import { mutants } from "../../bench/mutants.js";

/**
 * Every curated mutant still applies to today's sources: its find string occurs exactly once in
 * its file and its guarding tests exist. A refactor that moves the code a mutant targets must
 * move the mutant too, or `npm run mutate` would quietly test less than it says.
 */
test("every mutant applies to the current sources", (t) => {
  t.true(mutants.length >= 40);
  for (const m of mutants) {
    t.true(existsSync(m.file), `${m.id}: no ${m.file}`);
    t.is(readFileSync(m.file, "utf8").split(m.find).length - 1, 1, `${m.id}: find string in ${m.file}`);
    for (const f of m.tests) t.true(existsSync(f), `${m.id}: no test ${f}`);
  }
});
