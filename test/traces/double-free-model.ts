import { ModelAssertion, type Model } from "../../checker/index.js";

/** A miniature double free: "app" and an interrupt both free object 0; footprints say what sofree reads. */
export function doubleFree(): Model {
  return {
    name: "double-free-mini",
    stateSize: 3,
    contexts: [
      { name: "app", kind: "thread" },
      { name: "tcp", kind: "interrupt" },
    ],
    maxChoices: 2,
    initial() {},
    enabled(s, out) {
      let k = 0;
      if (s[1] === 0) out[k++] = 0;
      if (s[2] === 0) out[k++] = 1;
      return k;
    },
    contextOf: (c) => c,
    step(s, c) {
      if (s[0] === 1) throw new ModelAssertion("double-free", "sofree on socket 1, already freed");
      s[0] = 1;
      s[1 + c] = 1;
    },
    isFinished: (s, c) => s[1 + c] === 1,
    invariants: [],
    footprint: () => ({ reads: [0], writes: [0] }),
    label: (_s, c) => (c === 0 ? "soclose:discard" : "tcp_close:sofree"),
    slotNames: () => ["so.freed", "app.pc", "tcp.pc"],
    formatSlot: (slot, v) => (slot === 0 ? (v ? "FREED" : "live") : String(v)),
  };
}
