import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import test from "ava";
import fc from "fast-check";
import { check } from "../../checker/index.js";
import { racyCounter } from "../../examples/racy-counter.js";
import { main } from "../../cli/program.js";
import { recordTrace } from "../../traces/record.js";

/**
 * Fuzzing the CLI with mutations of valid inputs (scenario files, placements, traces, flag
 * combinations): whatever the input, socheck either does its job (exit 0, 1 or 3) or refuses it
 * with exactly one line on stderr and exit 2 - never a stack trace, an internal error or another
 * code - and writes nothing when it refuses. Runs in-process (cli/program.ts's main) so hundreds
 * of inputs take seconds; SOCHECK_FUZZ_RUNS raises the count (the README quotes a larger run).
 */
const RUNS = Number(process.env.SOCHECK_FUZZ_RUNS ?? 200);
const dir = mkdtempSync(join(tmpdir(), "socheck-fuzz-"));
test.after.always(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `socheck ...argv` in this process, capturing its output; a throw is what bin/main would call an internal error. */
async function socheck(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const [ow, ew] = [process.stdout.write, process.stderr.write];
  process.stdout.write = ((s: string | Uint8Array) => (out.push(String(s)), true)) as typeof process.stdout.write;
  process.stderr.write = ((s: string | Uint8Array) => (err.push(String(s)), true)) as typeof process.stderr.write;
  process.exitCode = undefined;
  let code: number;
  try {
    code = await main(argv);
  } catch (e) {
    code = 70;
    err.push(`internal error: ${(e as Error).stack}`);
  } finally {
    process.stdout.write = ow;
    process.stderr.write = ew;
    process.exitCode = undefined;
  }
  return { code, stdout: out.join(""), stderr: err.join("") };
}

/** The property every run must have; returns a description of what is wrong, or null. */
function verdictOf(r: { code: number; stderr: string }): string | null {
  if (![0, 1, 2, 3].includes(r.code)) return `exit ${r.code}: ${r.stderr}`;
  if (/\n\s+at .*:\d+:\d+|internal error/.test(r.stderr)) return `stack trace or internal error: ${r.stderr}`;
  if (r.code === 2 && (r.stderr.split("\n").length !== 2 || !r.stderr.endsWith("\n") || !r.stderr.startsWith("socheck: "))) return `not one line: ${JSON.stringify(r.stderr)}`;
  return null;
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Step = { at: number; op: "delete" | "replace" | "rename" | "wrap"; value: Json; key: string };

/** Every path to a value inside `v` (the root included). */
function paths(v: Json, prefix: (string | number)[] = []): (string | number)[][] {
  const here = [prefix];
  if (Array.isArray(v)) return here.concat(...v.map((x, i) => paths(x, [...prefix, i])));
  if (v && typeof v === "object") return here.concat(...Object.entries(v).map(([k, x]) => paths(x, [...prefix, k])));
  return here;
}

/** `v` with one mutation: a value deleted, replaced by random JSON, moved under another key, or wrapped in an array. */
function mutate(v: Json, m: Step): Json {
  const root = structuredClone(v) as Json;
  const ps = paths(root);
  const p = ps[m.at % ps.length]!;
  if (p.length === 0) return m.op === "replace" ? m.value : root;
  const parent = p.slice(0, -1).reduce<Json>((o, k) => (o as Record<string, Json>)[k as string]!, root) as Record<string, Json> | Json[];
  const k = p[p.length - 1]!;
  const old = (parent as Record<string, Json>)[k as string]!;
  if (m.op === "delete") {
    if (Array.isArray(parent)) parent.splice(k as number, 1);
    else delete parent[k as string];
  } else if (m.op === "replace") (parent as Record<string, Json>)[k as string] = m.value;
  else if (m.op === "wrap") (parent as Record<string, Json>)[k as string] = [old];
  else if (!Array.isArray(parent)) {
    delete parent[k as string];
    parent[m.key] = old;
  }
  return root;
}

const step: fc.Arbitrary<Step> = fc.record({
  at: fc.nat(),
  op: fc.constantFrom("delete", "replace", "rename", "wrap"),
  value: fc.oneof(fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>, fc.constantFrom<Json>(-5, 0, 1.5, "", "LISTEN", "kyu-netlock", "priority", "close", true, [], {})),
  key: fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom("name", "priority", "program", "locks", "sites", "choice", "steps", "$schema")),
});
const mutations = (base: Json) => fc.array(step, { minLength: 1, maxLength: 3 }).map((ms) => ms.reduce(mutate, base));

/** fc.assert, but the failing input's own error message reaches the test report. */
async function holds<Ts extends unknown[]>(t: import("ava").ExecutionContext, p: fc.IAsyncProperty<Ts>, numRuns: number): Promise<void> {
  const out = await fc.check(p, { numRuns });
  if (out.failed) t.fail(`seed ${out.seed}: ${out.errorInstance instanceof Error ? out.errorInstance.message : String(out.errorInstance)}`);
}

let counter = 0;
const fresh = (ext: string) => join(dir, `in-${counter++}${ext}`);

const scenarioBase: Json = {
  ...(JSON.parse(readFileSync("test/model/fixtures/my-close-race.json", "utf8")) as Record<string, Json>),
  placement: JSON.parse(readFileSync("test/model/fixtures/my-placement.json", "utf8")) as Json,
};

test.serial("fuzz: mutated scenario files (with their placement) are checked or refused in one line", async (t) => {
  t.timeout(600_000);
  const seen = new Map<number, number>();
  await holds(
    t,
    fc.asyncProperty(mutations(scenarioBase), async (s) => {
      const file = fresh(".json");
      writeFileSync(file, JSON.stringify(s));
      const r = await socheck(["check", "--load", file, "--max-states", "3000", "--time-limit", "10"]);
      seen.set(r.code, (seen.get(r.code) ?? 0) + 1);
      const bad = verdictOf(r);
      if (bad) throw new Error(`${JSON.stringify(s)}: ${bad}`);
    }),
    RUNS,
  );
  // The mutations must mostly hit errors, or this tests nothing.
  t.log(`exit codes over ${RUNS} inputs: ${JSON.stringify(Object.fromEntries(seen))}`);
  t.true((seen.get(2) ?? 0) > RUNS / 2, JSON.stringify([...seen]));
});

const racy = (() => {
  const m = racyCounter(2);
  const v = check(m).violations[0]!;
  return JSON.parse(JSON.stringify(recordTrace(m, v.choices, v, { scenario: "example-racy-counter" }))) as Json;
})();

test.serial("fuzz: mutated traces are replayed, turned into tests or refused in one line, and --out is not written on a refusal", async (t) => {
  t.timeout(600_000);
  const seen = new Map<number, number>();
  await holds(
    t,
    fc.asyncProperty(mutations(racy), fc.constantFrom("replay", "trace-to-test"), async (tr, cmd) => {
      const file = fresh(".trace.json");
      writeFileSync(file, JSON.stringify(tr));
      const out = fresh(".html");
      const r = await socheck(cmd === "replay" ? ["replay", file, "--format", "html", "--out", out] : ["trace-to-test", file]);
      seen.set(r.code, (seen.get(r.code) ?? 0) + 1);
      const bad = verdictOf(r) ?? (r.code === 3 ? "exit 3" : null) ?? (r.code === 2 && existsSync(out) ? "wrote --out on a refusal" : null);
      if (bad) throw new Error(`${cmd} ${JSON.stringify(tr).slice(0, 300)}: ${bad}`);
    }),
    RUNS,
  );
  t.log(`exit codes over ${RUNS} inputs: ${JSON.stringify(Object.fromEntries(seen))}`);
  t.true((seen.get(2) ?? 0) > RUNS / 3, JSON.stringify([...seen]));
});

const flag = fc.oneof(
  fc.constantFrom("--bfs", "--dfs", "--random", "--por", "--symmetry", "--collect-all", "--json", "--progress", "--bogus", "--max-state", "-x", "--"),
  fc.tuple(
    fc.constantFrom("--workers", "--max-states", "--max-depth", "--time-limit", "--preemption-bound", "--seed", "--memory-limit", "--load", "--walks", "--omission-budget"),
    fc.oneof(fc.nat(40).map(String), fc.string({ maxLength: 4 }), fc.constantFrom("-1", "1e3", "NaN", "0x10", "", " 7", "no/such.mjs", "package.json")),
  ),
  fc.tuple(fc.constant("--bitstate"), fc.constantFrom("10", "16", "33", "9", "-1", "x", "")),
);

test.serial("fuzz: flag combinations run or are refused in one line, and nothing is written on a refusal", async (t) => {
  t.timeout(600_000);
  const seen = new Map<number, number>();
  await holds(
    t,
    fc.asyncProperty(
      fc.array(fc.constantFrom("example-peterson", "example-racy-counter", "example-peterson-broken", "nope", "", "exmaple-peterson"), { maxLength: 2 }),
      fc.array(flag, { maxLength: 4 }),
      fc.boolean(),
      async (names, flags, files) => {
        const traces = fresh("");
        const junit = fresh(".xml");
        const argv = ["check", ...names, ...flags.flat(), ...(files ? ["--trace-out", traces, "--ci", junit] : [])];
        const r = await socheck(argv);
        seen.set(r.code, (seen.get(r.code) ?? 0) + 1);
        const wrote = existsSync(junit) || (existsSync(traces) && readdirSync(traces).length > 0);
        const bad = verdictOf(r) ?? (r.code === 2 && wrote ? "wrote files on a refusal" : null);
        if (bad) throw new Error(`${argv.join(" ")}: ${bad}`);
      },
    ),
    RUNS,
  );
  t.log(`exit codes over ${RUNS} inputs: ${JSON.stringify(Object.fromEntries(seen))}`);
  t.true((seen.get(2) ?? 0) > RUNS / 3, JSON.stringify([...seen]));
});
