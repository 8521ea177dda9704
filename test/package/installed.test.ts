import test from "ava";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import * as kernelSource from "../../model/index.js";
import * as rootSource from "../../index.js";

/**
 * The package as a user gets it: `npm pack` (of the dist/ that `npm test` built), unpacked into a
 * project of its own whose node_modules holds it and its dependencies. Every entry point the
 * README documents is imported from there, by package name, in JavaScript and in TypeScript;
 * a name left out of package.json's "exports" or "files" fails here.
 */
const root = fileURLToPath(new URL("../../", import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { dependencies: Record<string, string> };

function installPacked(): string {
  const dir = mkdtempSync(join(tmpdir(), "socheck-installed-"));
  const out = execFileSync("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", dir], { cwd: root, encoding: "utf8" });
  const tarball = join(dir, (JSON.parse(out) as { filename: string }[])[0]!.filename);
  const mod = join(dir, "node_modules");
  mkdirSync(join(mod, "socheck"), { recursive: true });
  execFileSync("tar", ["xzf", tarball, "-C", join(mod, "socheck"), "--strip-components=1"]);
  // The dependencies, as npm would install them beside the package (no network needed).
  for (const d of [...Object.keys(pkg.dependencies), "@types/node", "typescript"]) {
    mkdirSync(join(mod, d, ".."), { recursive: true });
    symlinkSync(join(root, "node_modules", d), join(mod, d));
  }
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "user-project", type: "module", private: true }));
  return dir;
}

const dir = installPacked();
test.after.always(() => rmSync(dir, { recursive: true, force: true }));

test("every name socheck/kernel exports from source is importable from the installed package", (t) => {
  const names = Object.keys(kernelSource).sort();
  t.true(names.length > 60, `the kernel library exports ${names.length} names`);
  const script = `import * as k from "socheck/kernel"; console.log(JSON.stringify(Object.keys(k).sort()));`;
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", script], { cwd: dir, encoding: "utf8" });
  t.is(r.status, 0, r.stderr);
  t.deepEqual(JSON.parse(r.stdout) as string[], names);
});

test("the JSON Schemas for scenario and placement files ship with the package", (t) => {
  for (const f of ["scenario.schema.json", "placement.schema.json"]) {
    const schema = JSON.parse(readFileSync(join(dir, "node_modules/socheck/schemas", f), "utf8")) as { $id: string; title: string };
    t.regex(schema.$id, new RegExp(`/${f.replace(".", "\\.")}$`));
  }
});

test("the root, traces and properties entry points resolve from the installed package", (t) => {
  const script = `
    const root = await import("socheck"); const tr = await import("socheck/traces"); const pr = await import("socheck/properties");
    console.log(JSON.stringify({ root: Object.keys(root).length, check: typeof root.check, traces: Object.keys(tr).length, properties: Object.keys(pr).length }));`;
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", script], { cwd: dir, encoding: "utf8" });
  t.is(r.status, 0, r.stderr);
  const got = JSON.parse(r.stdout) as { root: number; check: string; traces: number; properties: number };
  t.is(got.root, Object.keys(rootSource).length);
  t.is(got.check, "function");
  t.true(got.traces > 0 && got.properties > 0);
});

test("a user's TypeScript kernel extension typechecks against the installed declarations and runs", (t) => {
  // The README's walk-through in miniature: a field, a replaced routine calling the built-in body.
  writeFileSync(
    join(dir, "user.ts"),
    `import { check } from "socheck";
import { kernelScenario, placements, type KernelExtension } from "socheck/kernel";
const freeTwice: KernelExtension = {
  install(K) {
    const calls = K.k.field(K.so, "sofree_calls");
    K.k.replace("sofree", "a test: sofree counts its calls, then runs the built-in body", (b, original) => {
      b.step("calls++", { reads: [calls], writes: [calls] }, (s) => { s[calls]!++; });
      b.call(original);
    });
  },
};
const sc = kernelScenario({
  spec: { name: "user-kyu", policy: "priority", placement: placements.KYU_STUBBED, options: { flavor: "kyu" },
    initial: { tcpState: "CLOSE_WAIT" }, contexts: [{ name: "U", role: "app", program: "close", priority: 20 }, { name: "I", role: "input", priority: 13 }],
    peer: { ack: true } },
  extensions: [freeTwice], summary: "test", source: "test", expected: { verdict: "violation" },
});
const r = check(sc.build());
console.log(JSON.stringify({ verdict: r.verdict, property: r.violations[0]?.property ?? null }));
`,
  );
  writeFileSync(
    join(dir, "tsconfig.json"),
    JSON.stringify({ compilerOptions: { module: "nodenext", moduleResolution: "nodenext", target: "es2022", strict: true, noUncheckedIndexedAccess: true, outDir: "out", types: ["node"] }, files: ["user.ts"] }),
  );
  const tsc = spawnSync(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", dir], { cwd: dir, encoding: "utf8" });
  t.is(tsc.status, 0, tsc.stdout + tsc.stderr);
  const r = spawnSync(process.execPath, [join(dir, "out/user.js")], { cwd: dir, encoding: "utf8" });
  t.is(r.status, 0, r.stderr);
  const got = JSON.parse(r.stdout) as { verdict: string; property: string | null };
  t.is(got.verdict, "violation");
  t.not(got.property, null);
});
