/**
 * The one schema of `.promptcoach.json`. Everything about the config's shape comes from here:
 *
 * - the TypeScript types (`PromptCoachConfig`, `CustomRuleConfig`, …) are inferred from it;
 * - `load.ts` validates every config file with it (and locates each issue in the file);
 * - `configJsonSchema()` turns it into the JSON Schema that VS Code uses to validate, complete
 *   and explain the file (`npm run generate` writes it to `media/`).
 *
 * To add a key: add it here with a `.describe()` (the hover text), read it in `load.ts`
 * (`toLayer`), merge it in `merge.ts`, and expose it on `EffectiveConfig` if the analyzer needs it.
 * Unknown top-level keys are a warning, not an error, so a config written for a newer version
 * (with `templates`, `scoring`) still loads.
 */
import { z, type ZodType } from 'zod';
import { RULES } from '../rules';
import { CONFIG_FILE_NAME } from './starter';
import { CATEGORIES, KINDS, type Rule, type SeveritySetting } from '../types';

/** Name of the config file looked up in a file's folder and its parents. */
export { CONFIG_FILE_NAME };

export const PRESET_NAMES = ['promptcoach:recommended', 'promptcoach:strict'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

export const SEVERITY_SETTINGS = ['off', 'info', 'warning', 'error'] as const satisfies readonly SeveritySetting[];

/** Rule ids: `no-foo`, `max-tokens-2`. */
export const KEBAB_CASE = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

export const CUSTOM_RULE_TYPES = [
  'existence',
  'substitution',
  'required-section',
  'required-frontmatter',
  'max-tokens',
] as const;
export type CustomRuleType = (typeof CUSTOM_RULE_TYPES)[number];

/** Renders a config value in a message: `'warn'`, `5`, `an object`. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return `'${value.length > 60 ? `${value.slice(0, 57)}…` : value}'`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return 'an array';
  return 'an object';
}

/** `'a', 'b' or 'c'` */
export function listOf(values: readonly unknown[], quote = true): string {
  const items = values.map((v) => (quote ? `'${String(v)}'` : String(v)));
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

const SEVERITY_HELP =
  "'off' turns the rule off; 'info', 'warning' and 'error' report its findings at that level.";

export const SeveritySettingSchema = z.enum(SEVERITY_SETTINGS).describe(`How a rule reports. ${SEVERITY_HELP}`);

export const RuleSettingSchema = z
  .union([SeveritySettingSchema, z.tuple([SeveritySettingSchema, z.unknown().describe("The rule's options (see the rule's docs).").optional()])], {
    error: (issue) =>
      `Unexpected ${describeValue(issue.input)}, expected a severity (${listOf(SEVERITY_SETTINGS)}) or [severity, options]`,
  })
  .describe(`A severity, or [severity, options] for rules that take options. ${SEVERITY_HELP}`);

/** Rule id → setting. `configJsonSchema()` adds every known rule id with its summary. */
export const RulesSchema = z
  .record(z.string().min(1), RuleSettingSchema)
  .describe(
    'Rule id → severity, or [severity, options]. Built-in rules and the ids of `customRules` can be set. ' +
      'A severity alone keeps the options set by an extended or parent config.',
  );

export const KindSchema = z.enum(KINDS).describe(`What a file is for; rules, checklists and scores target kinds: ${listOf(KINDS)}.`);

const GLOB_HELP = 'relative to the folder of the config file that contains it, `/`-separated, `**/` for any depth';

export const GlobSchema = z.string().min(1).describe(`A glob ${GLOB_HELP}, e.g. \`prompts/**/*.md\`.`);

const GlobsSchema = z.union([GlobSchema, z.array(GlobSchema).min(1)]);

// ───────────────────────────── inspection checklists ─────────────────────────────

export const AUTO_CHECK_TYPES = ['no-placeholders', 'references-exist', 'no-secrets', 'rules', 'command'] as const;
export type AutoCheckType = (typeof AUTO_CHECK_TYPES)[number];

/** Seconds a `command` check may run when its `timeout` is not set. */
export const DEFAULT_COMMAND_TIMEOUT_S = 300;

export const NoPlaceholdersCheckSchema = z
  .strictObject({
    type: z.literal('no-placeholders').describe("Fails when the output still has placeholders: `[INSERT …]`, `<YOUR_NAME>`, `TODO:`, `TBD` (the 'unresolved-placeholder' rule)."),
  })
  .describe('Placeholders left in the output.');

export const ReferencesExistCheckSchema = z
  .strictObject({
    type: z.literal('references-exist').describe("Fails when a link, `#file:` or `@path` in the output names a file that does not exist (the 'broken-reference' rule)."),
  })
  .describe('References in the output that point nowhere.');

export const NoSecretsCheckSchema = z
  .strictObject({
    type: z.literal('no-secrets').describe("Fails when the output contains a credential: API keys, tokens, private keys (the 'secret-in-prompt' rule). The secret itself is never shown or recorded."),
  })
  .describe('Credentials written into the output.');

export const RulesCheckSchema = z
  .strictObject({
    type: z.literal('rules').describe('Runs the named rules on the output; fails on any finding.'),
    rules: z
      .array(z.string().min(1).describe('A built-in rule id or the id of one of `customRules`.'))
      .min(1)
      .describe('Ids of the rules to run (built-in or custom), whatever their severity in `rules`.'),
    kind: KindSchema.describe("Treat each output as this kind, so rules for that kind run on it (default: the kind `files` gives it, if any).").optional(),
  })
  .describe('Named analyzer rules, run on the output.');

export const CommandCheckSchema = z
  .strictObject({
    type: z.literal('command').describe('Runs a shell command in the workspace root; passes when it exits with 0. Runs only in a trusted workspace.'),
    command: z
      .string()
      .min(1)
      .describe(
        'The shell command, e.g. `npm test`. It runs in the repository root with `PROMPTCOACH_OUTPUTS` (the output paths, one a line, ' +
          'repository-relative) and `PROMPTCOACH_CHECKLIST` in its environment; its output is shown to the reviewer.',
      ),
    timeout: z
      .number()
      .positive()
      .max(3600)
      .describe(`Seconds before the command is stopped and the check reports an error (default ${DEFAULT_COMMAND_TIMEOUT_S}).`)
      .optional(),
  })
  .describe('A project command (tests, a build, a linter) whose exit code decides.');

export const AutoCheckSchema = z
  .discriminatedUnion('type', [NoPlaceholdersCheckSchema, ReferencesExistCheckSchema, NoSecretsCheckSchema, RulesCheckSchema, CommandCheckSchema])
  .describe(`A check the panel runs before the reviewer decides; \`type\` is one of ${listOf(AUTO_CHECK_TYPES)}.`);

const itemOrChecklistId = (what: string) =>
  z
    .string()
    .regex(KEBAB_CASE, {
      error: (issue) => `Unexpected id ${describeValue(issue.input)}, expected kebab-case such as '${what}'`,
    });

export const ChecklistItemSchema = z
  .strictObject({
    id: itemOrChecklistId('facts-checked').describe('kebab-case id, unique in the checklist; records name the item by it.'),
    text: z.string().min(1).describe('The check, as a question or a statement the reviewer confirms: "Facts, links and file paths are real".'),
    help: z
      .string()
      .min(1)
      .describe('What a good check looks like: what to open, compare or run, and the usual ways this goes wrong. Shown to the reviewer next to the item.')
      .optional(),
    required: z
      .boolean()
      .describe("True (default): the output can be accepted only with this item marked 'pass' or 'na' (with a note). False: advisory, a 'fail' does not block.")
      .optional(),
    auto: AutoCheckSchema.optional(),
  })
  .describe('One thing the reviewer checks.');

export const ChecklistSchema = z
  .strictObject({
    id: itemOrChecklistId('output-review').describe('kebab-case id; a later config with the same id replaces this checklist. Records name it.'),
    title: z.string().min(1).describe('Shown as the heading of the checklist panel.'),
    version: z
      .number()
      .int()
      .positive()
      .describe('Raise it when the items change in meaning: each record keeps the version and a hash of the definition it was checked against.'),
    description: z.string().min(1).describe('What this checklist is for and when to use it.').optional(),
    files: GlobsSchema.describe(`Glob or globs of the outputs it applies to, ${GLOB_HELP}. With neither \`files\` nor \`kinds\` it applies to every output.`).optional(),
    excludedFiles: GlobsSchema.describe('Glob or globs of outputs to leave out even when `files` or `kinds` match them.').optional(),
    kinds: z.array(KindSchema).min(1).describe('Kinds of output it applies to (a file matching `files` or of one of these kinds).').optional(),
    items: z.array(ChecklistItemSchema).min(1).describe('The checks, in the order the reviewer works through them.'),
  })
  .superRefine((checklist, ctx) => {
    const seen = new Set<string>();
    checklist.items.forEach((item, i) => {
      if (seen.has(item.id)) ctx.addIssue({ code: 'custom', message: `Duplicate item id '${item.id}', expected each id once in a checklist`, path: ['items', i, 'id'] });
      seen.add(item.id);
    });
  })
  .describe('An inspection checklist the reviewer works through before accepting agent output.');

export const ChecklistsSchema = z
  .array(ChecklistSchema)
  .describe('Inspection checklists for agent output; a checklist replaces an earlier one (an extended or parent config\'s) with the same id.');

export const InspectionSchema = z
  .strictObject({
    required: z
      .array(GlobSchema)
      .describe(
        `Globs of outputs that must carry an accepted inspection of their current content (\`prompt-coach inspections verify\`), ${GLOB_HELP}; ` +
          '`!glob` leaves files out again. Nested and extending configs add to the list.',
      )
      .optional(),
  })
  .describe('What CI checks about inspection records.');

export const ScoringSchema = z
  .strictObject({
    weights: z
      .strictObject({
        error: z.number().min(0).describe('Penalty points of one error (default 15).').optional(),
        warning: z.number().min(0).describe('Penalty points of one warning (default 5).').optional(),
        info: z.number().min(0).describe('Penalty points of one info finding (default 1).').optional(),
      })
      .describe('Penalty points per finding, by severity.')
      .optional(),
    scale: z
      .number()
      .positive()
      .describe('Penalty points that bring a score from 100 down to 37 (100 × e⁻¹); larger is more lenient (default 25).')
      .optional(),
    referenceTokens: z
      .number()
      .int()
      .positive()
      .describe('Files up to this many estimated tokens carry their penalties in full; a longer file\'s are divided by √(tokens ÷ this) (default 1000).')
      .optional(),
  })
  .describe('How `prompt-coach score` (and the quality report) turns findings into a 0–100 score per file and category.');

export const TrendsSchema = z
  .strictObject({
    windowDays: z.number().int().positive().describe('Days an alert looks back over (default 30).').optional(),
    scoreDrop: z.number().min(0).describe('Points the workspace score may fall below its best in the window before an alert (default 5).').optional(),
    ruleRiseMin: z.number().int().min(1).describe('Findings a rule must have gained in the window to alert (default 3).').optional(),
    ruleRateRise: z
      .number()
      .min(0)
      .describe("Findings per file a rule's hit rate must have risen by in the window, and by half again, to alert (default 0.1).")
      .optional(),
    kindGap: z.number().min(0).describe('Points a kind of file may lag the workspace score before an alert (default 15).').optional(),
    folderGap: z
      .number()
      .min(0)
      .describe('Points a top-level folder with at least two prompt files may lag the workspace score before an alert (default 15).')
      .optional(),
    minInspections: z
      .number()
      .int()
      .min(1)
      .describe('Inspection decisions (or verdicts on an item) needed in the window and before it to compare them (default 5).')
      .optional(),
    rejectRateRise: z
      .number()
      .min(0)
      .max(1)
      .describe('Share of inspections rejected that may rise over the window before an alert (default 0.15: 15 points).')
      .optional(),
    itemFailRise: z
      .number()
      .min(0)
      .max(1)
      .describe("Share of a checklist item's verdicts that fail that may rise over the window before an alert (default 0.15).")
      .optional(),
  })
  .describe('Thresholds of the degradation alerts of `prompt-coach report`.');

/** `trends` as written: every field optional. */
export type TrendsSettings = z.infer<typeof TrendsSchema>;

/** `scoring` as written: every field optional; a nearer config's field wins. */
export type ScoringSettings = z.infer<typeof ScoringSchema>;

export const OverrideSchema = z
  .strictObject({
    files: GlobsSchema.describe(`Glob or globs of the files this override applies to, ${GLOB_HELP}.`),
    excludedFiles: GlobsSchema.describe('Glob or globs of files to leave out even when `files` matches them.').optional(),
    rules: RulesSchema.describe('Rule settings for the matching files; they win over the rest of this config.').optional(),
    kind: KindSchema.describe('Treat the matching files as this kind, whatever `files` says.').optional(),
    checklists: ChecklistsSchema.describe('Checklists for the matching outputs; one with the id of an earlier checklist replaces it for these files.').optional(),
  })
  .describe('Settings for the files that match `files`; applied after the rest of this config, in order.');

const customRuleBase = {
  id: z
    .string()
    .regex(KEBAB_CASE, {
      error: (issue) => `Unexpected id ${describeValue(issue.input)}, expected kebab-case such as 'no-maybe'`,
    })
    .describe('kebab-case id, unique among built-in and custom rules; `rules` and suppressions name it.'),
  message: z
    .string()
    .min(1)
    .describe('The finding\'s message. Placeholders: `{match}` (existence, substitution), `{replacement}` (substitution), `{section}`, `{field}`, `{tokens}` and `{max}`.')
    .optional(),
  severity: SeveritySettingSchema.describe("Default severity (default 'warning'); `rules` can change it like a built-in rule's.").optional(),
  kinds: z.array(KindSchema).min(1).describe('Kinds of file it runs on (default: every file).').optional(),
  category: z.enum(CATEGORIES).describe(`Category for scores and reports: ${listOf(CATEGORIES)}.`).optional(),
  description: z.string().describe('Why the team has this rule: shown in hovers and `explain`.').optional(),
};

const SCOPE_HELP = "'prose' (default) looks only at prose, code and markup blanked; 'text' looks at the whole file.";
const scope = z.enum(['prose', 'text']).describe(`Where to look. ${SCOPE_HELP}`).optional();
const ignoreCase = z.boolean().describe('Match regardless of case (default false).').optional();
const PATTERN_HELP =
  'Regular expressions use RE2 syntax and run in linear time: no backreferences, no lookarounds. `^` and `$` match at line starts and ends.';

export const ExistenceRuleSchema = z
  .strictObject({
    ...customRuleBase,
    type: z.literal('existence').describe('Reports each match of `pattern` or `tokens`.'),
    pattern: z.string().min(1).describe(`A regular expression to report. ${PATTERN_HELP}`).optional(),
    tokens: z.array(z.string().min(1)).min(1).describe('Words or phrases to report, matched as whole words.').optional(),
    ignoreCase,
    wholeWord: z.boolean().describe('Only report matches that start and end at word boundaries (default: true for `tokens`, false for `pattern`).').optional(),
    scope,
  })
  .superRefine((rule, ctx) => {
    if (rule.pattern === undefined && rule.tokens === undefined)
      ctx.addIssue({ code: 'custom', message: "Missing 'pattern' or 'tokens', expected one of them", path: [] });
    else if (rule.pattern !== undefined && rule.tokens !== undefined)
      ctx.addIssue({ code: 'custom', message: "Unexpected 'tokens' next to 'pattern', expected one of them", path: ['tokens'] });
  })
  .describe('Reports text that should not be there.');

export const SubstitutionRuleSchema = z
  .strictObject({
    ...customRuleBase,
    type: z.literal('substitution').describe('Reports each match of a `swap` pattern and offers its replacement as a quick fix.'),
    swap: z
      .record(z.string().min(1), z.string())
      .refine((swap) => Object.keys(swap).length > 0, { message: 'Unexpected empty swap, expected at least one pattern' })
      .describe(`Pattern → replacement (\`$1\`, \`$&\` insert groups). ${PATTERN_HELP}`),
    ignoreCase,
    wholeWord: z.boolean().describe('Only report matches that start and end at word boundaries (default true).').optional(),
    scope,
  })
  .describe('Reports wording the team replaces, with a fix.');

export const RequiredSectionRuleSchema = z
  .strictObject({
    ...customRuleBase,
    type: z.literal('required-section').describe('Reports each of `sections` that no heading matches.'),
    sections: z
      .array(z.string().min(1))
      .min(1)
      .describe(`Heading patterns, matched anywhere in the heading text regardless of case (\`^Goal$\` for an exact heading). ${PATTERN_HELP}`),
  })
  .describe('Requires sections (headings).');

export const RequiredFrontmatterRuleSchema = z
  .strictObject({
    ...customRuleBase,
    type: z.literal('required-frontmatter').describe('Reports each of `fields` missing or empty in the YAML frontmatter.'),
    fields: z.array(z.string().min(1)).min(1).describe('Frontmatter keys that must be present and not empty.'),
  })
  .describe('Requires frontmatter fields.');

export const MaxTokensRuleSchema = z
  .strictObject({
    ...customRuleBase,
    type: z.literal('max-tokens').describe("Reports a file whose estimated token count is over `max`."),
    max: z.number().int().positive().describe('Most estimated tokens (≈ 4 characters each) a file may have.'),
  })
  .describe('Caps the size of a file.');

export const CustomRuleSchema = z
  .discriminatedUnion('type', [
    ExistenceRuleSchema,
    SubstitutionRuleSchema,
    RequiredSectionRuleSchema,
    RequiredFrontmatterRuleSchema,
    MaxTokensRuleSchema,
  ])
  .describe(`A declarative team rule; \`type\` is one of ${listOf(CUSTOM_RULE_TYPES)}.`);

export const COACHING_LEVELS = ['learn', 'standard', 'strict'] as const;
export type CoachingLevel = (typeof COACHING_LEVELS)[number];

export const CoachingLevelSchema = z
  .enum(COACHING_LEVELS)
  .describe(
    "How hard Prompt Coach coaches: 'learn' adds the rules that are off by default as hints (info) and the why of each finding; " +
      "'standard' (default) is the config as written; 'strict' raises warnings to errors. The editor setting `promptcoach.coachingLevel` wins over this.",
  );

/** Clause ids: `DIR-2`, `CTX-1`, `SAFE-3a`, `acme.review-1`. */
export const CLAUSE_ID = /^[A-Za-z][A-Za-z0-9]*(?:[-.][A-Za-z0-9]+)*$/;

export const ClauseSchema = z
  .strictObject({
    id: z
      .string()
      .regex(CLAUSE_ID, { error: (issue) => `Unexpected clause id ${describeValue(issue.input)}, expected letters and digits such as 'DIR-2'` })
      .describe("Short id operators learn and cite, such as 'DIR-2'; a later config's clause with the same id replaces this one."),
    text: z.string().min(1).describe('The clause in the team\'s words: "Every task prompt states how success is judged."'),
    rules: z
      .array(z.string().min(1))
      .describe("Rule ids (built-in or custom) whose findings cite this clause: the diagnostic and the hover say 'Team standard DIR-2: …'.")
      .optional(),
    items: z
      .array(
        z
          .string()
          .regex(/^[a-z][a-z0-9-]*\/[a-z][a-z0-9-]*$/, {
            error: (issue) => `Unexpected item ${describeValue(issue.input)}, expected 'checklist-id/item-id' such as 'output-review/facts-checked'`,
          }),
      )
      .describe("Checklist items ('checklist-id/item-id') that check this clause; the inspection panel cites it next to them.")
      .optional(),
  })
  .describe('One clause of the team\'s standard.');

export const StandardSchema = z
  .strictObject({
    title: z.string().min(1).describe('Name of the standard, e.g. "Acme prompt standard".').optional(),
    clauses: z.array(ClauseSchema).describe('The clauses, in the order a new operator should read them.'),
  })
  .describe("The team's written standard: named clauses that rules and checklist items cite, so operators learn the team's words.");

export const TemplateInputSchema = z
  .strictObject({
    id: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { error: (issue) => `Unexpected input id ${describeValue(issue.input)}, expected a name such as 'module' or 'task_name'` })
      .describe('The name used in the template text: `${input:id}`.'),
    description: z.string().min(1).describe('The question asked when the template is used.'),
    default: z.string().describe('The answer proposed.').optional(),
  })
  .describe('An input of a template, written in it as `${input:id}` (or `${input:id:placeholder}`).');

export const TemplateSchema = z
  .strictObject({
    id: z
      .string()
      .regex(KEBAB_CASE, { error: (issue) => `Unexpected template id ${describeValue(issue.input)}, expected kebab-case such as 'task-prompt'` })
      .describe('kebab-case id; a later config\'s template with the same id replaces this one.'),
    title: z.string().min(1).describe('Shown in "New Prompt from Template…".'),
    description: z.string().min(1).describe('When to use it; shown under the title.'),
    kind: KindSchema,
    file: z.string().min(1).describe("The template's text: a file relative to this config (or pack), with `${input:…}` placeholders."),
    fileName: z
      .string()
      .min(1)
      .describe("Name of the new file, may use inputs: '${input:name}.prompt.md'. Default: the template file's name."),
    folder: z.string().describe("Folder for the new file, relative to the workspace folder, e.g. '.github/prompts'. Default: the workspace folder.").optional(),
    inputs: z.array(TemplateInputSchema).describe('Questions for the inputs, in the order asked; inputs used in the text but not listed are asked by their placeholder.').optional(),
  })
  .describe('A prompt or context file to start from: the standard\'s sections already there, the specifics asked as inputs.');

export const ConfigSchema = z
  .strictObject({
    $schema: z.string().describe('URL or path of the JSON Schema for this file, for editors.').optional(),
    extends: z
      .union([z.string().min(1), z.array(z.string().min(1))])
      .describe(
        `Configs this one builds on, in order; this file wins over them. Each is a relative path ('./base.json'), ` +
          `an npm package installed in the workspace, or a built-in preset: ${listOf(PRESET_NAMES)}. ` +
          'Globs in an extended config are read relative to this file\'s folder.',
      )
      .optional(),
    root: z.boolean().describe('Stop looking for `.promptcoach.json` files in parent folders (default false).').optional(),
    files: z
      .record(GlobSchema, KindSchema)
      .describe(`Glob → kind; globs are ${GLOB_HELP}. The first glob that matches a file decides its kind; these come before the defaults.`)
      .optional(),
    ignore: z.array(GlobSchema).describe(`Globs of files never to analyze, ${GLOB_HELP}. A glob that matches a folder ignores everything in it; \`!glob\` brings files back.`).optional(),
    rules: RulesSchema.optional(),
    overrides: z.array(OverrideSchema).describe('Per-glob settings, applied after the rest of this config, in order.').optional(),
    customRules: z.array(CustomRuleSchema).describe('Declarative team rules: existence, substitution, required-section, required-frontmatter, max-tokens.').optional(),
    requireSuppressionReason: z
      .boolean()
      .describe('Require a reason after ` -- ` in every `promptcoach-disable…` comment (default false; true in promptcoach:strict).')
      .optional(),
    reportUnusedSuppressions: z
      .boolean()
      .meta({ description: 'Report `promptcoach-disable…` comments that suppress nothing (default true).', default: true })
      .optional(),
    checklists: ChecklistsSchema.optional(),
    inspection: InspectionSchema.optional(),
    scoring: ScoringSchema.optional(),
    trends: TrendsSchema.optional(),
    standard: StandardSchema.optional(),
    templates: z.array(TemplateSchema).describe('Templates for "New Prompt from Template…"; a later config\'s template with the same id replaces one.').optional(),
    coachingLevel: CoachingLevelSchema.optional(),
  })
  .describe('Prompt Coach configuration: the team\'s standard for prompt and context files.');

/** Name of a pack's manifest, in the pack's folder or npm package. */
export const PACK_FILE_NAME = 'promptcoach-pack.json';

/**
 * A pack: a config with a name, a version and a description, shared as a folder or an npm package
 * with `promptcoach-pack.json`. `extends` takes it like any config.
 */
export const PackSchema = ConfigSchema.extend({
  name: z
    .string()
    .regex(/^(?:@[a-z0-9][a-z0-9._-]*\/)?[a-z0-9][a-z0-9._-]*$|^promptcoach:[a-z-]+$/, {
      error: (issue) => `Unexpected pack name ${describeValue(issue.input)}, expected an npm-style name such as 'acme-prompt-standard' or '@acme/prompt-standard'`,
    })
    .describe("The pack's name, as published (an npm package name)."),
  version: z
    .string()
    .regex(/^\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.-]+)?$/, { error: (issue) => `Unexpected version ${describeValue(issue.input)}, expected semantic versioning such as '1.2.0'` })
    .describe('Semantic version; raise the major version when a clause or a rule setting changes in meaning.'),
  description: z.string().min(1).describe('What practice this pack writes down, and for whom.'),
}).describe('A Prompt Coach pack: a team\'s operating practice (standard, rules, checklists, templates) to share and extend.');

