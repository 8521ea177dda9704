#!/usr/bin/env node
// The `socheck` executable: everything else is in program.ts so tests and other tools can import it.
import { main } from "./program.js";

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`socheck: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(70);
  },
);
