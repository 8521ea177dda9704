import test from "ava";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * model/ is a library with one direction of imports (issue 13 item 10): no import circle anywhere
 * in it (type imports included), the runtime below everything else, and the built-in kernel
 * scenarios written with what a user has, the public surface model/index.ts.
 */
const root = fileURLToPath(new URL("../../", import.meta.url));
const model = join(root, "model");

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith(".ts") ? [p] : [];
  });
}

const graph = new Map<string, string[]>();
for (const f of sources(model)) {
  const text = readFileSync(f, "utf8");
  const deps = [...text.matchAll(/(?:import|export)[^"';]*?from\s+"(\.[^"]+)"/g)].map((m) => resolve(dirname(f), m[1]!.replace(/\.js$/, ".ts")));
  graph.set(f, deps);
}
const rel = (f: string) => relative(model, f);

test("no import circle in model/, type imports included", (t) => {
  const cycles: string[] = [];
  const done = new Set<string>();
  const stack: string[] = [];
  const visit = (n: string) => {
    if (stack.includes(n)) {
      cycles.push([...stack.slice(stack.indexOf(n)), n].map(rel).join(" -> "));
      return;
    }
    if (done.has(n)) return;
    stack.push(n);
    for (const m of graph.get(n) ?? []) if (m.startsWith(model)) visit(m);
    stack.pop();
    done.add(n);
  };
  for (const n of graph.keys()) visit(n);
  t.deepEqual(cycles, []);
});

test("the runtime imports nothing from the kernel, the compositions, the callouts or the scenarios", (t) => {
  for (const [f, deps] of graph)
    if (rel(f).startsWith("runtime/"))
      for (const d of deps) t.true(rel(d).startsWith("runtime/") || !d.startsWith(model), `${rel(f)} imports ${rel(d)}`);
});

test("the built-in kernel scenarios import only the public surface", (t) => {
  for (const f of ["scenarios/kernel.ts", "scenarios/netbsd-pr20390.ts", "scenarios/close-storm.ts"]) {
    const deps = graph.get(join(model, f))!;
    t.deepEqual(deps.map(rel), ["index.ts"], f);
  }
});
