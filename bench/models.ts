import type { Model } from "../checker/index.js";
import { closeRace } from "../examples/close-race.js";
import { filterLock } from "../examples/filter-lock.js";
import { philosophers } from "../examples/philosophers.js";
import { privateSteps } from "../examples/private-steps.js";

/** A socheck model and its Promela twin (bench/promela/FILE with preprocessor DEFINES, and SPIN_ARGS for `spin -a`). */
export interface BenchModel {
  readonly name: string;
  build(): Model;
  readonly pml: string;
  readonly defines: readonly string[];
  readonly spinArgs?: readonly string[];
}

export const benchModels: readonly BenchModel[] = [
  { name: "filter-lock N=3", build: () => filterLock(3), pml: "filter-lock.pml", defines: ["N=3"] },
  { name: "filter-lock N=4", build: () => filterLock(4), pml: "filter-lock.pml", defines: ["N=4"] },
  { name: "philosophers N=9 ordered", build: () => philosophers(9, true), pml: "philosophers.pml", defines: ["N=9", "ORDERED=1"] },
  { name: "close-race M=4", build: () => closeRace(4), pml: "close-race.pml", defines: ["M=4"] },
  { name: "close-race M=5", build: () => closeRace(5), pml: "close-race.pml", defines: ["M=5"] },
  // Statement merging off (-o3): each local step is a state, as in socheck.
  { name: "private steps N=6 K=6", build: () => privateSteps(6, 6), pml: "private-steps.pml", defines: ["N=6", "K=6"], spinArgs: ["-o3"] },
];
