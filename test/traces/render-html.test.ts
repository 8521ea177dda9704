import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import test from "ava";
import { chromium, type Browser } from "playwright-core";
import { check, type Model } from "../../checker/index.js";
import { peterson } from "../../examples/peterson.js";
import { racyCounter } from "../../examples/racy-counter.js";
import { annotate } from "../../traces/annotate.js";
import { escapeHtml, renderHtml } from "../../traces/render-html.js";

const CHROMIUM = "/usr/bin/chromium";
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

function page(model: Model, title: string) {
  const t = annotate(model, check(model).violations[0]!.choices);
  return { t, html: renderHtml(t, { scenario: title }) };
}

test("the page is self-contained: no external scripts, styles, images or fetches", (t) => {
  const { html } = page(racyCounter(2), "racy");
  t.notRegex(html, /<(script|link|img)[^>]+(src|href)=/i);
  t.notRegex(html, /\bfetch\(|XMLHttpRequest|import\(/);
});

test("embedded data cannot close its script element", (t) => {
  const m = racyCounter(2);
  const evil: Model = { ...m, label: () => "</script><b>x</b>" };
  const { html } = page(evil, "</script>");
  t.is(html.split("</script>").length - 1, 2, "only the two real script elements close");
  t.is(escapeHtml('<a href="x">'), "&#60;a href=&#34;x&#34;&#62;");
});

if (!existsSync(CHROMIUM)) {
  // In CI (.ci/run installs chromium) a missing browser is a failure, never a quiet skip.
  if (process.env.CI) test(`trace page in headless Chromium: ${CHROMIUM} is missing in CI`, (t) => t.fail(`${CHROMIUM} is not installed; .ci/run installs it`));
  else test.skip(`trace page in headless Chromium — SKIPPED: ${CHROMIUM} is not installed (apt-get install chromium)`, () => {});
} else {
  let browser: Browser;
  const dir = mkdtempSync(join(tmpdir(), "socheck-html-"));
  test.before(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  });
  test.after.always(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test("headless Chromium: every step, every lane, the violation, and a click shows that step's state", async (t) => {
    const { t: tr, html } = page(peterson(true), "example-peterson-broken");
    const file = join(dir, "peterson.html");
    writeFileSync(file, html);
    const p = await browser.newPage();
    const requests: string[] = [];
    p.on("request", (r) => {
      if (!r.url().startsWith("file:")) requests.push(r.url());
    });
    const errors: string[] = [];
    p.on("pageerror", (e) => errors.push(e.message));
    await p.goto(pathToFileURL(file).href);
    t.deepEqual(errors, []);
    t.deepEqual(requests, [], "nothing fetched at view time");

    // One row per step plus the initial state, each with its label in its context's lane.
    const rows = p.locator("#lanes tbody tr.step");
    t.is(await rows.count(), tr.steps.length + 1);
    for (const s of tr.steps) {
      const cell = p.locator(`#lanes tr[data-step="${s.index}"] td.active[data-lane="${s.context}"] .label`);
      t.is(await cell.textContent(), s.label, `step ${s.index}`);
    }
    t.is(await p.locator("#lanes thead th[data-lane]").count(), new Set(tr.steps.map((s) => s.context)).size);

    // The violation: banner and the last row marked (a model without a trace view: the breaking step is the racing one).
    const banner = (await p.locator("#violation").textContent()) ?? "";
    t.true(banner.includes("mutual-exclusion"), banner);
    t.is(await p.locator("#violation").getAttribute("data-property"), "mutual-exclusion");
    t.is(await p.locator("#lanes tr.violating").getAttribute("data-step"), String(tr.steps.length));

    // Clicking step 3 shows the full state after step 3, with its changed slots marked.
    await p.locator('#lanes tr[data-step="3"]').click();
    t.is(await p.getAttribute("body", "data-selected"), "3");
    const s3 = tr.steps[2]!;
    t.is(await p.locator("#state tbody tr").count(), tr.slotNames.length);
    for (let k = 0; k < tr.slotNames.length; k++) {
      const v = await p.locator(`#state tr[data-slot="${tr.slotNames[k]}"] td.value`).textContent();
      t.is(v, String(s3.state[k]), tr.slotNames[k]);
    }
    const changed = await p.locator("#state tr.changed td:first-child").allTextContents();
    t.deepEqual(changed, s3.changes.map((c) => c.name));
    t.regex((await p.locator("#state-title").textContent()) ?? "", /after step 3/);

    // The slider moves the selection too.
    await p.locator("#slider").fill("1");
    t.is(await p.getAttribute("body", "data-selected"), "1");
    t.is(await p.locator("#lanes tr.selected").getAttribute("data-step"), "1");
    await p.close();
  });
}
