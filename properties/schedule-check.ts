import { writeFileSync } from "node:fs";
import fc from "fast-check";
import type { Model } from "../checker/index.js";
import type { Scenario } from "../model/scenario.js";
import { readKernelScenarioFile } from "../model/compose/scenario-file.js";
import { findScenario } from "../model/scenarios/index.js";
import { annotate } from "../traces/annotate.js";
import { recordTrace } from "../traces/record.js";
import { renderText } from "../traces/render-text.js";
import type { TraceFile } from "../traces/trace-file.js";
import { serializeTrace } from "../traces/validate.js";
import { scheduleArb, type Schedule } from "./schedule.js";
import { ScheduleRunner, type RunOptions, type ScheduleOutcome } from "./schedule-runner.js";

/** What to test: a built Model, a Scenario, or the name of a registered scenario. */
export type ScheduleTarget = Model | Scenario | string;

export interface ScheduleCheckOptions extends RunOptions {
  /** Random schedules to try (default 200). */
  readonly numRuns?: number;
  /** fast-check seed; together with `path` it replays one failure exactly. */
  readonly seed?: number;
  /** fast-check path of a failure (printed on failure) to replay it without searching again. */
  readonly path?: string;
  /** Most picks per generated schedule (default 200). */
  readonly maxLength?: number;
  /** On failure, write the counterexample here in the trace format (replay with `socheck replay FILE`). */
  readonly traceFile?: string;
}

export interface ScheduleCounterexample {
  /** The shrunk schedule (picks). */
  readonly schedule: Schedule;
  /** The choices it makes: the counterexample, replayable with `replay(model, choices)`. */
  readonly outcome: ScheduleOutcome;
  /** The counterexample in the trace format. */
  readonly trace: TraceFile;
  /** The trace rendered for a terminal. */
  readonly text: string;
}

export interface ScheduleCheckReport {
  readonly model: string;
  readonly ok: boolean;
  /** Schedules run, shrinking included. */
  readonly runs: number;
  readonly seed: number;
  /** fast-check's path to the shrunk failure; pass it back with `seed` to replay just that. */
  readonly path: string | null;
  readonly counterexample: ScheduleCounterexample | null;
  /** A few lines for a test's failure message: verdict, seed and path, choices, rendered trace. */
  readonly message: string;
}

export function resolveTarget(target: ScheduleTarget): { model: Model; scenario: string } {
  if (typeof target === "string") {
    // A path to a JSON scenario file (its placement inline, by name or as a file), as `socheck check --load` takes.
    const s = target.endsWith(".json") ? readKernelScenarioFile(target) : findScenario(target);
    if (!s) throw new Error(`unknown scenario "${target}" (see \`socheck list\`)`);
    return { model: s.build(), scenario: s.name };
  }
  if ("build" in target) return { model: target.build(), scenario: target.name };
  return { model: target, scenario: target.name };
}

/**
 * Runs `numRuns` random schedules against the target, checking every invariant after every step
 * and the stuck and end-of-run checks; on a violation fast-check shrinks the schedule to a minimal
 * one. Never a proof: an ok report means no violation in the schedules tried.
 */
export function checkSchedules(target: ScheduleTarget, opts: ScheduleCheckOptions = {}): ScheduleCheckReport {
  const { model, scenario } = resolveTarget(target);
  const runner = new ScheduleRunner(model);
  const runOpts: RunOptions = { extend: opts.extend, maxSteps: opts.maxSteps };
  const details = fc.check(
    fc.property(scheduleArb({ maxLength: opts.maxLength }), (s) => runner.run(s, runOpts).violation === null),
    { numRuns: opts.numRuns ?? 200, seed: opts.seed, path: opts.path },
  );
  if (details.failed && details.counterexample === null) throw new Error(`${scenario}: schedule check failed without a counterexample`);
  if (!details.failed || details.counterexample === null) {
    return {
      model: model.name,
      ok: true,
      runs: details.numRuns,
      seed: details.seed,
      path: null,
      counterexample: null,
      message: `${scenario}: no violation in ${details.numRuns} random schedules (seed ${details.seed}); not a proof`,
    };
  }
  const schedule = details.counterexample[0];
  const outcome = runner.run(schedule, runOpts);
  const v = outcome.violation!;
  const trace = recordTrace(model, outcome.choices, v, {
    scenario,
    search: { strategy: "fast-check schedules", seed: details.seed, path: details.counterexamplePath, schedule: [...schedule] },
  });
  const text = renderText(annotate(model, outcome.choices, outcome.initial), { scenario });
  if (opts.traceFile) writeFileSync(opts.traceFile, serializeTrace(trace));
  const message = [
    `${scenario}: ${v.property} (${v.kind}) after ${outcome.choices.length} steps: ${v.message}`,
    `replay: { seed: ${details.seed}, path: ${JSON.stringify(details.counterexamplePath)} }  (shrunk in ${details.numShrinks} steps)`,
    `choices: [${outcome.choices.join(", ")}]`,
    ...(opts.traceFile ? [`trace written to ${opts.traceFile}`] : []),
    "",
    text,
  ].join("\n");
  return {
    model: model.name,
    ok: false,
    runs: details.numRuns,
    seed: details.seed,
    path: details.counterexamplePath,
    counterexample: { schedule, outcome, trace, text },
    message,
  };
}

/** Throws an Error carrying the report's message when a violation is found; for any test runner. */
export function assertNoViolation(target: ScheduleTarget, opts: ScheduleCheckOptions = {}): ScheduleCheckReport {
  const r = checkSchedules(target, opts);
  if (!r.ok) throw new Error(r.message);
  return r;
}

/**
 * The same check as a fast-check property over schedules, for users who drive fast-check
 * themselves (`fc.assert`, `@fast-check/ava`'s `testProp`): it throws on a violation with the
 * violation and the choices, and fast-check reports the seed and path.
 */
export function scheduleProperty(target: ScheduleTarget, opts: RunOptions & { readonly maxLength?: number } = {}): fc.IPropertyWithHooks<[number[]]> {
  const { model } = resolveTarget(target);
  const runner = new ScheduleRunner(model);
  return fc.property(scheduleArb({ maxLength: opts.maxLength }), (s) => {
    const o = runner.run(s, opts);
    if (o.violation) throw new Error(`${o.violation.property} (${o.violation.kind}): ${o.violation.message}; choices [${o.choices.join(", ")}]`);
  });
}
