/**
 * argv → command. Parsing only: each command's work lives in its own module and returns a
 * `CommandResult`, so tests run the CLI in-process with an injected cwd.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { FORMAT_NAMES, type FormatName } from '../core/format';
import { runExplain } from './explain';
import { LIST_FORMATS, VERIFY_FORMATS, type ListFormat, type VerifyFormat } from '../core/inspection/format';
import { EXPLAIN_HELP, INIT_HELP, INSPECTIONS_HELP, LINT_HELP, LSP_HELP, MAIN_HELP, PACK_HELP, REPORT_HELP, RULES_HELP, SCORE_HELP } from './help';
import { runInit } from './init';
import { runInspectionsList, runInspectionsVerify } from './inspections';
import { ok, usageError, type CliEnv, type CommandResult } from './io';
import { PACK_CHECK_FORMATS, runPackCheck, type PackCheckFormat } from './pack';
import { DEFAULT_MAX_FILE_SIZE, runLint } from './lint';
import { REPORT_FORMATS, runReport, type ReportFormat } from './report';
import { runRules, type RulesFormat } from './rules';
import { runScore, type ScoreFormat } from './score';
import { didYouMean } from './suggest';

type Options = NonNullable<ParseArgsConfig['options']>;

interface Command {
  help: string;
  options: Options;
  run(values: Record<string, string | boolean | undefined>, positionals: string[], env: CliEnv): Promise<CommandResult> | CommandResult;
}

const HELP_OPTION: Options = { help: { type: 'boolean', short: 'h' } };

const COMMANDS: Record<string, Command> = {
  lint: {
    help: LINT_HELP,
    options: {
      ...HELP_OPTION,
      format: { type: 'string', short: 'f' },
      fix: { type: 'boolean' },
      'max-warnings': { type: 'string' },
      config: { type: 'string', short: 'c' },
      quiet: { type: 'boolean', short: 'q' },
      output: { type: 'string', short: 'o' },
      'all-files': { type: 'boolean' },
      'max-file-size': { type: 'string' },
      'no-color': { type: 'boolean' },
      color: { type: 'boolean' },
      cache: { type: 'boolean' },
      'cache-location': { type: 'string' },
      workers: { type: 'string' },
    },
    run(v, positionals, env) {
      const format = (v.format as string | undefined) ?? 'stylish';
      if (!(FORMAT_NAMES as readonly string[]).includes(format)) {
        return usageError(`unknown format '${format}', expected one of ${FORMAT_NAMES.join(', ')}.${didYouMean(format, FORMAT_NAMES)}`, LINT_HELP);
      }
      const maxWarnings = integerOption(v['max-warnings'], '--max-warnings', 0);
      if (typeof maxWarnings === 'object') return maxWarnings;
      const maxFileSize = integerOption(v['max-file-size'], '--max-file-size', 1);
      if (typeof maxFileSize === 'object') return maxFileSize;
      const workers = integerOption(v.workers, '--workers', 1);
      if (typeof workers === 'object') return workers;
      for (const name of ['config', 'output'] as const) {
        if (v[name] === '') return usageError(`--${name} needs a file name.`, LINT_HELP);
      }
      if (v['cache-location'] === '') return usageError('--cache-location needs a file or folder.', LINT_HELP);
      return runLint(
        {
          paths: positionals,
          format: format as FormatName,
          fix: v.fix === true,
          ...(maxWarnings === undefined ? {} : { maxWarnings }),
          ...(typeof v.config === 'string' ? { config: v.config } : {}),
          quiet: v.quiet === true,
          ...(typeof v.output === 'string' ? { output: v.output } : {}),
          allFiles: v['all-files'] === true,
          maxFileSize: maxFileSize ?? DEFAULT_MAX_FILE_SIZE,
          noColor: v['no-color'] === true,
          cache: v.cache === true,
          ...(typeof v['cache-location'] === 'string' ? { cacheLocation: v['cache-location'] } : {}),
          ...(workers === undefined ? {} : { workers }),
        },
        v.color === true && v['no-color'] !== true ? { ...env, color: true } : env,
      );
    },
  },
  score: {
    help: SCORE_HELP,
    options: { ...HELP_OPTION, format: { type: 'string', short: 'f' }, config: { type: 'string', short: 'c' }, 'all-files': { type: 'boolean' } },
    run(v, positionals, env) {
      const format = (v.format as string | undefined) ?? 'table';
      if (format !== 'table' && format !== 'json') return usageError(`unknown format '${format}', expected table or json.${didYouMean(format, ['table', 'json'])}`, SCORE_HELP);
      if (v.config === '') return usageError('--config needs a file name.', SCORE_HELP);
      return runScore(
        { paths: positionals, format: format as ScoreFormat, allFiles: v['all-files'] === true, ...(typeof v.config === 'string' ? { config: v.config } : {}) },
        env,
      );
    },
  },
  report: {
    help: REPORT_HELP,
    options: {
      ...HELP_OPTION,
      since: { type: 'string' },
      format: { type: 'string', short: 'f' },
      out: { type: 'string', short: 'o' },
      'fail-on-degradation': { type: 'boolean' },
    },
    run(v, positionals, env) {
      if (positionals.length) return usageError(`unexpected argument '${positionals[0]}'.`, REPORT_HELP);
      const format = (v.format as string | undefined) ?? 'markdown';
      if (!(REPORT_FORMATS as readonly string[]).includes(format)) {
        return usageError(`unknown format '${format}', expected markdown, html or json.${didYouMean(format, [...REPORT_FORMATS])}`, REPORT_HELP);
      }
      for (const name of ['since', 'out'] as const) if (v[name] === '') return usageError(`--${name} needs a value.`, REPORT_HELP);
      return runReport(
        {
          format: format as ReportFormat,
          failOnDegradation: v['fail-on-degradation'] === true,
          ...(typeof v.since === 'string' ? { since: v.since } : {}),
          ...(typeof v.out === 'string' ? { out: v.out } : {}),
        },
        env,
      );
    },
  },
  rules: {
    help: RULES_HELP,
    options: { ...HELP_OPTION, format: { type: 'string', short: 'f' } },
    run(v, positionals) {
      if (positionals.length) return usageError(`unexpected argument '${positionals[0]}'.`, RULES_HELP);
      const format = (v.format as string | undefined) ?? 'table';
      if (format !== 'table' && format !== 'json') return usageError(`unknown format '${format}', expected table or json.`, RULES_HELP);
      return runRules({ format: format as RulesFormat });
    },
  },
  explain: {
    help: EXPLAIN_HELP,
    options: HELP_OPTION,
    run(_v, positionals, env) {
      if (positionals.length !== 1) return usageError(positionals.length ? 'explain takes one rule id.' : 'which rule? Give a rule id.', EXPLAIN_HELP);
      return runExplain(positionals[0] as string, env);
    },
  },
  init: {
    help: INIT_HELP,
    options: { ...HELP_OPTION, force: { type: 'boolean' }, pack: { type: 'string', short: 'p' } },
    run(v, positionals, env) {
      if (positionals.length) return usageError(`unexpected argument '${positionals[0]}'.`, INIT_HELP);
      if (v.pack === '') return usageError('--pack needs a name: promptcoach:recommended, a folder such as ./packs/acme, or an npm package.', INIT_HELP);
      return runInit({ force: v.force === true, ...(typeof v.pack === 'string' ? { pack: v.pack } : {}) }, env);
    },
  },
  pack: {
    help: PACK_HELP,
    options: { ...HELP_OPTION, format: { type: 'string', short: 'f' } },
    run(v, positionals, env) {
      const [sub, dir, ...extra] = positionals;
      if (sub === undefined) return usageError('which subcommand? check.', PACK_HELP);
      if (sub !== 'check') return usageError(`unknown subcommand '${sub}', expected check.${didYouMean(sub, ['check'])}`, PACK_HELP);
      if (extra.length) return usageError(`unexpected argument '${extra[0]}': pack check takes one folder.`, PACK_HELP);
      const format = (v.format as string | undefined) ?? 'text';
      if (!(PACK_CHECK_FORMATS as readonly string[]).includes(format)) {
        return usageError(`unknown format '${format}', expected text or json.${didYouMean(format, PACK_CHECK_FORMATS)}`, PACK_HELP);
      }
      return runPackCheck({ dir: dir ?? '.', format: format as PackCheckFormat }, env);
    },
  },
  inspections: {
    help: INSPECTIONS_HELP,
    options: { ...HELP_OPTION, format: { type: 'string', short: 'f' }, since: { type: 'string' } },
    run(v, positionals, env) {
      const [sub, ...extra] = positionals;
      if (sub === undefined) return usageError('which subcommand? verify or list.', INSPECTIONS_HELP);
      if (extra.length) return usageError(`unexpected argument '${extra[0]}'.`, INSPECTIONS_HELP);
      const format = v.format as string | undefined;
      if (sub === 'verify') {
        if (format !== undefined && !(VERIFY_FORMATS as readonly string[]).includes(format)) {
          return usageError(`unknown format '${format}', expected one of ${VERIFY_FORMATS.join(', ')}.${didYouMean(format, VERIFY_FORMATS)}`, INSPECTIONS_HELP);
        }
        if (v.since === '') return usageError('--since needs a git ref, such as origin/main.', INSPECTIONS_HELP);
        return runInspectionsVerify(
          { format: (format ?? 'text') as VerifyFormat, ...(typeof v.since === 'string' ? { since: v.since } : {}) },
          env,
        );
      }
      if (sub === 'list') {
        if (format !== undefined && !(LIST_FORMATS as readonly string[]).includes(format)) {
          return usageError(`unknown format '${format}', expected table or json.${didYouMean(format, LIST_FORMATS)}`, INSPECTIONS_HELP);
        }
        if (v.since !== undefined) return usageError('--since applies to verify, not list.', INSPECTIONS_HELP);
        return runInspectionsList({ format: (format ?? 'table') as ListFormat }, env);
      }
      return usageError(`unknown subcommand '${sub}', expected verify or list.${didYouMean(sub, ['verify', 'list'])}`, INSPECTIONS_HELP);
    },
  },
  lsp: {
    help: LSP_HELP,
    options: {
      ...HELP_OPTION,
      stdio: { type: 'boolean' },
      'node-ipc': { type: 'boolean' },
      socket: { type: 'string' },
      pipe: { type: 'string' },
      clientProcessId: { type: 'string' },
    },
    async run(v, positionals) {
      if (positionals.length) return usageError(`unexpected argument '${positionals[0]}'.`, LSP_HELP);
      const transports = ['stdio', 'node-ipc', 'socket', 'pipe'].filter((t) => v[t] !== undefined);
      if (transports.length !== 1) {
        return usageError(transports.length ? `choose one transport, not ${transports.map((t) => `--${t}`).join(' and ')}.` : 'lsp needs a transport: --stdio, --node-ipc, --socket=PORT or --pipe=NAME.', LSP_HELP);
      }
      // The server reads the transport from the process's own arguments, as editors pass them.
      const { startServer } = await import('../server/server');
      startServer();
      // It runs until the client sends `exit`, which ends the process.
      return new Promise<CommandResult>(() => {});
    },
  },
};

/** A non-negative integer option; a `CommandResult` when it is not one. */
function integerOption(raw: string | boolean | undefined, flag: string, min: number): number | undefined | CommandResult {
  if (raw === undefined || typeof raw === 'boolean') return undefined;
  if (!/^\d+$/.test(raw.trim()) || Number(raw) < min || !Number.isSafeInteger(Number(raw))) {
    return usageError(`${flag} expects an integer ≥ ${min}, got '${raw}'.`, LINT_HELP);
  }
  return Number(raw);
}