/** The config as written in the file. */
export type PromptCoachConfig = z.input<typeof ConfigSchema>;
/** The config after validation. */
export type ParsedConfigData = z.output<typeof ConfigSchema>;
export type RuleSettingConfig = z.output<typeof RuleSettingSchema>;
export type OverrideConfig = z.output<typeof OverrideSchema>;
export type CustomRuleConfig = z.output<typeof CustomRuleSchema>;
export type ExistenceRuleConfig = z.output<typeof ExistenceRuleSchema>;
export type SubstitutionRuleConfig = z.output<typeof SubstitutionRuleSchema>;
export type RequiredSectionRuleConfig = z.output<typeof RequiredSectionRuleSchema>;
export type RequiredFrontmatterRuleConfig = z.output<typeof RequiredFrontmatterRuleSchema>;
export type MaxTokensRuleConfig = z.output<typeof MaxTokensRuleSchema>;
export type AutoCheckConfig = z.output<typeof AutoCheckSchema>;
export type ChecklistItemConfig = z.output<typeof ChecklistItemSchema>;
export type ChecklistConfig = z.output<typeof ChecklistSchema>;
export type ClauseConfig = z.output<typeof ClauseSchema>;
export type TemplateConfig = z.output<typeof TemplateSchema>;
export type TemplateInputConfig = z.output<typeof TemplateInputSchema>;
export type PackManifest = z.output<typeof PackSchema>;

