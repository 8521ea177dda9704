/**
 * JUnit XML for `socheck check --ci`: one testsuite, one testcase per scenario. This is the shape
 * Jenkins, GitLab and the GitHub test-report actions read (testsuites > testsuite > testcase, with
 * failure or skipped children and system-out).
 */

export interface JUnitCase {
  readonly name: string;
  readonly classname: string;
  readonly seconds: number;
  /** Set when the verdict is not the expected one. */
  readonly failure?: { readonly type: string; readonly message: string; readonly body: string };
  /** Anything worth keeping for a passing case (an expected counterexample, the stats). */
  readonly out?: string;
  /** Set for a scenario that was never checked (Ctrl-C, a model error before it): why. */
  readonly skipped?: string;
}

export function junitXml(suite: string, cases: readonly JUnitCase[], properties: Readonly<Record<string, string>> = {}, timestamp = new Date()): string {
  const failures = cases.filter((c) => c.failure).length;
  const skipped = cases.filter((c) => c.skipped !== undefined).length;
  const time = cases.reduce((s, c) => s + c.seconds, 0).toFixed(3);
  const counts = `tests="${cases.length}" failures="${failures}" errors="0" skipped="${skipped}" time="${time}"`;
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="${attr(suite)}" ${counts}>`];
  out.push(`  <testsuite name="${attr(suite)}" ${counts} timestamp="${timestamp.toISOString().replace(/\.\d+Z$/, "")}">`);
  const props = Object.entries(properties);
  if (props.length > 0) {
    out.push("    <properties>");
    for (const [k, v] of props) out.push(`      <property name="${attr(k)}" value="${attr(v)}"/>`);
    out.push("    </properties>");
  }
  for (const c of cases) {
    const open = `    <testcase classname="${attr(c.classname)}" name="${attr(c.name)}" time="${c.seconds.toFixed(3)}"`;
    if (c.skipped !== undefined) {
      out.push(`${open}>`, `      <skipped message="${attr(c.skipped)}"/>`, "    </testcase>");
      continue;
    }
    if (!c.failure && !c.out) {
      out.push(`${open}/>`);
      continue;
    }
    out.push(`${open}>`);
    if (c.failure) out.push(`      <failure type="${attr(c.failure.type)}" message="${attr(c.failure.message)}">${text(c.failure.body)}</failure>`);
    if (c.out) out.push(`      <system-out>${text(c.out)}</system-out>`);
    out.push("    </testcase>");
  }
  out.push("  </testsuite>", "</testsuites>", "");
  return out.join("\n");
}

/** Characters XML 1.0 cannot carry at all, even escaped. */
const INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

function text(s: string): string {
  return s.replace(INVALID, "\uFFFD").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function attr(s: string): string {
  return text(s).replace(/"/g, "&quot;").replace(/\n/g, "&#10;").replace(/\r/g, "&#13;").replace(/\t/g, "&#9;");
}
