import cliProgress from "cli-progress";
import type { Progress } from "../checker/index.js";

/**
 * A one-line progress display on stderr for long runs. The search reports about once a second,
 * so runs shorter than a second never show it. Silent when stderr is not a terminal unless forced.
 */
export class ProgressLine {
  private bar: cliProgress.SingleBar | null = null;

  constructor(
    private readonly label: string,
    private readonly enabled = process.stderr.isTTY === true,
  ) {}

  update(p: Progress): void {
    if (!this.enabled) return;
    const payload = {
      label: this.label,
      states: p.states.toLocaleString("en-US"),
      rate: Math.round(p.statesPerSecond).toLocaleString("en-US"),
      queue: p.queue.toLocaleString("en-US"),
      depth: p.depth,
      secs: (p.elapsedMs / 1000).toFixed(1),
    };
    if (!this.bar) {
      this.bar = new cliProgress.SingleBar(
        {
          format: "{label}: {states} states, {rate} states/s, queue {queue}, depth {depth}, {secs}s",
          stream: process.stderr,
          hideCursor: false,
          clearOnComplete: true,
          noTTYOutput: !process.stderr.isTTY,
          notTTYSchedule: 1000,
        },
        cliProgress.Presets.legacy,
      );
      this.bar.start(1, 0, payload);
    }
    this.bar.update(0, payload);
  }

  done(): void {
    this.bar?.stop();
    this.bar = null;
  }
}
