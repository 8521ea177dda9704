/** A trace file that cannot be used: unreadable, not JSON, not a trace, or naming an unknown scenario. One line. */
export class TraceError extends Error {
  override name = "TraceError";
}