/** Top-level keys the schema knows, in schema order. */
export const CONFIG_KEYS = Object.keys(ConfigSchema.shape) as (keyof ParsedConfigData)[];

type JsonObject = Record<string, unknown>;

/**
 * The JSON Schema (draft-07, which VS Code's JSON support reads fully) of `.promptcoach.json`,
 * generated from `ConfigSchema`. Every known rule id is a property of `rules` (and of each
 * override's `rules`) with its summary as the hover and its options schema when it has one.
 * Computed from `rules` (default: the built-in `RULES`) at call time.
 */
export function configJsonSchema(rules: readonly Rule<unknown>[] = RULES): object {
  const ruleProperties: JsonObject = {};
  for (const rule of rules) ruleProperties[rule.meta.id] = ruleJsonSchema(rule);
  const schema = z.toJSONSchema(ConfigSchema, {
    target: 'draft-7',
    io: 'input',
    unrepresentable: 'any',
    override(ctx) {
      // `RulesSchema` and its `.describe()` copies share their definition.
      const def = (ctx.zodSchema as { _zod?: { def?: { valueType?: unknown } } })._zod?.def;
      if (def?.valueType === RuleSettingSchema) {
        (ctx.jsonSchema as JsonObject).properties = ruleProperties;
      }
    },
  }) as JsonObject;
  return {
    ...schema,
    $id: 'https://promptcoach.dev/schema/promptcoach.schema.json',
    title: 'Prompt Coach configuration (.promptcoach.json)',
    // VS Code reads `.promptcoach.json` as JSON; these let it accept comments and trailing commas.
    allowComments: true,
    allowTrailingCommas: true,
  };
}

