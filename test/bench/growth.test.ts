import test from "ava";
import { nextFits } from "../../bench/growth.js";

test("a strategy's next N is predicted from its growth, at least doubling, against what is left of its share", (t) => {
  // 1 s after 0.8 s: predicted 2 s (doubling beats 1.25x).
  t.true(nextFits(1000, 800, 2000));
  t.false(nextFits(1000, 800, 1999));
  // 6 s after 1.3 s: predicted 6 x 4.6 = 27.7 s, more than 15 s left.
  t.false(nextFits(6000, 1300, 15000));
  t.true(nextFits(6000, 1300, 28000));
  // The first run: doubling.
  t.true(nextFits(100, 0, 200));
  t.false(nextFits(100, 0, 199));
});
