import test from "ava";
import { Interrupts } from "../../cli/interrupts.js";

test("the first Ctrl-C asks to stop, the second exits 130 at once", (t) => {
  const exits: number[] = [];
  const said: string[] = [];
  const i = new Interrupts((c) => exits.push(c), (l) => said.push(l));
  try {
    t.false(i.requested());
    i.hit();
    t.true(i.requested());
    t.deepEqual(exits, []);
    i.hit();
    t.deepEqual(exits, [130]);
    t.regex(said[1]!, /again: stopping at once/);
  } finally {
    i.dispose();
  }
});

test("run returns what the function returns and passes its errors on", (t) => {
  const i = new Interrupts(() => t.fail("no exit"), () => {});
  try {
    t.deepEqual(i.run(() => 42), { value: 42 });
    t.throws(() => i.run(() => { throw new TypeError("boom"); }), { instanceOf: TypeError, message: "boom" });
    t.is(i.count, 0);
  } finally {
    i.dispose();
  }
});
