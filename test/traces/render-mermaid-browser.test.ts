import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import test from "ava";
import { chromium, type Browser, type Page } from "playwright-core";
import { check } from "../../checker/index.js";
import { scenarios } from "../../model/scenarios/index.js";
import { annotate } from "../../traces/annotate.js";
import { racingSteps } from "../../traces/race.js";
import { renderMermaid } from "../../traces/render-mermaid.js";

// Every built-in counterexample's diagram goes through Mermaid's own parser (the package's browser
// bundle, loaded from node_modules into headless chromium: nothing fetched), folded and raw; one is
// rendered to SVG too. GitHub draws these diagrams with the same library.
const CHROMIUM = "/usr/bin/chromium";
const BUNDLE = createRequire(import.meta.url).resolve("mermaid/dist/mermaid.min.js");
const breaking = scenarios.filter((s) => s.expected.verdict === "violation");

if (!existsSync(CHROMIUM)) {
  if (process.env.CI) test(`Mermaid diagrams in headless Chromium: ${CHROMIUM} is missing in CI`, (t) => t.fail(`${CHROMIUM} is not installed; .ci/run installs it`));
  else test.skip(`Mermaid diagrams in headless Chromium — SKIPPED: ${CHROMIUM} is not installed (apt-get install chromium)`, () => {});
} else {
  let browser: Browser;
  let page: Page;
  test.before(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--headless", "--no-sandbox", "--disable-gpu"] });
    page = await browser.newPage();
    await page.setContent("<!doctype html><html><body><div id=out></div></body></html>");
    await page.addScriptTag({ path: BUNDLE });
    await page.evaluate(() => (globalThis as unknown as { mermaid: { initialize(o: object): void } }).mermaid.initialize({ startOnLoad: false }));
  });
  test.after.always(async () => {
    await browser?.close();
  });
  const parse = (text: string) =>
    page.evaluate(async (src) => {
      try {
        await (globalThis as unknown as { mermaid: { parse(s: string): Promise<unknown> } }).mermaid.parse(src);
        return null;
      } catch (e) {
        return String((e as Error).message ?? e);
      }
    }, text);

  test.serial("every built-in counterexample's diagram parses, folded and raw, with its racing steps marked", async (t) => {
    let n = 0;
    for (const sc of breaking) {
      const m = sc.build();
      for (const v of check(m, { stopAtFirst: false, maxStates: 2_000_000 }).violations) {
        const tr = annotate(m, v.choices);
        const folded = renderMermaid(tr);
        t.is(await parse(folded), null, `${sc.name} ${v.property}`);
        t.is(await parse(renderMermaid(tr, { raw: true })), null, `${sc.name} ${v.property} raw`);
        for (const r of racingSteps(tr)) t.true(folded.includes(`${r.step}. ${r.role.toUpperCase()}`), `${sc.name}: step ${r.step} marked ${r.role}`);
        n++;
      }
    }
    t.true(n >= breaking.length, `${n} diagrams`);
    t.not(await parse("sequenceDiagram\n    Note over: ;"), null, "a broken diagram does not parse");
  });

  test.serial("a kernel diagram renders to SVG with one lane per context and the racing notes", async (t) => {
    const sc = scenarios.find((s) => s.name === "netbsd-pr20390")!;
    const m = sc.build();
    const tr = annotate(m, check(m).violations[0]!.choices);
    const svg = await page.evaluate(async (src) => (await (globalThis as unknown as { mermaid: { render(id: string, s: string): Promise<{ svg: string }> } }).mermaid.render("d", src)).svg, renderMermaid(tr));
    t.regex(svg, /<svg/);
    t.regex(svg, /FREED/);
    t.regex(svg, /USED/);
    t.regex(svg, /softclock \(timer\)/);
  });
}
