import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import test from "ava";
import { check } from "../../checker/index.js";
import { racyCounter } from "../../examples/racy-counter.js";
import { recordTrace } from "../../traces/record.js";
import { traceToTest } from "../../traces/to-test.js";

const run = promisify(execFile);
const root = fileURLToPath(new URL("../../", import.meta.url));

function trace() {
  const m = racyCounter(2);
  const v = check(m).violations[0]!;
  return recordTrace(m, v.choices, v, { scenario: "example-racy-counter" });
}

test("the generated test imports the public traces entry by default and embeds the trace", (t) => {
  const src = traceToTest(trace(), { source: "x.trace.json" });
  t.regex(src, /^import \{ replayTrace \} from "socheck\/traces";$/m);
  t.regex(src, /^const FIXED = false;$/m, "flipping to 'no longer occurs' is this one line");
  t.regex(src, /"property": "lost-update"/);
  t.regex(src, /from x\.trace\.json/);
});

async function ava(file: string): Promise<{ code: number; out: string }> {
  try {
    const r = await run(process.execPath, [join(root, "node_modules/ava/entrypoints/cli.mjs"), relative(root, file)], { cwd: root, timeout: 60_000 });
    return { code: 0, out: r.stdout + r.stderr };
  } catch (e) {
    const x = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof x.code === "number" ? x.code : 1, out: (x.stdout ?? "") + (x.stderr ?? "") };
  }
}

test("the generated test runs under ava and passes; flipped to FIXED it fails while the bug is there, and when the trace no longer fits", async (t) => {
  // Outside test/ so a concurrent full run never picks it up; removed afterwards.
  const dir = mkdtempSync(join(root, ".trace-to-test-"));
  try {
    const file = join(dir, "regression.test.ts");
    const importFrom = relative(dir, join(root, "traces/index.js")).split("\\").join("/");
    const src = traceToTest(trace(), { importFrom: importFrom.startsWith(".") ? importFrom : `./${importFrom}` });
    writeFileSync(file, src);
    const ok = await ava(file);
    t.is(ok.code, 0, ok.out);
    t.regex(ok.out, /1 test passed/);

    writeFileSync(file, src.replace(/^const FIXED = false;$/m, "const FIXED = true;"));
    const flipped = await ava(file);
    t.not(flipped.code, 0, flipped.out);
    t.regex(flipped.out, /still confirmed: lost-update/);

    // FIXED passes only when the steps still replay and break nothing: a trace that no longer fits fails.
    const drifted = trace();
    const steps = drifted.steps.map((s, i) => (i === 1 ? { ...s, choice: drifted.steps[0]!.choice } : s));
    const src2 = traceToTest({ ...drifted, steps }, { importFrom: importFrom.startsWith(".") ? importFrom : `./${importFrom}` });
    writeFileSync(file, src2.replace(/^const FIXED = false;$/m, "const FIXED = true;"));
    const gone = await ava(file);
    t.not(gone.code, 0, gone.out);
    t.regex(gone.out, /the trace no longer fits the model: step \d/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
