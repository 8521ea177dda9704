import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import test from "ava";
import { chromium, type Browser, type Page } from "playwright-core";
import { check, type Model } from "../../checker/index.js";
import { philosophers } from "../../examples/philosophers.js";
import { findScenario } from "../../model/scenarios/index.js";
import { annotate } from "../../traces/annotate.js";
import { racingSteps } from "../../traces/race.js";
import { renderHtml } from "../../traces/render-html.js";

// The trace page on real kernel traces, in Debian's chromium: three contexts (netbsd-pr20390) and
// four (kyu-netlock-timers), at 1280×800 and 1920×1080. Screenshots go to SCREENS for a person to look at.
const CHROMIUM = "/usr/bin/chromium";
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const SCREENS = join(tmpdir(), "socheck-trace-screens");
const CASES = [
  { scenario: "netbsd-pr20390", property: "callout-after-free", lanes: 3 },
  { scenario: "kyu-netlock-timers", property: "use-after-free", lanes: 4 },
];
const SIZES = [
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
];

function page(scenario: string, property: string) {
  const sc = findScenario(scenario)!;
  const m = sc.build();
  const v = check(m, { stopAtFirst: false }).violations.find((x) => x.property === property)!;
  const tr = annotate(m, v.choices);
  const file = join(SCREENS, `${scenario}.html`);
  writeFileSync(file, renderHtml(tr, { scenario }));
  return { tr, url: pathToFileURL(file).href, race: racingSteps(tr) };
}

/** The element's box lies inside the viewport (1 px of rounding allowed). */
async function inView(p: Page, selector: string): Promise<boolean> {
  const vp = p.viewportSize()!;
  const b = await p.locator(selector).boundingBox();
  return b !== null && b.x >= -1 && b.y >= -1 && b.x + b.width <= vp.width + 1 && b.y + b.height <= vp.height + 1;
}

if (!existsSync(CHROMIUM)) {
  if (process.env.CI) test(`kernel trace pages in headless Chromium: ${CHROMIUM} is missing in CI`, (t) => t.fail(`${CHROMIUM} is not installed; .ci/run installs it`));
  else test.skip(`kernel trace pages in headless Chromium — SKIPPED: ${CHROMIUM} is not installed (apt-get install chromium)`, () => {});
} else {
  let browser: Browser;
  test.before(async () => {
    mkdirSync(SCREENS, { recursive: true });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  });
  test.after.always(async () => {
    await browser?.close();
  });

  for (const c of CASES) {
    test.serial(`${c.scenario}: every lane header in view, free and use marked and linked, #step-N and clicks scroll into view`, async (t) => {
      const { tr, url, race } = page(c.scenario, c.property);
      const freed = race.find((r) => r.role === "freed")!;
      const used = race.find((r) => r.role === "used")!;
      t.truthy(freed && used, JSON.stringify(race));
      for (const size of SIZES) {
        const p = await browser.newPage({ viewport: size });
        const errors: string[] = [];
        p.on("pageerror", (e) => errors.push(e.message));
        await p.goto(url);
        t.deepEqual(errors, []);
        const heads = p.locator("#lanes thead th[data-lane]");
        t.is(await heads.count(), c.lanes);
        for (let i = 0; i < c.lanes; i++) t.true(await inView(p, `#lanes thead th[data-lane] >> nth=${i}`), `${size.width}×${size.height}: lane header ${i} in the viewport`);
        t.is(await p.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), true, "no horizontal scrolling");
        await p.screenshot({ path: join(SCREENS, `${c.scenario}-${size.width}x${size.height}.png`) });

        // The racing rows are marked with their role, and each links to the other.
        t.regex((await p.locator(`#step-${freed.step}.racing .role`).allTextContents()).join(" "), /freed/);
        t.regex((await p.locator(`#step-${used.step}.racing .role`).allTextContents()).join(" "), /used/);
        t.is(await p.locator(`#step-${freed.step} .others a[href="#step-${used.step}"]`).count(), 1);
        t.is(await p.locator(`#step-${used.step} .others a[href="#step-${freed.step}"]`).count(), 1);

        // Following the header's link to the use selects it, scrolls it into view and keeps the lane headers there.
        await p.locator(`#race a[href="#step-${used.step}"]`).click();
        t.is(await p.getAttribute("body", "data-selected"), String(used.step));
        t.true(await inView(p, `#step-${used.step}`), "the used row is in view");
        for (let i = 0; i < c.lanes; i++) t.true(await inView(p, `#lanes thead th[data-lane] >> nth=${i}`), `lane header ${i} still in view after scrolling`);

        // The keyboard and the slider select too, and scroll the row into view and set the hash.
        await p.keyboard.press("ArrowLeft");
        t.is(await p.getAttribute("body", "data-selected"), String(used.step - 1));
        t.is(await p.evaluate(() => location.hash), `#step-${used.step - 1}`);
        await p.locator("#slider").fill("1");
        t.true(await inView(p, "#step-1"), "step 1 scrolled back into view");
        await p.locator(`#step-1`).click();
        await p.locator("#slider").fill(String(tr.steps.length));
        t.true(await inView(p, `#step-${tr.steps.length}`), "the last row scrolled into view");

        // Opening the page at #step-N selects step N (inside a fold too) and shows it.
        const far = tr.steps.length - 3;
        await p.goto(`${url}#step-${far}`);
        t.is(await p.getAttribute("body", "data-selected"), String(far));
        t.true(await inView(p, `#step-${far}`), `#step-${far} in view on opening`);
        await p.close();
      }
    });
  }

  test.serial("five contexts with long labels: every lane header fits 1280×800 without horizontal scrolling", async (t) => {
    const base = philosophers(5);
    const m: Model = { ...base, label: (st, c) => `tcp_input → tcp_close → in_pcbdetach → sofree:${base.label(st, c)}_with_a_long_unbroken_identifier_in_it` };
    const tr = annotate(m, check(m).violations[0]!.choices);
    t.is(new Set(tr.steps.map((s) => s.context)).size, 5);
    const file = join(SCREENS, "five-contexts.html");
    writeFileSync(file, renderHtml(tr, { scenario: "philosophers-5" }));
    const p = await browser.newPage({ viewport: SIZES[0] });
    await p.goto(pathToFileURL(file).href);
    for (let i = 0; i < 5; i++) t.true(await inView(p, `#lanes thead th[data-lane] >> nth=${i}`), `lane header ${i}`);
    t.true(await p.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), "no horizontal scrolling");
    await p.screenshot({ path: join(SCREENS, "five-contexts-1280x800.png") });
    await p.close();
  });

  test.serial("the bookkeeping toggle shows the hidden slots and every folded step", async (t) => {
    const { tr, url } = page("netbsd-pr20390", "callout-after-free");
    const p = await browser.newPage({ viewport: SIZES[0] });
    await p.goto(url);
    const shownRows = async () => p.locator("#lanes tbody tr.step:visible").count();
    const before = await shownRows();
    t.true(before < tr.steps.length / 2, `folded: ${before} of ${tr.steps.length + 1} rows shown`);
    t.false(await p.locator('#state tr[data-slot="softnet.pc"]').isVisible());
    t.true(await p.locator('#state tr[data-slot="tp.t_state"]').isVisible());
    await p.locator("#raw").check();
    t.is(await shownRows(), tr.steps.length + 1);
    t.true(await p.locator('#state tr[data-slot="softnet.pc"]').isVisible());
    await p.close();
  });
}
