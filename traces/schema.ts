/**
 * The JSON Schema of a trace file. traces/trace.schema.json is this object, published for other
 * tools; a test keeps the two identical.
 */
export const TRACE_SCHEMA_ID = "https://socheck.dev/schemas/trace-1.schema.json";

const shape = {
  type: "object",
  required: ["steps", "switches", "contexts"],
  properties: {
    steps: { type: "integer", minimum: 0 },
    switches: { type: "integer", minimum: 0 },
    contexts: { type: "integer", minimum: 0 },
  },
} as const;

export const traceSchema = {
  $schema: "http://json-schema.org/draft-07/schema#",
  $id: TRACE_SCHEMA_ID,
  title: "socheck counterexample trace",
  description: "A schedule of scheduler choices that drives a socheck model to a violation. Version 1.",
  type: "object",
  required: ["socheckTrace", "scenario", "model", "steps", "violation"],
  additionalProperties: false,
  properties: {
    socheckTrace: { const: 1, description: "format version" },
    scenario: {
      type: "object",
      required: ["name", "parameters"],
      additionalProperties: false,
      properties: {
        name: { type: "string", minLength: 1 },
        parameters: { type: "object" },
      },
    },
    model: {
      type: "object",
      required: ["name", "hash", "hashOf", "contexts"],
      additionalProperties: false,
      properties: {
        name: { type: "string" },
        hash: { type: "string", pattern: "^[0-9a-f]{64}$" },
        hashOf: { enum: ["signature", "shape"] },
        contexts: {
          type: "array",
          items: {
            type: "object",
            required: ["name", "kind"],
            additionalProperties: false,
            properties: {
              name: { type: "string" },
              kind: { enum: ["thread", "interrupt", "timer", "environment"] },
            },
          },
        },
      },
    },
    search: { type: "object" },
    initial: { type: "integer", minimum: 0, description: "which initial state the steps start from, for a model with several (absent: 0)" },
    steps: {
      type: "array",
      items: {
        type: "object",
        required: ["choice", "context", "label"],
        additionalProperties: false,
        properties: {
          choice: { type: "integer", minimum: 0 },
          context: { type: "string" },
          label: { type: "string" },
        },
      },
    },
    violation: {
      type: "object",
      required: ["kind", "property", "message"],
      additionalProperties: false,
      properties: {
        kind: { enum: ["invariant", "assertion", "stuck", "terminal"] },
        property: { type: "string", minLength: 1 },
        message: { type: "string" },
      },
    },
    minimisation: {
      type: "object",
      required: ["original", "minimised", "optimal"],
      additionalProperties: false,
      properties: {
        original: {
          ...shape,
          required: [...shape.required, "choices"],
          properties: { ...shape.properties, choices: { type: "array", items: { type: "integer", minimum: 0 } } },
        },
        minimised: shape,
        optimal: { type: "boolean" },
      },
    },
    createdBy: { type: "string" },
  },
} as const;