/** The JSON Schema of `promptcoach-pack.json`: the config's, with the pack's own keys. */
export function packJsonSchema(rules: readonly Rule<unknown>[] = RULES): object {
  const config = configJsonSchema(rules) as JsonObject;
  const pack = z.toJSONSchema(PackSchema.pick({ name: true, version: true, description: true }), { target: 'draft-7', io: 'input' }) as JsonObject;
  return {
    ...config,
    $id: 'https://promptcoach.dev/schema/promptcoach-pack.schema.json',
    title: 'Prompt Coach pack (promptcoach-pack.json)',
    description: PackSchema.description,
    properties: { ...(pack.properties as JsonObject), ...(config.properties as JsonObject) },
    required: ['name', 'version', 'description'],
  };
}

function ruleJsonSchema(rule: Rule<unknown>): JsonObject {
  const { meta } = rule;
  const description =
    `${meta.docs.summary} Category: ${meta.category}; default: '${meta.defaultSeverity}'${meta.fixable ? '; has a quick fix' : ''}.` +
    (meta.docs.options ? ` Options: ${meta.docs.options}` : '');
  let options: ZodType = z.unknown();
  if (meta.options) options = meta.options;
  const setting = meta.options
    ? z.union([SeveritySettingSchema, z.tuple([SeveritySettingSchema, options.optional()])])
    : z.union([SeveritySettingSchema, z.tuple([SeveritySettingSchema])]);
  let json: JsonObject;
  try {
    json = z.toJSONSchema(setting, { target: 'draft-7', io: 'input', unrepresentable: 'any' }) as JsonObject;
  } catch {
    json = z.toJSONSchema(RuleSettingSchema, { target: 'draft-7', io: 'input', unrepresentable: 'any' }) as JsonObject;
  }
  delete json.$schema;
  return { ...json, description };
}
