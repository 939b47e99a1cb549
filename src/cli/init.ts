/**
 * `prompt-coach init [--pack NAME]`: a starter `.promptcoach.json` in the cwd, never over an
 * existing one unless `--force`. With `--pack`, the config extends that pack (a built-in preset, a
 * folder or an installed npm package), resolved first exactly as `extends` will resolve it, so a
 * name that does not resolve writes nothing; then it says what the workspace now follows.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigResolver } from '../core/config/load';
import { PACK_FILE_NAME } from '../core/config/schema';
import { CONFIG_FILE_NAME, STARTER_CONFIG } from '../core/config/starter';
import type { ConfigProblem, EffectiveConfig } from '../core/config/types';
import type { Host } from '../core/types';
import { relativePath } from '../core/format';
import { ok, usageError, type CliEnv, type CommandResult } from './io';

export { CONFIG_FILE_NAME, STARTER_CONFIG };

export interface InitOptions {
  force: boolean;
  /** A preset, a folder (relative to the cwd) or an npm package name. */
  pack?: string;
}

export function runInit(options: InitOptions, env: CliEnv): CommandResult {
  const target = path.join(env.cwd, CONFIG_FILE_NAME);
  if (fs.existsSync(target) && !options.force) {
    return usageError(`${CONFIG_FILE_NAME} already exists in ${env.cwd}; use --force to overwrite it.`);
  }
  if (options.pack !== undefined) return initFromPack(options.pack, target, env);
  return write(target, STARTER_CONFIG, `Wrote ${CONFIG_FILE_NAME}. Run 'prompt-coach lint' to check your prompt and context files.\n`);
}

function write(target: string, text: string, output: string): CommandResult {
  try {
    fs.writeFileSync(target, text);
  } catch (error) {
    return usageError(`cannot write ${target}: ${(error as Error).message}`);
  }
  return ok(output);
}

/**
 * The config `init --pack` writes: the one `extends` line. No `$schema`: the extension validates
 * `.promptcoach.json` with the schema it ships, and a `$schema` URL would replace that with a
 * download.
 */
export function packConfigText(specifier: string): string {
  return [
    `// Prompt Coach: this workspace follows ${specifier} (JSON with comments).`,
    "// Settings here win over the pack's: 'npx prompt-coach explain <rule-id>' says how to set a rule.",
    '{',
    `  "extends": [${JSON.stringify(specifier)}]`,
    '}',
    '',
  ].join('\n');
}

function initFromPack(name: string, target: string, env: CliEnv): CommandResult {
  if (!name.trim()) return usageError('--pack needs a name: promptcoach:recommended, a folder such as ./packs/acme, or an npm package.');
  const specifier = extendsSpecifier(name, env.cwd);
  const text = packConfigText(specifier);
  const resolved = resolveVirtually(target, text, env);
  const errors = resolved.problems.filter((p) => p.severity === 'error');
  if (errors.length) {
    const lines = errors.map((p) => (p.path === target ? p.message : `${relativePath(env.cwd, p.path)}:${p.range.start.line + 1}:${p.range.start.character + 1}: ${p.message}`));
    return usageError(`cannot set up from '${name}': ${lines.join('\n  ')}\nNothing was written.`);
  }
  const written = write(target, text, '');
  if (written.exitCode !== 0) return written;
  const warnings = resolved.problems.filter((p) => p.severity === 'warning');
  const stderr = warnings.map((p) => `prompt-coach: warning: ${relativePath(env.cwd, p.path)}:${p.range.start.line + 1}:${p.range.start.character + 1}: ${p.message}\n`).join('');
  return ok(describeFollowed(specifier, resolved.config), stderr);
}

/**
 * What to write in `extends`. A folder named without `./` (`packs/acme`) would be read as an npm
 * package, so it gets one; an absolute path is made relative, so the config works in every clone.
 */
export function extendsSpecifier(name: string, cwd: string): string {
  if (name.startsWith('promptcoach:') || /^\.\.?(?:[\\/]|$)/.test(name)) return name;
  const abs = path.resolve(cwd, name);
  const holdsConfig = [PACK_FILE_NAME, CONFIG_FILE_NAME, 'promptcoach.json'].some((f) => fs.existsSync(path.join(abs, f)));
  const isLocal = path.isAbsolute(name) || (holdsConfig && !name.startsWith('@'));
  if (!isLocal) return name;
  const rel = path.relative(cwd, abs).split(path.sep).join('/');
  return rel.startsWith('../') || rel === '..' ? rel : `./${rel}`;
}

/**
 * Resolves the config as if it were written, through a host that answers for the file: the resolver
 * reads `extends` relative to it and finds packages from its folder, and nothing touches the disk.
 */
function resolveVirtually(target: string, text: string, env: CliEnv): { config: EffectiveConfig; problems: ConfigProblem[] } {
  const base = env.host;
  const host: Host = {
    ...base,
    exists: (p) => p === target || base.exists(p),
    isDirectory: (p) => p !== target && base.isDirectory(p),
    readFile: (p) => (p === target ? text : base.readFile(p)),
  };
  const resolver = new ConfigResolver({ host, rootDir: env.cwd, configFile: target, trusted: true });
  const config = resolver.forFile(path.join(env.cwd, 'prompt.prompt.md'));
  return { config, problems: resolver.problems() };
}

/** The pack's name, version and description, its clauses, its templates and what to do next. */
export function describeFollowed(specifier: string, config: EffectiveConfig): string {
  // The layer `extends` brought in is the last source before the config itself.
  const sources = config.sources ?? [];
  const own = sources[sources.length - 2];
  const pack = config.packs?.find((p) => p.source === own);
  let out = `Wrote ${CONFIG_FILE_NAME}: this workspace now follows `;
  out += pack ? `${pack.name} ${pack.version}.\n${indent(pack.description)}\n` : `${specifier}.\n`;

  const clauses = config.standard?.clauses ?? [];
  if (clauses.length) {
    out += `\n${config.standard?.title ?? 'Standard'} (${clauses.length} clause${clauses.length === 1 ? '' : 's'}):\n`;
    const w = Math.max(...clauses.map((c) => c.id.length));
    for (const c of clauses) out += `  ${c.id.padEnd(w)}  ${c.text}\n`;
  }
  const templates = config.templates ?? [];
  if (templates.length) {
    out += `\nTemplates:\n`;
    const w = Math.max(...templates.map((t) => t.title.length));
    for (const t of templates) out += `  ${t.title.padEnd(w)}  makes ${madePath(t.folder, t.fileName)}\n`;
  }
  out += '\nNext steps:\n';
  out += "  prompt-coach lint    check the workspace's prompt and context files against the standard\n";
  if (templates.length) out += '  In VS Code, "Prompt Coach: New Prompt from Template…" starts a prompt from a template.\n';
  return out;
}

/** `.github/prompts/<name>.prompt.md`: where a template's file goes, inputs shown by name. */
function madePath(folder: string | undefined, fileName: string): string {
  const show = (s: string) => s.replace(/\$\{input:([A-Za-z_][A-Za-z0-9_]*)(?::[^}]*)?\}/g, '<$1>');
  const dir = folder ? show(folder).replace(/\\/g, '/').replace(/^\.\/|\/+$/g, '') : '';
  return dir ? `${dir}/${show(fileName)}` : show(fileName);
}

function indent(text: string): string {
  return text
    .split(/\r?\n/)
    .map((l) => `  ${l}`)
    .join('\n');
}
