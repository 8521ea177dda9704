import { dirname, resolve } from "node:path";
import type { Scenario } from "../scenario.js";
import { KernelError } from "../runtime/kernel-error.js";
import { PlacementError, readPlacementFile, type Placement } from "../runtime/placement.js";
import * as builtins from "../placements/index.js";
import { TCP_STATE_NAMES } from "../kernel/constants.js";
import { calloutExtension, parseCalloutSpec, type CalloutSpec } from "../callout/compose.js";
import { composeKernel, type KernelScenarioSpec } from "./compose.js";
import { placementSchemaError, scenarioSchemaError } from "./file-schemas.js";

/**
 * A user's kernel scenario as a JSON file (issue 4 §4): the same plain data as the built-in
 * ones, plus its expectation and a one-line summary. "placement" is an object, the name of a
 * built-in placement ("kyu-netlock"), or a path to a placement JSON file relative to this file.
 * Every error is one line naming the field; the placement itself is validated when composed.
 */
export class ScenarioFileError extends Error {
  override readonly name = "ScenarioFileError";
}

const BUILTIN: readonly Placement[] = Object.values(builtins);
const ROLES = ["app", "input", "timer"];
const PROGRAMS = ["close", "receive", "receive-close", "shutdown-close", "accept-close"];
const POLICIES = ["any", "priority", "bsd-up"];

