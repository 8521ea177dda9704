import { KernelModel } from "../../model/runtime/kernel-model.js";
import { describeKernel, type KernelDescription } from "../../model/runtime/describe.js";
import { namedModel } from "../named-model.js";

/** `socheck describe NAME`: what a scenario's kernel is made of, from its linked program. */
export async function runDescribe(name: string, opts: { json?: boolean; load?: string[] }): Promise<number> {
  const { scenario: sc, model: m } = await namedModel(name, opts.load ?? []);
  if (!(m instanceof KernelModel)) {
    // A model written against the engine alone: it has contexts and invariants, no routines.
    const d = { name: m.name, contexts: m.contexts, properties: m.invariants.map((i) => i.name), stateSize: m.stateSize };
    process.stdout.write(opts.json ? JSON.stringify(d, null, 2) + "\n" : `${d.name}: a model written against the engine (${d.stateSize} words)\ncontexts: ${d.contexts.map((c) => `${c.name} (${c.kind})`).join(", ")}\nproperties: ${d.properties.join(", ") || "(terminal checks only)"}\n`);
    return 0;
  }
  const d = describeKernel(m);
  process.stdout.write(opts.json ? JSON.stringify({ ...d, summary: sc.summary, source: sc.source, expected: sc.expected }, null, 2) + "\n" : describeText(d, sc.summary, sc.source));
  return 0;
}

const prot = (p: unknown) => (typeof p === "string" ? p : JSON.stringify(p));

/** `head` then `items` joined by `sep`, wrapped at 118 columns with continuation lines indented to `indent`. */
function wrap(head: string, items: readonly string[], sep: string, indent: number): string[] {
  const lines: string[] = [];
  let cur = head;
  let first = true;
  for (const it of items) {
    const add = first ? it : sep + it;
    if (!first && cur.length + add.length + sep.length > 118) {
      lines.push(cur + sep.trimEnd());
      cur = " ".repeat(indent) + it;
    } else cur += add;
    first = false;
  }
  lines.push(cur);
  return lines;
}

/** The description as text a kernel developer reads top to bottom, within 120 columns. */
export function describeText(d: KernelDescription, summary: string, source: string): string {
  const out: string[] = [];
  const section = (title: string, rows: string[]) => out.push("", title, ...rows);
  out.push(...wrap("", `${d.name}: ${summary}`.split(" "), " ", 2), ...wrap("source: ", source.split(" "), " ", 2));
  out.push(`policy ${d.policy}, placement "${d.placement}", so_state updates ${d.rmw}`);
  section(
    "contexts",
    d.contexts.map((c) => `  ${c.name.padEnd(10)} ${c.kind.padEnd(9)} ${c.priority !== undefined ? `priority ${c.priority}` : `at ${c.level}`}${c.runsCallouts ? ", runs callouts" : ""}`),
  );
  const rows: string[] = [];
  for (const r of d.routines) rows.push(...wrap(`  ${r.name}: `, r.cite.split(" "), " ", 6), ...wrap("      ", r.steps, " · ", 6));
  section(`routines (${d.routines.length}), each with the source it follows and its steps`, rows);
  section(
    "sites and regions (what the placement makes of each)",
    d.sites.flatMap((s) => wrap(`  ${s.name.padEnd(22)} ${(s.kind + (s.levels.length ? ` ${s.levels.join("/")}` : "")).padEnd(16)} → ${prot(s.protection).padEnd(24)} in `, s.routines, ", ", 69)),
  );
  section("wait sites", d.waits.length ? d.waits.flatMap((w) => wrap(`  ${w.name.padEnd(22)} → ${w.policy.padEnd(10)} in `, w.routines, ", ", 40)) : ["  (none)"]);
  section(
    "locks",
    d.locks.length ? d.locks.map((l) => `  ${l.name.padEnd(22)} ${l.recursive ? "recursive" : "not recursive"}, declared by the ${l.declaredBy}${l.livesIn ? `, lives in ${l.livesIn}` : ", global"}`) : ["  (none)"],
  );
  section(
    "objects",
    d.objects.flatMap((o) => wrap(`  ${o.name.padEnd(18)} ${o.kind.padEnd(10)} ${o.allocatedAtStart ? "allocated" : "unallocated"}${o.mustFree ? ", must be freed" : ""}; fields: `, o.fields.length ? o.fields : ["-"], ", ", 8)),
  );
  section("environment events", wrap("  ", d.events.length ? d.events : ["(none)"], ", ", 2));
  section("properties", wrap("  ", d.properties, ", ", 2));
  return out.join("\n") + "\n";
}
