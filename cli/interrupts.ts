import { Script } from "node:vm";
import { EXIT_HARD_INTERRUPT } from "./usage-error.js";

/** Runs the function parked on globalThis under this key; vm needs a script, the work is a closure. */
const KEY = "__socheckInterruptible";
const CALL = new Script(`globalThis.${KEY}()`, { filename: "socheck-interruptible" });

/** How long model code may run without the search polling for a stop before a Ctrl-C counts as hard. */
export const STUCK_MS = 2000;

/**
 * Ctrl-C for a long check. The first one asks the search to stop and report what it found (exit 3
 * when nothing worse happened); a second one exits 130 at once. A search polls for the first
 * between slices and every 1024 expansions, but a model step that never returns polls nothing and
 * blocks the event loop, where a SIGINT listener never runs; so slices run through `run`, under
 * vm's breakOnSigint, whose watchdog thread ends the running JavaScript on SIGINT. A slice ended
 * that way while the search had polled recently is an ordinary first Ctrl-C; one that ended code
 * which had not come back for STUCK_MS is a hard interrupt (exit 130), still after printing what was
 * found.
 */
export class Interrupts {
  /** Ctrl-Cs received so far. */
  count = 0;
  /** Set when a Ctrl-C had to end model code that had not returned for STUCK_MS: how long it had run. */
  stuckMs = 0;
  private lastPoll = performance.now();
  private readonly listener = () => this.hit();

  constructor(
    private readonly exit: (code: number) => void = (code) => process.exit(code),
    private readonly say: (line: string) => void = (line) => process.stderr.write(line + "\n"),
  ) {
    process.on("SIGINT", this.listener);
  }

  /** True once a Ctrl-C asked to stop; searches poll this (and the poll is the heartbeat STUCK_MS measures). */
  readonly requested = (): boolean => {
    this.lastPoll = performance.now();
    return this.count > 0;
  };

  /** One Ctrl-C: the first asks to stop, the second exits 130 at once. */
  hit(): void {
    this.count++;
    if (this.count >= 2) {
      this.say("socheck: interrupted again: stopping at once (exit 130)");
      this.exit(EXIT_HARD_INTERRUPT);
      return;
    }
    this.say("socheck: interrupted: reporting what was found (Ctrl-C again to stop at once)");
  }

  /**
   * Runs `fn` so that Ctrl-C can end it even inside a model method that never returns. Returns
   * `{ value }`, or null when a Ctrl-C ended it (counted as one; `stuckMs` set if the code had not
   * polled for STUCK_MS).
   */
  run<T>(fn: () => T): { value: T } | null {
    const g = globalThis as Record<string, unknown>;
    g[KEY] = fn;
    const started = performance.now();
    this.lastPoll = started;
    try {
      return { value: CALL.runInThisContext({ breakOnSigint: true }) as T };
    } catch (e) {
      if ((e as { code?: string })?.code !== "ERR_SCRIPT_EXECUTION_INTERRUPTED") throw e;
      const silent = performance.now() - this.lastPoll;
      if (silent >= STUCK_MS) this.stuckMs = silent;
      this.hit();
      return null;
    } finally {
      delete g[KEY];
    }
  }

  /** Removes the SIGINT listener (Node's default, exit at once, is back). */
  dispose(): void {
    process.off("SIGINT", this.listener);
  }
}
