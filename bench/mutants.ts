/**
 * Curated semantic mutants for `npm run mutate` (bench/mutate.ts): each one search/replace in one
 * source file, a bug a real change could ship, with the test files that guard that area. Data
 * only: a find string must occur exactly once in its file (the tool refuses it otherwise).
 * `equivalent` holds the argument that a mutant cannot change behaviour; such a mutant is listed
 * but left out of the kill rate.
 */
export interface Mutant {
  readonly id: string;
  readonly file: string;
  readonly find: string;
  readonly replace: string;
  /** Test files run against the mutant; any failure kills it. */
  readonly tests: readonly string[];
  /** What the mutant breaks, in a few words. */
  readonly why: string;
  /** The tests need the compiled dist/ (the CLI). */
  readonly build?: boolean;
  readonly equivalent?: string;
}

const GOLDEN = "test/bench/golden.test.ts";
const SOUND = "test/checker/reductions/soundness-conditions.test.ts";
const POR = "test/checker/reductions/por.test.ts";
const SLEEP = "test/checker/reductions/sleep-sets.test.ts";
const CE = "test/model/scenarios/counterexamples.test.ts";
const LIFE = "test/model/runtime/lifecycle.test.ts";
const BOUNDS = "test/checker/strategies/bounds.test.ts";

