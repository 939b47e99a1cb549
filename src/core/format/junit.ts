/**
 * JUnit XML for CI systems that show test reports (GitLab, Jenkins, Azure Pipelines): one
 * `<testsuite>` per file, one failing `<testcase>` per finding, and one passing test case for a
 * clean file so it shows as checked. A failure's text ends with the clause of the team's standard
 * that cites its rule, when one does.
 */
import { citationText } from '../coaching';
import { oneBased, sortResults } from './common';
import type { Formatter } from './types';

/** Escapes text for XML content and attribute values; drops characters XML 1.0 cannot carry. */
export function xmlEscape(s: string): string {
  return s
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** Attribute values also keep their line breaks and tabs (attribute normalisation would eat them). */
function attr(s: string): string {
  return xmlEscape(s).replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}

export const junit: Formatter = (results, ctx) => {
  const sorted = sortResults(results, ctx.cwd);
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  for (const { rel, findings } of sorted) {
    const cases: string[] = [];
    if (findings.length === 0) {
      cases.push(`    <testcase classname="${attr(rel)}" name="${attr(rel)}"/>`);
    }
    for (const f of findings) {
      const p = oneBased(f);
      const where = `${rel}:${p.line}:${p.column}`;
      const clause = f.standard ? `\n  ${citationText(f.standard)}` : '';
      cases.push(
        `    <testcase classname="${attr(rel)}" name="${attr(`${p.line}:${p.column} ${f.ruleId}`)}">\n` +
          `      <failure type="${attr(f.ruleId)}" message="${attr(f.message)}">${xmlEscape(`${f.severity}: ${f.message} (${f.ruleId})\n  at ${where}${clause}`)}</failure>\n` +
          `    </testcase>`,
      );
    }
    const count = Math.max(1, findings.length);
    tests += count;
    failures += findings.length;
    suites.push(
      `  <testsuite name="${attr(rel)}" tests="${count}" failures="${findings.length}" errors="0" skipped="0">\n${cases.join('\n')}\n  </testsuite>`,
    );
  }
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<testsuites name="Prompt Coach" tests="${tests}" failures="${failures}" errors="0">\n` +
    (suites.length ? suites.join('\n') + '\n' : '') +
    `</testsuites>\n`
  );
};
