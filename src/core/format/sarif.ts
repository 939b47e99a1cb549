/**
 * SARIF 2.1.0 for code scanning (GitHub, Azure DevOps, any SARIF viewer). One run; every rule the
 * caller knows plus the engine's ids in `tool.driver.rules`, results pointing at them by
 * `ruleIndex`, paths relative to `%SRCROOT%`, 1-based regions (end column exclusive) and fixes
 * as `artifactChanges`. A result whose rule a clause of the team's standard cites carries the
 * clause in its message and in `properties.standard`. No timestamps or absolute paths, so the same
 * results give the same bytes.
 */
import type { Finding, RuleMeta, Severity, TextEdit } from '../types';
import { citationText } from '../coaching';
import { allRuleMetas, oneBased, sortResults } from './common';
import { ruleHelpMarkdown, ruleHelpText } from './docs';
import type { Formatter } from './types';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const TOOL_NAME = 'Prompt Coach';
/** Where people learn about the tool; shown by SARIF viewers next to every result. */
export const INFORMATION_URI = 'https://promptcoach.dev';
export const SRCROOT = '%SRCROOT%';

type SarifLevel = 'error' | 'warning' | 'note';

const SEMVER = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

const LEVEL: Record<Severity, SarifLevel> = { error: 'error', warning: 'warning', info: 'note' };

interface SarifRegion {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

interface SarifArtifactLocation {
  uri: string;
  uriBaseId?: string;
}

function region(range: Finding['range']): SarifRegion {
  const p = oneBased({ range } as Finding);
  return { startLine: p.line, startColumn: p.column, endLine: p.endLine, endColumn: p.endColumn };
}

/** A relative, percent-encoded URI; a `file:` URI when the path could not be made relative. */
export function artifactLocation(rel: string): SarifArtifactLocation {
  const encoded = rel
    .split('/')
    .map((seg) => encodeURIComponent(seg))
    .join('/');
  if (/^[A-Za-z]:\//.test(rel)) return { uri: `file:///${rel.slice(0, 2)}${encoded.slice(encoded.indexOf('/'))}` };
  if (rel.startsWith('/')) return { uri: `file://${encoded}` };
  return { uri: encoded, uriBaseId: SRCROOT };
}

function ruleDescriptor(meta: RuleMeta) {
  const enabled = meta.defaultSeverity !== 'off';
  return {
    id: meta.id,
    shortDescription: { text: meta.docs.summary },
    fullDescription: { text: meta.docs.rationale },
    help: { text: ruleHelpText(meta), markdown: ruleHelpMarkdown(meta) },
    defaultConfiguration:
      meta.defaultSeverity === 'off' ? { enabled, level: 'warning' as const } : { enabled, level: LEVEL[meta.defaultSeverity] },
    properties: {
      category: meta.category,
      tags: [meta.category],
      kinds: meta.kinds === 'all' ? ['all'] : [...meta.kinds],
      fixable: meta.fixable,
    },
  };
}

function fixes(finding: Finding, location: SarifArtifactLocation) {
  return (finding.fixes ?? [])
    .filter((fix) => fix.edits.length > 0)
    .map((fix) => ({
      description: { text: fix.title },
      artifactChanges: [
        {
          artifactLocation: location,
          replacements: fix.edits.map((e: TextEdit) => ({ deletedRegion: region(e.range), insertedContent: { text: e.newText } })),
        },
      ],
    }));
}

export const sarif: Formatter = (results, ctx) => {
  const metas = allRuleMetas(ctx);
  const sorted = sortResults(results, ctx.cwd);
  // Ids reported but unknown to the caller (a custom rule of a nested config, say) still get an entry.
  const known = new Set(metas.map((m) => m.id));
  const unknown = [...new Set(sorted.flatMap((r) => r.findings.map((f) => f.ruleId)))].filter((id) => !known.has(id)).sort();
  const descriptors: object[] = [
    ...metas.map(ruleDescriptor),
    ...unknown.map((id) => ({ id, shortDescription: { text: id } })),
  ];
  const index = new Map<string, number>([...metas.map((m) => m.id), ...unknown].map((id, i) => [id, i]));

  const sarifResults = sorted.flatMap(({ rel, findings }) => {
    const location = artifactLocation(rel);
    return findings.map((f) => {
      const fx = fixes(f, location);
      return {
        ruleId: f.ruleId,
        ruleIndex: index.get(f.ruleId) as number,
        level: LEVEL[f.severity],
        // Viewers show only the message: the clause goes in it too, on its own line.
        message: { text: f.standard ? `${f.message}\n${citationText(f.standard)}` : f.message },
        locations: [{ physicalLocation: { artifactLocation: location, region: region(f.range) } }],
        ...(fx.length ? { fixes: fx } : {}),
        ...(f.standard ? { properties: { standard: { id: f.standard.id, text: f.standard.text } } } : {}),
      };
    });
  });

  return sarifLog({ version: ctx.version, rules: descriptors, results: sarifResults, run: { columnKind: 'utf16CodeUnits' } });
};

/** A SARIF 2.1.0 log with one run of Prompt Coach: the envelope every SARIF report shares. */
export function sarifLog(opts: { version: string; rules: unknown[]; results: unknown[]; run?: Record<string, unknown> }): string {
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: TOOL_NAME,
            version: opts.version,
            ...(SEMVER.test(opts.version) ? { semanticVersion: opts.version } : {}),
            informationUri: INFORMATION_URI,
            rules: opts.rules,
          },
        },
        ...opts.run,
        results: opts.results,
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}