export const mutants: readonly Mutant[] = [
  // checker/: partial-order reduction
  { id: "c0-empty-ample", file: "checker/reductions/por.ts", find: "if (k === 0 || k === n) continue;", replace: "if (k === n) continue;", tests: [SOUND, GOLDEN], why: "C0: a context with nothing enabled may be the ample set" },
  { id: "c1-disabled-reads", file: "checker/reductions/por.ts", find: "if (!on && !this.disabledReads) continue;", replace: "if (!on) continue;", tests: [SOUND], why: "C1 ignores what disabled choices read (issue 18)" },
  { id: "c1-others-read-my-writes", file: "checker/reductions/por.ts", find: "if (hasBit(this.visible, x) || hasBit(o.r, x) || hasBit(o.w, x)) return false;", replace: "if (hasBit(this.visible, x) || hasBit(o.w, x)) return false;", tests: [SOUND, GOLDEN], why: "C1 lets others read what the candidate writes" },
  { id: "c1-others-write-my-reads", file: "checker/reductions/por.ts", find: "for (let j = 0; j < r.length; j++) if (hasBit(o.w, r[j]!)) return false;", replace: "for (let j = 0; j < r.length; j++) if (hasBit(o.r, r[j]!)) return false;", tests: [SOUND, GOLDEN], why: "C1 checks the candidate's reads against others' reads, not writes" },
  { id: "c2-visibility", file: "checker/reductions/por.ts", find: "if (hasBit(this.visible, x) || hasBit(o.r, x) || hasBit(o.w, x)) return false;", replace: "if (hasBit(o.r, x) || hasBit(o.w, x)) return false;", tests: [SOUND, POR], why: "C2 dropped: visible steps in proper ample sets" },
  { id: "ample-not-smallest", file: "checker/reductions/por.ts", find: "if (best >= 0 && k >= counts[best]!) continue;", replace: "if (best >= 0 && k > counts[best]!) continue;", tests: ["test/checker/reductions/por-choice.test.ts", GOLDEN], why: "a later candidate of equal size replaces the first (other stored counts)" },
  { id: "chain-visible", file: "checker/reductions/chain.ts", find: "if (this.ample.isVisible(s, c) || exp.successor(s, c, this.tmp, false) !== SUCC_OK) break;", replace: "if (exp.successor(s, c, this.tmp, false) !== SUCC_OK) break;", tests: ["test/checker/reductions/chain.test.ts", SOUND], why: "a chain runs through a visible step, skipping the invariant check" },
  { id: "chain-replay-past-violation", file: "checker/reductions/chain.ts", find: "if (exp.brokenInvariant(s) < 0) this.follow(s, out);", replace: "this.follow(s, out);", tests: [POR], why: "a rebuilt trace runs on past the violating state" },
  // checker/: the BFS and DFS provisos
  { id: "bfs-proviso", file: "checker/strategies/level-expansion.ts", find: "if (fresh > 0 || this.mutation.proviso === false) return false;", replace: "if (fresh >= 0 || this.mutation.proviso === false) return false;", tests: [SOUND], why: "C3 (BFS) never completes a reduced expansion" },
  { id: "bfs-proviso-queued", file: "checker/strategies/level-expansion.ts", find: "return this.nextLevelSet !== null && this.nextLevelSet.has(FP[0]!, FP[1]!) ? 1 : 0;", replace: "return 0;", tests: ["test/checker/reductions/por-proviso.test.ts", GOLDEN], why: "the proviso forgets successors still queued (more full expansions)" },
  { id: "dfs-stack-proviso", file: "checker/strategies/dfs.ts", find: "this.onStack.get(FP[0]!, FP[1]!) >= 0", replace: "this.onStack.get(FP[0]!, FP[1]!) > 0", tests: ["test/checker/strategies/dfs.test.ts", SOUND], why: "C3 (DFS) misses a cycle back to the bottom of the stack" },
  // checker/: sleep sets
  { id: "sleep-requeue-wrong-id", file: "checker/strategies/level-expansion.ts", find: "this.out.push(this.next, again, hi, lo);", replace: "this.out.push(this.next, this.curId, hi, lo);", tests: [GOLDEN], why: "a re-expansion queued under the wrong state id (issue 18)" },
  { id: "sleep-same-context", file: "checker/reductions/sleep-sets.ts", find: "if (this.ctxOf[a] === this.ctxOf[b] && this.sameContextDependent) return false;", replace: "if (this.ctxOf[a] === this.ctxOf[b] && !this.sameContextDependent) return false;", tests: [SOUND, SLEEP], why: "one context's choices commute by their footprints (issue 18)" },
  { id: "sleep-no-wake", file: "checker/reductions/sleep-sets.ts", find: "if (!this.independent(state, c, t, cached)) mask[w]! &= ~low;", replace: "if (!this.independent(state, c, t, cached)) void low;", tests: [SOUND, SLEEP], why: "a dependent step never wakes a sleeping choice" },
  { id: "sleep-no-intersection", file: "checker/reductions/sleep-sets.ts", find: "stored[at + w]! &= mask[w]!;", replace: "", tests: [SLEEP, GOLDEN], why: "a revisit with a smaller sleep set keeps the old one" },
  { id: "sleep-visible-commute", file: "checker/reductions/sleep-sets.ts", find: "if (keepOrder && this.cachedVisible[a] === 1 && this.cachedVisible[b] === 1) return false;", replace: "", tests: [SLEEP, SOUND], why: "two visible steps commute for sleep sets" },
  { id: "sleep-requeue-unexpanded", file: "checker/reductions/sleep-sets.ts", find: "if (woke === 0 || (f[i]! & EXPANDED) === 0 || (f[i]! & REQUEUED) !== 0) return -1;", replace: "if (woke === 0 || (f[i]! & REQUEUED) !== 0) return -1;", tests: [SLEEP, GOLDEN], why: "a state not yet expanded is queued again" },
  // checker/: visited set, verdicts, symmetry, bounds
  { id: "visited-has-signed-low", file: "checker/stores/visited.ts", find: "if (k0 >>> 0 > uh || (k0 === hi && k1 >>> 0 > ul)) return false;", replace: "if (k0 >>> 0 > uh || (k0 === hi && k1 > lo)) return false;", tests: ["test/checker/stores/visited.test.ts"], why: "has() compares the low word signed (issue 18)" },
  { id: "visited-place-signed-high", file: "checker/stores/visited.ts", find: "if (k0 >>> 0 > uh || (k0 === hi && k1 >>> 0 > ul)) return carry(", replace: "if (k0 > hi || (k0 === hi && k1 >>> 0 > ul)) return carry(", tests: ["test/checker/stores/visited.test.ts"], why: "insert orders runs by the signed high word" },
  { id: "visited-carry-no-rollback", file: "checker/stores/visited.ts", find: "keys.copyWithin(2 * i, 2 * i + 2, 2 * end);", replace: "", tests: ["test/checker/stores/visited.test.ts"], why: "a shift that reaches the end of the spill area is left half done before the table grows" },
  { id: "visited-grow-at-home", file: "checker/stores/visited.ts", find: "const at = home - (d & (d >> 31));", replace: "const at = home;", tests: ["test/checker/stores/visited.test.ts"], why: "growth puts every key at its home, over the key before it" },
  { id: "verdict-cut-is-exhaustive", file: "checker/result.ts", find: "exhaustive: done && !cut &&", replace: "exhaustive: done &&", tests: [BOUNDS], why: "a search cut by a bound says exhaustive" },
  { id: "verdict-cut-is-safe", file: "checker/result.ts", find: 'violations > 0 ? "violation" : cut ? "inconclusive" : "safe"', replace: 'violations > 0 ? "violation" : "safe"', tests: [BOUNDS], why: "a search cut by a bound says safe" },
  { id: "symmetry-concrete-hash", file: "checker/strategies/level-expansion.ts", find: "fingerprint(this.canon, w, this.hashSeed);", replace: "fingerprint(s, w, this.hashSeed);", tests: [GOLDEN], why: "--symmetry stores concrete states" },
  { id: "preemption-last-context", file: "checker/expander.ts", find: "for (let i = 0; i < n; i++) if (this.model.contextOf(enabled[i]!) === last) return true;", replace: "for (let i = 0; i < n; i++) if (this.model.contextOf(enabled[i]!) !== last) return true;", tests: [BOUNDS, "test/checker/strategies/differential-bounds.test.ts"], why: "preemptions counted against the wrong context" },
  { id: "replay-late-invariant", file: "checker/replay.ts", find: "if (inv && k !== choices.length - 1)", replace: "if (false)", tests: ["test/checker/replay.test.ts", "test/traces/verify.test.ts"], why: "replay accepts a trace that breaks an invariant before its end" },
  // model/runtime/
  { id: "fault-report-threads-only", file: "model/runtime/kernel-model.ts", find: "if ((to === DONE || to === c.idle) && (s[c.fDoubleFree]", replace: 'if ((to === DONE || (to === c.idle && c.kind === "thread")) && (s[c.fDoubleFree]', tests: [CE], why: "interrupt and timer faults reported only at the end of the run (issue 18)" },
  { id: "fault-unallocated-ok", file: "model/runtime/faults.ts", find: "if (s[obj.alive] === ALLOCATED) return;", replace: "if (s[obj.alive] !== FREED) return;", tests: [LIFE], why: "touching a never-allocated object is no fault (issue 18)" },
  { id: "fault-double-free-same-context", file: "model/runtime/faults.ts", find: "if (s[obj.alive] === FREED) {", replace: "if (s[obj.alive] === FREED && s[obj.freedBy] !== c.id + 1) {", tests: [LIFE, GOLDEN], why: "a context freeing an object twice is no double free" },
  { id: "fault-severity-order", file: "model/runtime/faults.ts", find: "return out.sort((a, b) => ORDER.indexOf(a.property) - ORDER.indexOf(b.property));", replace: "return out;", tests: [GOLDEN, CE], why: "a fault is reported under a less severe property",
    equivalent: "describe() pushes at most one entry per fault word, in ORDER's order already (double free, double destroy, then the one use entry, whose three properties are mutually exclusive), so the sort never moves anything" },
  { id: "fault-last-use", file: "model/runtime/faults.ts", find: "  if (s[c.fUse] === 0) {\n    s[c.fUse] = obj.id + 1;", replace: "  {\n    s[c.fUse] = obj.id + 1;", tests: [GOLDEN], why: "a use after free records the last use, not the first" },
  { id: "finished-while-ready", file: "model/runtime/kernel-model.ts", find: "return pc === c.idle && !this.ready(s, c) && s[c.active] === 0;", replace: "return pc === c.idle && s[c.active] === 0;", tests: [GOLDEN], why: "a parked context with work pending counts as finished",
    equivalent: "isFinished is asked only where nothing is enabled (dead states, stuck()), and there no context is ready: an idle interrupt's guard includes its delivery condition, and every policy enables some ready thread (any: all; priority: the most urgent; bsd-up: the current one, else all)" },
  { id: "footprint-fault-bit", file: "model/runtime/kernel-model.ts", find: "if (faulted) writes.add(c.fReady);", replace: "", tests: ["test/model/runtime/footprint.test.ts", GOLDEN], why: "the step reporting a fault leaves the report out of its footprint" },
  { id: "lock-always-recursive", file: "model/runtime/linker.ts", find: "guard: (s, c) => s[owner] === 0 || (rec && s[owner] === c.id + 1),", replace: "guard: (s, c) => s[owner] === 0 || s[owner] === c.id + 1,", tests: [GOLDEN], why: "every lock is recursive" },
  { id: "unlock-ignores-count", file: "model/runtime/linker.ts", find: "if (--s[count]! === 0) s[owner] = 0;", replace: "s[count]!--;\n      s[owner] = 0;", tests: [GOLDEN], why: "a recursive unlock releases the lock at once" },
  { id: "wakeup-every-channel", file: "model/runtime/primitives.ts", find: "if (s[ctxs[i]!.sleep] === id) s[ctxs[i]!.sleep] = 0;", replace: "if (s[ctxs[i]!.sleep] !== 0) s[ctxs[i]!.sleep] = 0;", tests: [GOLDEN], why: "wakeup wakes sleepers on every channel" },
  { id: "sem-binary-counts", file: "model/runtime/primitives.ts", find: "s[n] = binary ? 1 : Math.min(SEM_CAP, s[n]! + 1);", replace: "s[n] = Math.min(SEM_CAP, s[n]! + 1);", tests: [GOLDEN], why: "a binary semaphore counts posts" },
  { id: "tsleep-spl-restore", file: "model/runtime/primitives.ts", find: "s[cpu] = s[c.savedSpl]!;", replace: "s[cpu] = 0;", tests: [GOLDEN], why: "tsleep returns at spl0 instead of the saved level" },
  { id: "lost-update-clear-bits", file: "model/runtime/tracked-word.ts", find: "return (s[w.ghostSet]! & ~v) | (s[w.ghostClear]! & v);", replace: "return s[w.ghostSet]! & ~v;", tests: [GOLDEN], why: "a lost clear of a so_state bit goes unnoticed" },
  // model/kernel/
  { id: "soclose-no-nofdref", file: "model/kernel/socket.ts", find: 'b.rmw("so_state |= NOFDREF", st, SS_NOFDREF, 0);', replace: 'b.rmw("so_state |= NOFDREF", st, 0, 0);', tests: [GOLDEN], why: "soclose never sets NOFDREF" },
  { id: "sofree-ignores-nofdref", file: "model/kernel/socket.ts", find: "(s) => s[K.soPcb] !== 0 || (s[S]! & SS_NOFDREF) === 0, out);", replace: "(s) => s[K.soPcb] !== 0, out);", tests: [GOLDEN], why: "sofree frees a socket the user still holds" },
  { id: "tcp-fin-wait-2", file: "model/kernel/tcp.ts", find: "(s) => s[T]! < TCPS_FIN_WAIT_2, b.at(\"out\"));", replace: "(s) => s[T]! <= TCPS_FIN_WAIT_2, b.at(\"out\"));", tests: [GOLDEN], why: "an off-by-one in a TCP state comparison" },
  { id: "tcp-input-no-pcb", file: "model/kernel/tcp.ts", find: "(s) => s[K.tcbListed] === 0, drop);", replace: "() => false, drop);", tests: [GOLDEN], why: "tcp_input goes on without a pcb" },
  { id: "sonewconn-sems-unallocated", file: "model/kernel/listen.ts", find: "for (const x of sems) allocObject(s, x.obj);", replace: "", tests: [GOLDEN], why: "sonewconn leaves the child's semaphores unallocated" },
  // traces/ and cli/
  { id: "verify-other-property-confirmed", file: "traces/verify.ts", find: "if (r.violation.name !== want)", replace: "if (false)", tests: ["test/traces/verify.test.ts"], why: "replay confirms a trace that breaks another property (issue 18)" },
  { id: "verify-no-violation-confirmed", file: "traces/verify.ts", find: 'return { ...base, status: "no-violation"', replace: 'return { ...base, status: "confirmed"', tests: ["test/traces/verify.test.ts"], why: "replay confirms a trace that no longer violates anything" },
  { id: "replay-exit-other-property", file: "cli/commands/replay.ts", find: 'return verdict.status === "confirmed" ? EXIT_OK : EXIT_UNEXPECTED;', replace: 'return verdict.status !== "diverged" ? EXIT_OK : EXIT_UNEXPECTED;', tests: ["test/cli/replay.test.ts"], build: true, why: "socheck replay exits 0 on a different violation" },
  { id: "shape-first-switch", file: "traces/shape.ts", find: "if (last >= 0 && ctx !== last) switches++;", replace: "if (ctx !== last) switches++;", tests: ["test/traces/minimise.test.ts", "test/cli/replay.test.ts"], build: true, why: "the first step counts as a context switch" },
  { id: "minimise-ignores-switches", file: "traces/minimise.ts", find: "const cost = n.cost + 1 + (n.last >= 0 && ctx !== n.last ? SWITCH : 0);", replace: "const cost = n.cost + 1;", tests: ["test/traces/minimise.test.ts"], why: "minimisation stops preferring fewer switches" },
  // properties/
  { id: "runner-one-step-past", file: "properties/schedule-runner.ts", find: "(!extend && i >= picks.length)", replace: "(!extend && i > picks.length)", tests: ["test/properties/schedule-runner.test.ts"], why: "extend: false takes one step past the schedule (issue 18)" },
  { id: "random-guard-footprint", file: "properties/random-model-build.ts", find: "return { reads: taken ? [ins.v] : [], writes: [] };", replace: "return { reads: [], writes: [] };", tests: ["test/properties/random-model.test.ts", SOUND], why: "a random model's guard is missing from its footprint" },
  { id: "brute-force-no-terminal", file: "properties/brute-force.ts", find: 'if (t) note("terminal", t.name, path);', replace: "", tests: ["test/checker/strategies/shortest.test.ts", "test/properties/random-model.test.ts"], why: "the brute-force oracle forgets end-of-run findings" },
];
