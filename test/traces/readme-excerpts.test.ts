import { readFileSync } from "node:fs";
import test from "ava";
import { check } from "../../checker/index.js";
import { findScenario } from "../../model/scenarios/index.js";
import { annotate } from "../../traces/annotate.js";
import { renderText } from "../../traces/render-text.js";

// The README's trace excerpts are the tool's output, not edited by hand: each block marked
// <!-- socheck-trace: SCENARIO PROPERTY --> must be exactly what `socheck check SCENARIO
// --collect-all --show-traces` prints for PROPERTY (BFS, 120 columns, no colour).
const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
const blocks = [...readme.matchAll(/<!-- socheck-trace: (\S+) (\S+) -->\n```text\n([\s\S]*?)\n```/g)];

test("the README has tool-made trace excerpts", (t) => {
  t.true(blocks.length >= 4, `${blocks.length} excerpts`);
});

for (const [, name, property, body] of blocks) {
  test(`README excerpt ${name} ${property} is what the tool prints today`, (t) => {
    const sc = findScenario(name!);
    if (!sc) return t.fail(`no scenario ${name}`);
    const m = sc.build();
    const v = check(m, { stopAtFirst: false }).violations.find((x) => x.property === property);
    if (!v) return t.fail(`${name} no longer breaks ${property}`);
    const now = renderText(annotate(m, v.choices), { scenario: name, width: 120 });
    t.is(body, now, "regenerate the block with `socheck check NAME --collect-all --show-traces`");
  });
}
