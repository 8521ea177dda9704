#!/usr/bin/env node
// The `socheck` executable: everything else is in program.ts so tests and other tools can import it.
import { main } from "./program.js";
import { EXIT_INTERNAL } from "./usage-error.js";

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`socheck: internal error (a bug in socheck; please report it): ${e instanceof Error ? e.message.split("\n")[0] : String(e)}\n`);
    process.exit(EXIT_INTERNAL);
  },
);
