import test from "ava";
import { check } from "../../../checker/index.js";
import { composeKernel, free, KernelError, PlacementError, type KernelExtension, type KernelScenarioSpec } from "../../../model/index.js";
import { kernelScenarios } from "../../../model/scenarios/kernel.js";

/** Extending the kernel through the public surface (model/index.ts): replace, add, fields, regions, locks in objects. */

const netlock: KernelScenarioSpec = kernelScenarios.find((k) => k.spec.name === "kyu-netlock")!.spec;
const baseline = check(composeKernel(netlock));

test("the unchanged scenario is safe, the baseline the other tests change", (t) => {
  t.is(baseline.verdict, "safe");
});

test("a replaced sofree that never frees the socket leaks it: the replacement is what runs", (t) => {
  const ext: KernelExtension = {
    install(K) {
      K.k.replace("sofree", "test: a sofree that forgets k_sock_free", (b) => {
        b.step("return", {}, () => undefined);
      });
    },
  };
  const r = check(composeKernel(netlock, ext), { stopAtFirst: false });
  t.is(r.verdict, "violation");
  t.true(r.violations.some((v) => v.property === "leak"));
});

test("a replacement that calls the built-in body keeps the verdict and the state count", (t) => {
  const ext: KernelExtension = {
    install(K) {
      K.k.replace("sofree", "test: sofree through its original", (b, original) => void b.call(original));
    },
  };
  const r = check(composeKernel(netlock, ext));
  t.is(r.verdict, "safe");
  // One extra call and return per sofree: more states, never fewer, never a new finding.
  t.true(r.stats.states >= baseline.stats.states);
});

test("a new routine called from a replaced one runs in the caller's context", (t) => {
  const ext: KernelExtension = {
    install(K) {
      const refs = K.k.field(K.so, "so_count", 1);
      K.k.routine("sorele", "test: drop a reference, free at zero", (b) => {
        const out = b.at("out");
        b.step("--so_count != 0: return", { reads: [refs], writes: [refs] }, (s) => (--s[refs]! !== 0 ? out.pc : undefined));
        free(b, "FREE(so)", K.so);
        b.here("out");
      });
      // sofree both frees and calls sorele: the socket is freed twice.
      K.k.replace("sofree", "test: sofree then sorele", (b, original) => {
        b.call(original);
        b.call("sorele");
      });
    },
  };
  const r = check(composeKernel(netlock, ext), { stopAtFirst: false });
  t.true(r.violations.some((v) => v.property === "double-free"), JSON.stringify(r.violations.map((v) => v.property)));
});

test("composition errors are one line naming what is wrong and what is allowed", (t) => {
  const bad = (install: KernelExtension["install"]) => () => composeKernel(netlock, { install });
  const e1 = t.throws(bad((K) => K.k.replace("sofre", "x", () => {})), { instanceOf: KernelError });
  t.regex(e1.message, /no routine "sofre" \(did you mean "sofree"\?\)/);
  t.false(e1.message.includes("\n"));
  const e2 = t.throws(bad((K) => void K.k.field(K.so, "so_pcb")), { instanceOf: KernelError });
  t.regex(e2.message, /field so\.so_pcb exists already/);
  const e3 = t.throws(bad((K) => K.k.routine("sofree", "x", () => {})), { instanceOf: KernelError });
  t.regex(e3.message, /declared twice \(to change a built-in routine, use replace\)/);
  const e4 = t.throws(bad((K) => K.k.replace("sofree", "x", (b) => void b.call("sorelee"))), { instanceOf: KernelError });
  t.regex(e4.message, /sofree calls "sorelee", which no routine declares/);
  const e5 = t.throws(bad((K) => K.k.replace("sofree", "x", (b) => void b.site("r"))), { instanceOf: KernelError });
  t.regex(e5.message, /region "r" is never closed/);
  const e6 = t.throws(bad((K) => K.k.replace("sofree", "x", (b) => void b.site("a").site("b").endSite("a"))), { instanceOf: KernelError });
  t.regex(e6.message, /endSite\("a"\) closes region "b"/);
  const e7 = t.throws(bad((K) => void K.k.lock("net_lok")), { instanceOf: KernelError });
  t.regex(e7.message, /did you mean "net_lock"/);
});

/** sofree with a region around its two frees, protected by a placement naming the region. */
const regionExt: KernelExtension = {
  install(K) {
    K.k.replace("sofree", "test: the frees as a region", (b, original) => {
      b.site("sofree_body");
      b.call(original);
      b.endSite();
    });
  },
};