export async function run(argv: readonly string[], env: CliEnv): Promise<CommandResult> {
  const [first, ...rest] = argv;
  if (first === undefined) return usageError('no command given.', MAIN_HELP);
  if (first === '--version' || first === '-v') return ok(`${env.version}\n`);
  if (first === '--help' || first === '-h') return ok(MAIN_HELP);
  if (first === 'help') {
    const topic = rest[0];
    if (topic === undefined) return ok(MAIN_HELP);
    const cmd = COMMANDS[topic];
    return cmd ? ok(cmd.help) : usageError(`unknown command '${topic}'.${didYouMean(topic, Object.keys(COMMANDS))}`, MAIN_HELP);
  }
  const command = Object.hasOwn(COMMANDS, first) ? COMMANDS[first] : undefined;
  if (!command) {
    const what = first.startsWith('-') ? `unknown option '${first}'` : `unknown command '${first}'`;
    return usageError(`${what}.${didYouMean(first, Object.keys(COMMANDS))}`, MAIN_HELP);
  }
  let parsed: { values: Record<string, string | boolean | undefined>; positionals: string[] };
  try {
    parsed = parseArgs({ args: [...rest], options: command.options, allowPositionals: true, strict: true }) as typeof parsed;
  } catch (error) {
    return usageError(describeParseError(error), command.help);
  }
  if (parsed.values.help === true) return ok(command.help);
  return command.run(parsed.values, parsed.positionals, env);
}

/** parseArgs' messages mention `args`-level details; keep the first sentence, which names the option. */
function describeParseError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const first = message.split('. ')[0] ?? message;
  return first.replace(/^Unknown option/, 'unknown option').replace(/^Option/, 'option') + '.';
}