function fail(where: string, msg: string): never {
  throw new ScenarioFileError(`${where}: ${msg}`);
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function only(where: string, o: Record<string, unknown>, keys: readonly string[]): void {
  for (const k of Object.keys(o)) if (!keys.includes(k)) fail(where, `unknown field "${k}" (expected ${keys.join(", ")})`);
}

export function kernelScenarioFromJson(raw: unknown, source: string): Scenario & { readonly spec: KernelScenarioSpec; readonly callouts?: CalloutSpec } {
  const w = source;
  if (!isObj(raw)) fail(w, "not a JSON object");
  only(w, raw, ["$schema", "name", "summary", "expected", "policy", "placement", "options", "initial", "contexts", "peer", "callouts"]);
  if (typeof raw.name !== "string" || !/^[\w.-]+$/.test(raw.name)) fail(w, `"name" must be a word like "my-close-race"`);
  const exp = raw.expected;
  if (!isObj(exp) || (exp.verdict !== "safe" && exp.verdict !== "violation")) fail(w, `"expected" must be {"verdict": "safe"} or {"verdict": "violation", "properties": [...]}`);
  if (exp.properties !== undefined && (!Array.isArray(exp.properties) || exp.properties.some((p) => typeof p !== "string"))) fail(w, `"expected.properties" must be an array of property names`);
  if (!POLICIES.includes(raw.policy as string)) fail(w, `"policy" must be one of ${POLICIES.join(", ")}`);
  let placement: unknown = raw.placement;
  if (typeof placement === "string") {
    const byName = BUILTIN.find((p) => p.name === placement);
    if (byName) placement = byName;
    else if (placement.endsWith(".json")) {
      try {
        placement = readPlacementFile(resolve(dirname(source), placement));
      } catch (e) {
        fail(w, (e as PlacementError).message);
      }
    } else fail(w, `"placement": no built-in placement "${placement}" (known: ${BUILTIN.map((p) => p.name).join(", ")}) and not a .json path`);
  }
  if (!isObj(placement)) fail(w, `"placement" must be an object, a built-in placement's name or a .json path`);
  unusedLock(w, placement);
  const opts = raw.options ?? { flavor: "bsd44" };
  if (!isObj(opts)) fail(w, `"options" must be an object`);
  only(`${w}: options`, opts, ["flavor", "sbwakeup", "linger", "delayInSoclose", "sofree"]);
  if (opts.flavor !== "bsd44" && opts.flavor !== "kyu") fail(w, `"options.flavor" must be "bsd44" or "kyu"`);
  if (opts.sbwakeup !== undefined && opts.sbwakeup !== "if-waiting" && opts.sbwakeup !== "always") fail(w, `"options.sbwakeup" must be "if-waiting" or "always"`);
  if (opts.sofree !== undefined && opts.sofree !== "flags" && opts.sofree !== "refcount") fail(w, `"options.sofree" must be "flags" or "refcount"`);
  for (const b of ["linger", "delayInSoclose"]) if (opts[b] !== undefined && typeof opts[b] !== "boolean") fail(w, `"options.${b}" must be true or false`);
  const init = raw.initial;
  if (!isObj(init)) fail(w, `"initial" must be an object like {"tcpState": "ESTABLISHED"}`);
  only(`${w}: initial`, init, ["tcpState", "rcvData", "timers", "listen", "listenChild", "slots", "steps"]);
  if (init.listen !== undefined && typeof init.listen !== "boolean") fail(w, `"initial.listen" must be true or false`);
  if (init.listen === true && init.tcpState !== "LISTEN") fail(w, `"initial.listen" needs "tcpState": "LISTEN"`);
  if (!TCP_STATE_NAMES.includes(init.tcpState as never)) fail(w, `"initial.tcpState" must be one of ${TCP_STATE_NAMES.join(", ")}`);
  if (init.timers !== undefined && (!Array.isArray(init.timers) || init.timers.some((x) => !["REXMT", "KEEP", "2MSL"].includes(x as string))))
    fail(w, `"initial.timers" must be a list of REXMT, KEEP, 2MSL`);
  if (init.rcvData !== undefined && ![0, 1, 2].includes(init.rcvData as number)) fail(w, `"initial.rcvData" must be 0, 1 or 2`);
  if (!Array.isArray(raw.contexts) || raw.contexts.length === 0) fail(w, `"contexts" must be a non-empty list`);
  const names = new Set<string>();
  raw.contexts.forEach((c, i) => {
    const at = `${w}: contexts[${i}]`;
    if (!isObj(c)) fail(at, "must be an object");
    only(at, c, ["name", "role", "program", "priority"]);
    if (typeof c.name !== "string" || c.name === "" || names.has(c.name)) fail(at, `"name" must be a unique non-empty string`);
    names.add(c.name);
    if (!ROLES.includes(c.role as string)) fail(at, `"role" must be one of ${ROLES.join(", ")}`);
    if (c.program !== undefined && !PROGRAMS.includes(c.program as string)) fail(at, `"program" must be one of ${PROGRAMS.join(", ")}`);
    // Fields that would be silently ignored are errors: the user meant something by them.
    if (c.program !== undefined && c.role !== "app") fail(at, `"program" is for "app" contexts; a ${c.role as string} context runs its own handler`);
    if (c.priority !== undefined && !(Number.isInteger(c.priority) && (c.priority as number) >= 0)) fail(at, `"priority" must be a non-negative integer (higher runs first)`);
    if (c.priority !== undefined && raw.policy !== "priority") fail(at, `"priority" only counts under "policy": "priority" (this file says "${raw.policy as string}")`);
    if (c.priority === undefined && raw.policy === "priority") fail(at, `"policy": "priority" needs a "priority" on every context`);
  });
  const peer = raw.peer ?? {};
  if (!isObj(peer)) fail(w, `"peer" must be an object`);
  only(`${w}: peer`, peer, ["fin", "ack", "rst", "data", "ticks"]);
  for (const b of ["fin", "ack", "rst"]) if (peer[b] !== undefined && typeof peer[b] !== "boolean") fail(w, `"peer.${b}" must be true or false`);
  for (const n of ["data", "ticks"])
    if (peer[n] !== undefined && !(Number.isInteger(peer[n]) && (peer[n] as number) >= 0 && (peer[n] as number) <= 5)) fail(w, `"peer.${n}" must be an integer from 0 to 5`);
  // The timers as callouts on a wheel of the named variant (model/callout/compose.ts).
  const callouts = raw.callouts === undefined ? undefined : parseCalloutSpec(raw.callouts, w);
  // The shipped schema has the last word on shape: anything the checks above let through.
  const shape = scenarioSchemaError({ ...raw, placement: raw.placement });
  if (shape) fail(w, shape);
  if (typeof raw.placement !== "object") {
    const resolved = placementSchemaError(placement);
    if (resolved) fail(w, `placement "${(placement as { name?: string }).name ?? raw.placement}": ${resolved}`);
  }
  const spec = { ...raw, options: opts, placement, peer } as unknown as KernelScenarioSpec;
  return {
    name: raw.name,
    summary: typeof raw.summary === "string" ? raw.summary : "",
    source,
    group: "user",
    expected: exp as unknown as Scenario["expected"],
    // The composition and its callouts, for commands that compose variants of it (synthesize).
    spec,
    ...(callouts ? { callouts } : {}),
    build: () => {
      try {
        return composeKernel(spec, callouts && calloutExtension(callouts));
      } catch (e) {
        if (e instanceof PlacementError || e instanceof KernelError) fail(w, e.message);
        throw e;
      }
    },
  };
}

/**
 * A lock a user's placement declares and never places protects nothing: most likely a site was
 * left out. (Only for users' files: the tests' random placements declare locks freely.)
 */
function unusedLock(w: string, p: Record<string, unknown>): void {
  const sites = isObj(p.sites) ? Object.values(p.sites) : [];
  // A site may carry a list of protections.
  const used = new Set([p.default, ...sites].flatMap((v) => (Array.isArray(v) ? v : [v])).flatMap((v) => (isObj(v) && typeof v.lock === "string" ? [v.lock] : [])));
  if (isObj(p.locks)) for (const n of Object.keys(p.locks)) if (!used.has(n)) fail(w, `placement${typeof p.name === "string" ? ` "${p.name}"` : ""}: lock "${n}" is declared but no site uses it`);
}

/** Reads and checks a scenario file; composing it (build) validates the placement too. */
export function readKernelScenarioFile(path: string): Scenario {
  let raw: unknown;
  try {
    raw = readPlacementFile(path);
  } catch (e) {
    throw new ScenarioFileError((e as Error).message.replace(/^placement file/, "scenario file"));
  }
  const sc = kernelScenarioFromJson(raw, path);
  const model = sc.build(); // fail now, with one line, rather than in the middle of a run
  // An expected property the model cannot report would never match: a misspelling, most likely.
  const known = [...new Set([...model.invariants.map((i) => i.name), ...KERNEL_FINDINGS])].sort();
  for (const p of sc.expected.properties ?? []) if (!known.includes(p)) fail(path, `"expected.properties": no property "${p}" in this model (known: ${known.join(", ")})`);
  return sc;
}

/**
 * What a kernel model reports besides its invariants: stuck states (kernel-model.ts), end-of-run
 * leaks (faults.ts) and the assertions steps raise (linker.ts, kernel-model.ts, tcp.ts).
 */
export const KERNEL_FINDINGS: readonly string[] = ["deadlock", "lost-wakeup", "leak", "program", "unlock-not-owner", "tcp-transition"];
