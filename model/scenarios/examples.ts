import { peterson } from "../../examples/peterson.js";
import { philosophers } from "../../examples/philosophers.js";
import { racyCounter } from "../../examples/racy-counter.js";
import type { Scenario } from "../scenario.js";

/** The classic models, registered as scenarios so the CLI and tests treat them like kernel ones. */
export const exampleScenarios: readonly Scenario[] = [
  {
    name: "example-peterson",
    summary: "Peterson's lock for two processes, looping forever",
    source: "G. L. Peterson, Myths about the mutual exclusion problem, 1981",
    group: "example",
    expected: { verdict: "safe" },
    build: () => peterson(),
  },
  {
    name: "example-peterson-broken",
    summary: "Peterson's lock with turn written before the flag",
    source: "classic mistake",
    group: "example",
    expected: { verdict: "violation", properties: ["mutual-exclusion"] },
    build: () => peterson(true),
  },
  {
    name: "example-philosophers",
    summary: "three dining philosophers, left fork first",
    source: "E. W. Dijkstra, 1965",
    group: "example",
    expected: { verdict: "violation", properties: ["deadlock"] },
    build: () => philosophers(3),
  },
  {
    name: "example-racy-counter",
    summary: "two threads increment a counter with a separate load and store",
    source: "textbook lost update",
    group: "example",
    expected: { verdict: "violation", properties: ["lost-update"] },
    build: () => racyCounter(2),
  },
];
