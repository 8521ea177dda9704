/** socheck's trace API: the file format, replay, minimisation and renderings. */
export * from "./trace-file.js";
export { traceSchema, TRACE_SCHEMA_ID } from "./schema.js";
export { TraceError } from "./trace-error.js";
export { parseTrace, readTrace, serializeTrace, validateTrace } from "./validate.js";
export { modelHash, type ModelHash } from "./model-hash.js";
export { recordTrace, type RecordOptions } from "./record.js";
export { verifyTrace, type TraceVerdict, type TraceStatus, type LabelDrift } from "./verify.js";
export { replayTrace } from "./replay-trace.js";
export { modelForTrace } from "./scenario-model.js";
export { minimise, type Minimised, type MinimiseOptions } from "./minimise.js";
export { traceShape } from "./shape.js";
export { annotate, type AnnotatedTrace, type AnnotatedStep, type SlotChange } from "./annotate.js";
export { explainViolation } from "./explain.js";
export { renderText, type RenderMeta } from "./render-text.js";
export { renderMermaid } from "./render-mermaid.js";
export { renderMarkdown } from "./render-markdown.js";
export { renderHtml } from "./render-html.js";
export { traceToTest, type ToTestOptions } from "./to-test.js";
