/**
 * A kernel composition that cannot be built as written: an unknown routine or site, a field name
 * that clashes, a region that does not close. One line, naming what is wrong and what is allowed;
 * the CLI prints it and exits 2, as it does for a bad placement.
 */
export class KernelError extends Error {
  override readonly name = "KernelError";
}
