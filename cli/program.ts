import { Command, CommanderError } from "commander";
import { runCheck, type CheckFlags } from "./commands/check.js";
import { runList } from "./commands/list.js";
import { runDescribe } from "./commands/describe.js";
import { runRaces } from "./commands/races.js";
import { runSynthesize, type SynthFlags } from "./commands/synthesize.js";
import { runReplay, type ReplayFlags } from "./commands/replay.js";
import { traceOutHooks } from "./commands/trace-out.js";
import { showTracesHooks } from "./commands/show-traces.js";
import { ciHooks, mergeHooks, resolveCiArg } from "./commands/ci.js";
import { runTraceToTest } from "./commands/trace-to-test.js";
import { nonNegativeInt, nonNegativeNumber, oneOf, positiveNumber } from "./parse.js";
import { EXIT_CODES_HELP, EXIT_USAGE, UsageError } from "./usage-error.js";

/** Commander's error, and its "(Did you mean --max-states?)" on the next line, as one line. */
function oneLine(s: string): string {
  const [first, second] = s.trim().split("\n");
  const hint = second && /^\(Did you mean/.test(second) ? ` ${second}` : "";
  return first!.replace(/^error: /, "socheck: ") + hint + "\n";
}

/** One file per --load; repeat the flag for more (a variadic flag would swallow the scenario names after it). */
function collect(v: string, prev: string[] = []): string[] {
  return [...prev, v];
}

/** Builds the command tree. Each command's work lives in cli/commands/, one file each. */
export function program(): Command {
  const p = new Command()
    .name("socheck")
    .description("Model checker for the BSD socket-close protocol: every interleaving of soclose, tcp_input, timers and interrupts.")
    .version("0.1.0")
    .exitOverride()
    .configureOutput({ outputError: (s, write) => write(oneLine(s)) })
    .addHelpText("after", "\n" + EXIT_CODES_HELP);

  p.command("list")
    .description("list the built-in scenarios (and loaded ones), one line each")
    .option("--json", "machine-readable output")
    .option("--load <file>", "also list the scenarios of a compiled JavaScript module or a scenario .json file; repeat for more", collect)
    .option("--placements", "list the built-in placements instead")
    .option("--sites", "list every site and wait site of the kernel's routines instead")
    .action(async (o: { json?: boolean; load?: string[]; placements?: boolean; sites?: boolean }) => {
      process.exitCode = await runList(o);
    });

  p.command("describe")
    .description("what a scenario's kernel is made of: routines (with the source each follows), sites and regions, wait sites, locks, objects, properties")
    .argument("<name>", "a scenario name (see `socheck list`)")
    .option("--json", "machine-readable output")
    .option("--load <file>", "also load scenarios from a compiled JavaScript module or a scenario .json file; repeat for more", collect)
    .action(async (name: string, o: { json?: boolean; load?: string[] }) => {
      process.exitCode = await runDescribe(name, o);
    });

  p.command("races")
    .description("the field-by-field race table: who reads and writes each shared location under which protection, the conflicting accesses nothing orders, and whether their order matters")
    .argument("<name>", "a kernel scenario name")
    .option("--json", "machine-readable output")
    .option("--markdown", "Markdown tables")
    .option("--max-states <n>", "explore at most n states (the table then says it is incomplete; exit 3)", nonNegativeInt("--max-states"))
    .option("--load <file>", "also load scenarios from a compiled JavaScript module or a scenario .json file; repeat for more", collect)
    .action(async (name: string, o: { json?: boolean; markdown?: boolean; load?: string[]; maxStates?: number }) => {
      process.exitCode = await runRaces(name, o);
    });

  p.command("synthesize")
    .description("find every minimal placement (locks at sites, a recursive lock, atomic so_state, locks released at sleeps) under which a kernel scenario is safe, least serialising first")
    .argument("<name>", "a kernel or callout scenario's name, or a loaded one's")
    .option("--locks <a,b>", "the locks synthesis may place (default one, L)")
    .option("--max-size <n>", "at most n added protections per candidate (default 3)", nonNegativeInt("--max-size"))
    .option("--sites <a,b>", "only these sites are candidates (default: every site and region)")
    .option("--require <a=L,...>", "protections every candidate keeps (the ones your code has), e.g. soclose=L,sorflush=L")
    .option("--from-scratch", "start from no protection at all, with every wait holding its locks, instead of the scenario's placement")
    .option("--out <dir>", "write each minimal placement as DIR/NAME.minimal-K.placement.json and a scenario file DIR/NAME.minimal-K.json that check --load takes")
    .option("--json", "machine-readable output")
    .option("--load <file>", "also load scenarios from a compiled JavaScript module (kernelScenario) or a scenario .json file; repeat for more", collect)
    .action(async (name: string, o: SynthFlags) => {
      process.exitCode = await runSynthesize(name, o);
    });

  p.command("check")
    .description("check scenarios and print a verdict table")
    .argument("[names...]", "scenario names (see `socheck list`)")
    .option("--all", "check every built-in scenario (implies --collect-all)")
    .option("--bfs", "breadth-first search (default; shortest counterexamples)")
    .option("--dfs", "depth-first search; with --por, partial-order reduction with the stack proviso (SPIN's default search)")
    .option("--random", "random walks (never a proof)")
    .option("--por", "breadth-first search with partial-order reduction: ample and sleep sets (needs the model's footprints)")
    .option("--symmetry", "breadth-first search storing one state per symmetry class (needs the model's canonicalize); with --por, both reductions")
    .option("--workers <n>", "parallel breadth-first search on n worker threads, at most the machine's cores (same verdicts and, run to the end, the same states as one thread; stopped at a first violation, it finishes that level, so it may count more states)", nonNegativeInt("--workers"))
    .option("--bitstate <w>", "bitstate search in 2^w bits (never a proof)", nonNegativeInt("--bitstate"))
    .option("--omission-budget <x>", "with --bitstate: model steps the count of omitted states may take per search transition, during the search and again after it (default 3; 0: no count)", nonNegativeNumber("--omission-budget"))
    .option("--max-states <n>", "stop after n distinct states", nonNegativeInt("--max-states"))
    .option("--max-depth <n>", "do not expand states deeper than n", nonNegativeInt("--max-depth"))
    .option("--time-limit <seconds>", "stop after this many seconds", positiveNumber("--time-limit"))
    .option("--preemption-bound <k>", "explore only runs with at most k preemptions", nonNegativeInt("--preemption-bound"))
    .option("--seed <n>", "seed for --random", nonNegativeInt("--seed"))
    .option("--walks <n>", "number of random walks", nonNegativeInt("--walks"))
    .option("--collect-all", "keep going after a violation: one shortest counterexample per property")
    .option(
      "--fingerprints <mode>",
      "breadth-first searches (--bfs, --por, --symmetry): incremental (default) updates each successor's fingerprint (under --symmetry, its class code) from the words its step declares it wrote; full hashes every state (every representative canonicalize builds) whole; verify does both and stops on a difference (a test of the model's write sets)",
      oneOf("--fingerprints", ["incremental", "full", "verify"] as const),
    )
    .option(
      "--pack-queue <mode>",
      "breadth-first searches: auto (default) queues states of 32 words or more whole until the frontier holds 64 MiB, then packed at the bits each word needs; on packs from the start; off never packs",
      oneOf("--pack-queue", ["auto", "on", "off"] as const),
    )
    .option("--memory-limit <MiB>", "stop cleanly when the process uses more memory than this", positiveNumber("--memory-limit"))
    .option("--json", "print results as JSON")
    .option("--progress", "show the progress line even when stderr is not a terminal")
    .option("--load <file>", "also load scenarios from a compiled JavaScript module or a scenario .json file; repeat for more; with no names, check what was loaded", collect)
    .option("--trace-out <dir>", "write each counterexample, minimised, as DIR/SCENARIO.PROPERTY.trace.{json,md,html}")
    .option("--show-traces", "print the folded counterexample of every violation (default: only of those not expected)")
    .option("--ci [file]", "CI output: JUnit XML to FILE.xml (default socheck-junit.xml) and GitHub annotation lines")
    .action(async (names: string[], o: CheckFlags & { ci?: string | true }) => {
      const ci = o.ci !== undefined ? resolveCiArg(o.ci, names) : null;
      const hooks = mergeHooks(showTracesHooks(o), o.traceOut !== undefined ? traceOutHooks(o.traceOut, o) : {}, ci ? ciHooks(ci.file, o) : {});
      process.exitCode = await runCheck(ci ? ci.names : names, o, hooks);
    });

  p.command("replay")
    .description("re-execute a trace file: confirm its violation, or say at which step and why it no longer fits")
    .argument("<file>", "a .trace.json file written by `socheck check --trace-out`")
    .option("--format <format>", "text (default), mermaid, markdown, html or json")
    .option("--out <file>", "write the rendering to this file")
    .option("--minimise", "minimise the trace again before rendering it")
    .option("--raw", "every step and every slot, the model's bookkeeping too, unfolded")
    .option("--load <file>", "load user scenarios from a compiled JavaScript module or a scenario .json file; repeat for more", collect)
    .action(async (file: string, o: ReplayFlags) => {
      process.exitCode = await runReplay(file, o);
    });

  p.command("trace-to-test")
    .description("print an ava regression test that replays a trace and asserts its violation (the trace must replay now; exit 1 if not)")
    .argument("<file>", "a .trace.json file")
    .option("--import-from <module>", "module the test imports replayTrace from", "socheck/traces")
    .option("--load <file>", "load user scenarios from a compiled JavaScript module or a scenario .json file; repeat for more", collect)
    .action(async (file: string, o: { importFrom?: string; load?: string[] }) => {
      process.exitCode = await runTraceToTest(file, o);
    });
  // Every command's --help ends with the same table.
  for (const c of p.commands) c.addHelpText("after", "\n" + EXIT_CODES_HELP);
  return p;
}

export async function main(argv: readonly string[]): Promise<number> {
  try {
    await program().parseAsync(argv as string[], { from: "user" });
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      // Help and version exit 0; every parse error has already been printed as one line.
      return e.exitCode === 0 ? 0 : EXIT_USAGE;
    }
    // A composition that cannot be built as written (a user's kernel or placement): one line, exit 2.
    if (e instanceof UsageError || (e instanceof Error && (e.name === "KernelError" || e.name === "PlacementError"))) {
      process.stderr.write(`socheck: ${e.message}\n`);
      return EXIT_USAGE;
    }
    throw e;
  }
}
