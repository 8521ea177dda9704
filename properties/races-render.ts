import type { RaceTable } from "./races.js";

/**
 * The race table as text a kernel developer can paste into a mail, or as Markdown: the locations
 * with who touches them and under what, then the unordered pairs, most serious first.
 */
export function renderRaces(t: RaceTable, format: "text" | "markdown" = "text"): string {
  const md = format === "markdown";
  const out: string[] = [];
  const head = `${t.scenario}: ${t.states.toLocaleString("en-US")} states explored${t.exhaustive ? " (all)" : " (cut by a bound: not every access may be listed)"}`;
  out.push(md ? `## ${head}` : head, "");
  out.push(md ? "### Who touches what" : "who touches what (context, step, access, protections held)", "");
  if (md) out.push("| location | context | step | access | flags | protection |", "|---|---|---|---|---|---|");
  for (const l of t.locations) {
    if (!md) out.push(l.location);
    for (const a of [...l.accesses].sort((x, y) => x.ctx.localeCompare(y.ctx) || x.step.localeCompare(y.step))) {
      const prot = a.protections.join(" or ");
      if (md) out.push(`| ${l.location} | ${a.ctx} | \`${a.step}\` | ${a.kind} | ${a.flags ?? ""} | ${prot} |`);
      else out.push(`  ${a.ctx.padEnd(9)} ${a.kind.padEnd(5)} ${(a.flags ? `${a.flags}  ` : "") + a.step}  [${prot}]`);
    }
  }
  out.push("");
  const unordered = t.pairs;
  const counts = { breaks: 0, "order-matters": 0, commutes: 0 };
  for (const p of unordered) counts[p.verdict]++;
  out.push(
    md
      ? "### Conflicting accesses nothing orders"
      : "conflicting accesses nothing orders (both next in one reachable state, or one runs while the other is preempted before its step, or sleeps after a test it acts on when it wakes)",
    "",
    unordered.length === 0
      ? "  none: every conflicting pair of accesses is ordered (no reachable state has one inside the other's window)"
      : `  ${unordered.length} pairs: ${counts.breaks} break a property, ${counts["order-matters"]} change the state but no property, ${counts.commutes} commute`,
    "",
  );
  for (const p of unordered) {
    const tag = p.verdict === "breaks" ? `BREAKS ${p.property}` : p.verdict === "order-matters" ? "order matters" : "harmless";
    const sleep = p.window === "sleep";
    const line = `${p.location}: ${p.a.ctx} ${p.a.kind} at ${p.a.step} [${p.a.protections.join(" or ")}]${sleep ? `, then sleeps; ${p.b.ctx} writes while it sleeps` : " vs"} ${sleep ? "at" : `${p.b.ctx} ${p.b.kind} at`} ${p.b.step} [${p.b.protections.join(" or ")}]`;
    const counts = sleep ? `in ${p.states} state(s) the write lands in the sleep, it changes the test's decision in ${p.differing}` : `in ${p.states} state(s) one falls in the other's window, the orders differ in ${p.differing}`;
    const tagged = sleep ? `${tag} (window spans a sleep)` : tag;
    if (md) out.push(`- **${tagged}** — ${line}. ${p.reason}; ${counts}; witness: ${p.witness.length} steps.`);
    else out.push(`  ${tagged}`, `    ${line}`, `    ${p.reason}; ${counts}; witness after ${p.witness.length} steps`);
  }
  return out.join("\n") + "\n";
}
