import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";

/**
 * The JSON Schemas of scenario and placement files, shipped in the package's schemas/ folder for
 * editors (`"$schema": "node_modules/socheck/schemas/scenario.schema.json"` gives completion) and
 * used here to check a file field by field. The hand-written checks (scenario-file.ts,
 * placement.ts) run first for their tailored messages and the rules a schema cannot say (a
 * priority only under the priority policy, a site that exists in this kernel); the schema then
 * catches whatever shape they let through, so the two cannot drift apart unnoticed.
 */

/** The package's root: the nearest folder above this module with socheck's package.json (source, dist or installed). */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pj = join(dir, "package.json");
    if (existsSync(pj) && (JSON.parse(readFileSync(pj, "utf8")) as { name?: string }).name === "socheck") return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error("socheck: cannot find the package's schemas/ folder");
    dir = up;
  }
}

/** A shipped schema by file name ("scenario.schema.json"). */
export function readSchema(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(packageRoot(), "schemas", file), "utf8")) as Record<string, unknown>;
}

let compiled: { scenario: ValidateFunction; placement: ValidateFunction } | null = null;

function validators() {
  if (compiled) return compiled;
  const ajv = new Ajv({ allErrors: false, strict: true });
  const placement = readSchema("placement.schema.json");
  ajv.addSchema(placement);
  compiled = { scenario: ajv.compile(readSchema("scenario.schema.json")), placement: ajv.getSchema(placement.$id as string)! };
  return compiled;
}

/** One line for ajv's first error: the field as a JSON pointer and what it must be. */
function describe(err: ErrorObject | undefined): string {
  if (!err) return "does not match the schema";
  const at = err.instancePath === "" ? "(top level)" : err.instancePath;
  const p = err.params as Record<string, unknown>;
  if (err.keyword === "additionalProperties") return `${at}: unknown field "${String(p.additionalProperty)}"`;
  if (err.keyword === "enum") return `${at}: must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`;
  return `${at}: ${err.message ?? "does not match the schema"}`;
}

/** The first way `raw` breaks the scenario file schema, as one line, or null. */
export function scenarioSchemaError(raw: unknown): string | null {
  const v = validators().scenario;
  return v(raw) ? null : describe(v.errors?.[0]);
}

/** The first way `raw` breaks the placement file schema, as one line, or null. */
export function placementSchemaError(raw: unknown): string | null {
  const v = validators().placement;
  return v(raw) ? null : describe(v.errors?.[0]);
}
