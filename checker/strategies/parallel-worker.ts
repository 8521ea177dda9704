import { parentPort, receiveMessageOnPort, workerData, type MessagePort } from "node:worker_threads";
import { loadModel, type ModelSource } from "../model-source.js";
import { ModelError } from "../model-error.js";
import { CMD_GROW, CMD_QUIT, CTL, LevelExpander, STAT, type LevelShared } from "./parallel-level.js";
import type { SharedTableBuffers } from "../stores/shared-table.js";

/**
 * A parallel-search worker: rebuilds the model from its source (models are closures and cannot
 * be sent between threads), then runs one level per generation bump until told to quit.
 * Violations go to the main thread over a port; the main thread reads them synchronously.
 */
interface WorkerInit {
  readonly shared: LevelShared;
  readonly source: ModelSource;
  readonly me: number;
  readonly preemptionBound: number;
  readonly hashSeed: number;
  readonly port: MessagePort;
}

const init = workerData as WorkerInit;
const ctl = new Int32Array(init.shared.ctl);
const stats = new Float64Array(init.shared.stats);

/** A failure is reported, never left as a silent hang: the main thread waits on counters, not on events. */
function report(e: unknown): void {
  const message = e instanceof Error ? e.message : String(e);
  const memory = e instanceof RangeError && /alloc|array length|buffer|grow/i.test(message);
  init.port.postMessage({ error: message, memory, model: e instanceof ModelError ? e.toJSON() : undefined });
  stats[init.me * STAT.WIDTH + STAT.POSTED]!++;
  Atomics.store(ctl, CTL.STOP, 1);
}

let lx: LevelExpander | null = null;
try {
  lx = new LevelExpander(await loadModel(init.source), init.shared, init.me, init.preemptionBound, init.hashSeed);
} catch (e) {
  report(e);
}
Atomics.add(ctl, CTL.READY, 1);
Atomics.notify(ctl, CTL.READY);
let gen = 0;
let seenTableGen = 0;
for (;;) {
  Atomics.wait(ctl, CTL.GEN, gen);
  gen = Atomics.load(ctl, CTL.GEN);
  if (Atomics.load(ctl, CTL.CMD) === CMD_QUIT) break;
  const growing = Atomics.load(ctl, CTL.CMD) === CMD_GROW;
  try {
    // The table grew: its new buffers wait on the port, and this worker helps copy into them.
    const tableGen = Atomics.load(ctl, CTL.TABLE_GEN);
    while (tableGen !== seenTableGen) {
      const m = receiveMessageOnPort(init.port);
      if (m) {
        const msg = m.message as { table: SharedTableBuffers; gen: number };
        if (growing) lx?.regrow(msg.table);
        else lx?.useTable(msg.table);
        seenTableGen = msg.gen;
      }
    }
    const found = lx && !growing ? lx.runLevel() : [];
    if (found.length > 0) {
      init.port.postMessage(found);
      stats[init.me * STAT.WIDTH + STAT.POSTED]!++;
    }
  } catch (e) {
    report(e);
  }
  Atomics.add(ctl, CTL.DONE, 1);
  Atomics.notify(ctl, CTL.DONE);
}
init.port.close();
parentPort?.close();
