/** Bad input from the user: printed as one line, exit code 2, never a stack trace. */
export class UsageError extends Error {
  override name = "UsageError";
}

export const EXIT_OK = 0;
export const EXIT_UNEXPECTED = 1;
export const EXIT_USAGE = 2;
export const EXIT_INCONCLUSIVE = 3;
/** A second Ctrl-C, or one that had to end model code that had stopped returning (128 + SIGINT). */
export const EXIT_HARD_INTERRUPT = 130;
/** A bug in socheck itself (never bad input): the message says so. */
export const EXIT_INTERNAL = 70;

/**
 * The exit codes, for --help and the README: every path of the CLI ends with one of these.
 * When several apply the first listed here wins: 130, 2, 1, 3, 0.
 */
export const EXIT_CODES_HELP = `Exit codes:
  0    every verdict as expected (and every scenario run)
  1    a verdict not as expected (MISMATCH), or a replayed trace that no longer shows its violation
  2    bad usage or input (flag, scenario, file), a model that breaks its contract or throws, a write error
  3    inconclusive (a bound cut a search that found nothing) or not every scenario run (Ctrl-C)
  130  hard interrupt: a second Ctrl-C, or a Ctrl-C that had to stop a model step that did not return
  (70 is a bug in socheck itself; please report it)`;
