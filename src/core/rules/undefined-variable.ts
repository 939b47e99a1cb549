import { defineRule, type Fix } from '../types';
import { editDistance } from '../edit-distance';
import { declarationsOf, isPrompty, scanTemplate, type DeclaredInput } from './template-variables';

/** The declared name closest to `name`, when it is close enough to be a typo. */
function closest(name: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = name.toLowerCase() === c.toLowerCase() ? 0.5 : editDistance(name, c);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= Math.max(1, Math.floor(Math.min(name.length, best.length) / 3)) ? best : undefined;
}

export const undefinedVariable = defineRule({
  meta: {
    id: 'undefined-variable',
    category: 'direction',
    defaultSeverity: 'warning',
    kinds: 'all',
    fixable: true,
    docs: {
      summary:
        "Reports template variables used but never declared, and declared but never used, in Prompty files: `{{name}}` against the frontmatter's `inputs:` (and `sample:`).",
      rationale:
        'A variable the template uses but the file does not declare renders as an empty string: the model gets ' +
        '"Summarize the following text:" and nothing after it, and answers anyway. A declared input the template never ' +
        'uses is a value the caller passes and the model never sees, usually a renamed variable or a forgotten ' +
        'section. Both fail silently at run time; the declaration is the contract between the prompt and the code ' +
        'that calls it.',
      bad: '---\nname: summarize\nmodel: gpt-4o\ninputs:\n  - name: text\n    kind: string\n  - name: audience\n    kind: string\n---\nsystem:\nSummarize the document for {{audiance}}.\n\nuser:\n{{text}}',
      good: '---\nname: summarize\nmodel: gpt-4o\ninputs:\n  - name: text\n    kind: string\n  - name: audience\n    kind: string\n---\nsystem:\nSummarize the document for {{audience}}.\n\nuser:\n{{text}}',
      kindsNote:
        'Every kind, but only files that declare their variables: Prompty files (`.prompty`, or frontmatter with ' +
        '`inputs:` or `sample:` next to `model:` or `template:`). Names the template binds itself (`{% for x in … %}`, ' +
        '`{% set x %}`, macro parameters, Jinja globals such as `loop`) count as declared, and an input a tool binding ' +
        "uses (`input: name`) counts as used. A `sample:` declares its keys when the file has no `inputs:`; an input " +
        "kept in another file (`inputs: ${file:…}`) is not checked. VS Code's `${input:name}` and Gemini's `{{args}}` " +
        "declare themselves, and Claude Code's `argument-hint` is a free-form hint (Claude appends the arguments when " +
        'a command has no `$ARGUMENTS`), so prompt files, commands and the rest have nothing to check against.',
      precision: {
        right: 4,
        judged: 4,
        note:
          'All four are in one Prompty docs example (hello.prompty) and all are right: its `sample` offers firstName, ' +
          'lastName and question while the template reads `{{input}}` and greets no one by name. The other 38 of the ' +
          "corpus's 39 Prompty files that declare inputs or a sample pass; they were read to confirm it, including " +
          'loops, `{% if %}`, thread inputs, tool bindings and `${file:…}` inputs.',
      },
    },
  },
  check({ doc, report }) {
    if (!doc.frontmatter || !isPrompty(doc)) return;
    const decl = declarationsOf(doc);
    if (!decl.hasInputs && !decl.hasSample) return;
    const bodyStart = doc.lines.offsetAt(doc.frontmatter.range.end);
    const { uses, defined } = scanTemplate(doc.text, bodyStart);
    const declared: DeclaredInput[] = [...(decl.inputs ?? []), ...(decl.sample ?? [])];
    const declaredNames = new Set(declared.map((d) => d.name));
    const used = new Set(uses.map((u) => u.name));
    // A tool's `bindings` may pass an input to a function instead of the template (`input: preferred_unit`).
    for (const m of doc.frontmatter.raw.matchAll(/\binput\s*:\s*["']?([A-Za-z_][\w-]*)/g)) used.add(m[1] as string);

    // Declared, never used: the inputs (or, without inputs, the sample that stands for them).
    const declaring = decl.hasInputs ? decl.inputs : decl.sample;
    const unused = (declaring ?? []).filter((d) => !used.has(d.name) && d.kind !== 'thread' && d.start < d.end);

    // Used, never declared: only when the declaration is in this file.
    const checkable = decl.hasInputs ? decl.inputs !== undefined : decl.sample !== undefined;
    const reported = new Set<string>();
    const suggested = new Set<string>();
    const findings: { start: number; end: number; message: string; fixes?: Fix[] }[] = [];
    if (checkable) {
      for (const u of uses) {
        if (u.inSection || declaredNames.has(u.name) || defined.has(u.name) || reported.has(u.name)) continue;
        reported.add(u.name);
        const typo = closest(u.name, unused.map((d) => d.name).filter((n) => !suggested.has(n)));
        const where = decl.hasInputs ? "'inputs'" : "'sample'";
        if (typo) suggested.add(typo);
        // Every use of the misspelt name, so the fix leaves none behind.
        const edits = typo
          ? uses.filter((o) => o.name === u.name && !o.inSection).map((o) => ({ range: doc.range(o.start, o.end), newText: typo }))
          : [];
        findings.push({
          start: u.start,
          end: u.end,
          ...(typo ? { fixes: [{ title: `Replace '${u.name}' with the declared input '${typo}'`, edits }] } : {}),
          message: typo
            ? `Unexpected variable '${u.name}' that ${where} does not declare, expected '${typo}' (declared and otherwise unused): it renders as an empty string`
            : `Unexpected variable '${u.name}' that ${where} does not declare, expected an entry for it in ${where}: it renders as an empty string`,
        });
      }
    }
    // A declaration a misspelt use was matched to is reported there, once.
    for (const d of unused.filter((u) => !suggested.has(u.name))) {
      const where = d.source === 'inputs' ? "'inputs'" : "'sample'";
      findings.push({
        start: d.start,
        end: d.end,
        message: `Unexpected ${d.source === 'inputs' ? 'input' : 'sample value'} '${d.name}' declared in ${where} and never used, expected '{{${d.name}}}' in the prompt or the declaration removed: the model never sees it`,
      });
    }
    findings.sort((a, b) => a.start - b.start);
    for (const f of findings) report({ range: doc.range(f.start, f.end), message: f.message, ...(f.fixes ? { fixes: f.fixes } : {}) });
  },
});
