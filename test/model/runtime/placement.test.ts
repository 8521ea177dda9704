import test from "ava";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PlacementError, readPlacementFile, validatePlacement } from "../../../model/runtime/placement.js";
import { KERNEL_SITES } from "../../../model/kernel/sites.js";

const v = (p: unknown) => validatePlacement(p, KERNEL_SITES.sites, KERNEL_SITES.waits);

test("a good placement validates and comes back unchanged", (t) => {
  const p = { name: "mine", locks: { big: { recursive: true } }, default: "none", sites: { soclose: { lock: "big" } }, waits: { sbwait: "release" } };
  t.deepEqual(v(p), p);
});

const bad: [string, unknown, RegExp][] = [
  ["unknown site", { name: "x", sites: { soclosee: "none" } }, /unknown site "soclosee"/],
  ["unknown lock", { name: "x", sites: { soclose: { lock: "nope" } } }, /unknown lock "nope"/],
  ["bad protection", { name: "x", sites: { soclose: "splhigh" } }, /site "soclose": expected "spl", "none", \{"lock": NAME\} or a list of them/],
  ["unknown wait site", { name: "x", waits: { sleep: "hold" } }, /unknown wait site "sleep"/],
  ["bad wait policy", { name: "x", waits: { sbwait: "drop" } }, /wait site "sbwait": expected "hold", "release" or "interlock"/],
  ["missing name", { sites: {} }, /"name" must be a non-empty string/],
  ["unknown field", { name: "x", lock: {} }, /unknown field "lock"/],
  ["bad rmw", { name: "x", rmw: "maybe" }, /"rmw" must be "atomic" or "split"/],
  ["not an object", [1, 2], /not a JSON object/],
];
for (const [what, p, re] of bad)
  test(`placement validation: ${what} is one line naming it`, (t) => {
    const e = t.throws(() => v(p), { instanceOf: PlacementError });
    t.regex(e!.message, re);
    t.false(e!.message.includes("\n"));
  });

test("placement files: bad JSON is a one-line error naming the file", (t) => {
  const dir = mkdtempSync(join(tmpdir(), "socheck-"));
  const f = join(dir, "p.json");
  writeFileSync(f, "{ name: ");
  const e = t.throws(() => readPlacementFile(f), { instanceOf: PlacementError });
  t.regex(e!.message, /p\.json: invalid JSON/);
  t.regex(t.throws(() => readPlacementFile(join(dir, "none.json")))!.message, /ENOENT/);
});
