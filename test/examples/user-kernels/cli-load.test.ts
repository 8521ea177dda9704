import test from "ava";
import { cli } from "../../helpers/cli.js";
import { scenarios as linux } from "../../../examples/user-kernels/linux-timer-refs.js";
import { scenarios as freebsd } from "../../../examples/user-kernels/freebsd-protoref.js";
import { scenarios as netns } from "../../../examples/user-kernels/linux-netns-timers.js";

/** The compiled examples load into the CLI as a user's modules would (`socheck check NAME --load FILE`). */

const modules = ["linux-timer-refs", "freebsd-protoref", "linux-netns-timers"].map((m) => `dist/examples/user-kernels/${m}.js`);
const names = [...linux, ...freebsd, ...netns].map((s) => s.name);

test("socheck check loads the three user kernels and finds every verdict their sources call for", (t) => {
  const r = cli("check", ...names, ...modules.flatMap((m) => ["--load", m]));
  t.is(r.code, 0, r.stdout + r.stderr);
  t.regex(r.stdout, new RegExp(`${names.length}/${names.length} verdicts as expected`));
  t.regex(r.stdout, /linux-keepalive-extra-put\s+violation\s+violation \((double-free|callout-after-free|use-after-free)\)/);
  t.regex(r.stdout, /freebsd-protoref\s+safe\s+safe \(exhaustive\)/);
});