test("a region is a site a placement protects: its lock steps appear in the linked program", (t) => {
  const withLock = { ...netlock, placement: { ...netlock.placement, locks: { ...netlock.placement.locks, so_lock: {} }, sites: { ...netlock.placement.sites, sofree_body: { lock: "so_lock" } } } };
  const m = composeKernel(withLock, regionExt);
  t.true(m.instrs.some((i) => i.routine === "sofree" && i.label === "lock@sofree_body"));
  t.true(m.instrs.some((i) => i.routine === "sofree" && i.label === "unlock@sofree_body"));
  // Unprotected by default: nothing is emitted for it.
  t.false(composeKernel(netlock, regionExt).instrs.some((i) => i.label.endsWith("@sofree_body")));
  const typo = { ...netlock, placement: { ...withLock.placement, sites: { sofree_bdy: { lock: "so_lock" } } } };
  const e = t.throws(() => composeKernel(typo, regionExt), { instanceOf: PlacementError });
  t.regex(e.message, /unknown site "sofree_bdy" \(did you mean "sofree_body"\?\)/);
});

test("a site may carry several protections, taken in order and released in reverse", (t) => {
  const two = { ...netlock, placement: { ...netlock.placement, locks: { net_lock: {}, so_lock: {} }, sites: { ...netlock.placement.sites, soclose: [{ lock: "net_lock" }, { lock: "so_lock" }] } } };
  const labels = composeKernel(two).instrs.filter((i) => i.routine === "soclose" && /lock/.test(i.label)).map((i) => i.label);
  t.deepEqual(labels, ["lock net_lock@soclose", "lock so_lock@soclose", "unlock so_lock@soclose", "unlock net_lock@soclose"]);
  const dup = { ...netlock, placement: { ...netlock.placement, sites: { soclose: [{ lock: "net_lock" }, { lock: "net_lock" }] } } };
  t.throws(() => composeKernel(dup), { instanceOf: PlacementError, message: /the same protection twice/ });
});

test("a lock that lives in the inpcb is freed with it: taking it afterwards is a use after free", (t) => {
  const ext: KernelExtension = {
    locks: { inp_mtx: { in: "inp" } },
    install(K) {
      const mtx = K.k.lock("inp_mtx");
      // tcp_close's caller takes the inpcb's own mutex once more after the detach freed the inpcb.
      K.k.replace("tcp_close", "test: INP_UNLOCK after in_pcbdetach", (b, original) => {
        b.lock(mtx);
        b.unlock(mtx);
        b.call(original);
        b.lock(mtx, "INP_LOCK(inp) after the free");
        b.unlock(mtx);
      });
    },
  };
  const r = check(composeKernel(netlock, ext), { stopAtFirst: false });
  const uaf = r.violations.find((v) => v.property === "use-after-free");
  t.truthy(uaf, JSON.stringify(r.violations.map((v) => v.property)));
  t.regex(uaf!.message, /inpcb inp/);
  const e = t.throws(() => composeKernel(netlock, { locks: { m: { in: "inpp" } } }), { instanceOf: KernelError });
  t.regex(e.message, /lock "m": no object "inpp" \(did you mean "inp"\?\)/);
  const clash = { ...netlock, placement: { ...netlock.placement, locks: { inp_mtx: {} } } };
  t.throws(() => composeKernel(clash, ext), { instanceOf: PlacementError, message: /declared by the kernel already/ });
});

test("object() and global() add a lifecycle object and a global word, refusing names in use", (t) => {
  const ext: KernelExtension = {
    install(K) {
      const ns = K.k.object("netns", "netns" as never, { mustFree: true });
      K.k.global("net.count", 1);
      K.k.field(ns, "passive", 0);
    },
  };
  // The netns is never freed: the end-of-run check reports the leak.
  const r = check(composeKernel(netlock, ext), { stopAtFirst: false });
  t.true(r.violations.some((v) => v.property === "leak" && /netns/.test(v.message)));
  t.throws(() => composeKernel(netlock, { install: (K) => void K.k.object("so", "socket") }), { instanceOf: KernelError, message: /object "so" exists already/ });
  t.throws(() => composeKernel(netlock, { install: (K) => void K.k.global("cpu.spl") }), { instanceOf: KernelError, message: /slot "cpu.spl" exists already/ });
});
