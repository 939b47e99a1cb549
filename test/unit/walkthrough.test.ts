// The walkthrough (package.json `contributes.walkthroughs`) names only commands, views, settings
// and context keys that exist, shows a real screenshot on every step within the image budget, and
// its sample prompt has the findings its steps talk about. test/integration/suite/walkthrough.test.ts
// checks the same commands in a running VS Code.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyze } from '../../src/core/analyze';
import { ConfigResolver } from '../../src/core/config/load';
import type { CoachingLevel } from '../../src/core/config/schema';
import { applyFixes } from '../../src/core/fix';
import { nodeHost } from '../../src/node/host';

const root = path.resolve(import.meta.dirname, '../..');

interface Step {
  id: string;
  title: string;
  description: string;
  media: { image?: string; altText?: string; markdown?: string; svg?: string };
  completionEvents?: string[];
}
interface Manifest {
  contributes: {
    commands: { command: string }[];
    configuration: { properties: Record<string, unknown> };
    walkthroughs: { id: string; title: string; description: string; steps: Step[] }[];
  };
}

const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as Manifest;
const walkthrough = manifest.contributes.walkthroughs.find((w) => w.id === 'promptcoach.gettingStarted');
const steps = walkthrough?.steps ?? [];
const contributed = new Set(manifest.contributes.commands.map((c) => c.command));

/**
 * VS Code's own commands the walkthrough names. They are not in package.json, so they are listed
 * here, each with what it does; the integration test finds every one registered in VS Code.
 */
const BUILT_IN_COMMANDS = new Set([
  'workbench.actions.view.problems', // View: Show Problems (Ctrl+Shift+M)
  'editor.action.showHover', // Show or Focus Hover (Ctrl+K Ctrl+I): reading a finding
  'workbench.action.openSettings', // Preferences: Open Settings, with a search query as its argument
]);
/** VS Code's views whose opening completes a step (`onView:`). */
const BUILT_IN_VIEWS = new Set(['workbench.panel.markers.view']); // the Problems panel
/** Context keys the extension sets for `onContext:` completion events, and the file that sets each. */
const CONTEXT_KEYS: Record<string, string> = {
  'promptcoach.sampleClean': 'src/extension/walkthrough.ts',
  'promptcoach.inspectionRecorded': 'src/extension/walkthrough.ts',
};

/** A link as VS Code's walkthrough reads one: a whole line that is only a link becomes a button. */
const LINK = /\[([^\]]+)\]\(([^)\s]+)\)/g;

function links(description: string): { label: string; href: string }[] {
  return [...description.matchAll(LINK)].map((m) => ({ label: m[1] as string, href: m[2] as string }));
}

/** `command:toSide:id?args` → the command id and its decoded arguments. */
function commandOf(href: string): { id: string; args: unknown[] } | undefined {
  if (!href.startsWith('command:')) return undefined;
  const rest = href.slice('command:'.length).replace(/^toSide:/, '');
  const q = rest.indexOf('?');
  if (q < 0) return { id: rest, args: [] };
  const parsed: unknown = JSON.parse(decodeURIComponent(rest.slice(q + 1)));
  return { id: rest.slice(0, q), args: Array.isArray(parsed) ? parsed : [parsed] };
}

describe('the walkthrough', () => {
  it('is contributed with its title and seven steps, each id once', () => {
    assert.ok(walkthrough, 'package.json contributes the walkthrough promptcoach.gettingStarted');
    assert.equal(walkthrough.title, 'Get started with Prompt Coach');
    assert.equal(steps.length, 7);
    assert.equal(new Set(steps.map((s) => s.id)).size, steps.length, 'step ids are unique');
  });

  it('shows an existing image with alt text on every step, all images within 400 KB', () => {
    let total = 0;
    for (const step of steps) {
      const image = step.media.image;
      assert.ok(image, `${step.id}: media.image`);
      assert.match(image, /^media\/walkthrough\/[\w-]+\.(?:jpg|png)$/, `${step.id}: an image under media/walkthrough/ (the .vsix ships media/**)`);
      const file = path.join(root, image);
      assert.ok(fs.existsSync(file), `${step.id}: ${image} exists`);
      total += fs.statSync(file).size;
      assert.ok((step.media.altText ?? '').length >= 30, `${step.id}: alt text that says what the image shows`);
    }
    assert.ok(total <= 400 * 1024, `the walkthrough's images take ${(total / 1024).toFixed(0)} KiB, expected at most 400`);
  });

  it('links only to commands package.json contributes or VS Code has, with arguments that parse', () => {
    for (const step of steps) {
      const found = links(step.description);
      for (const { label, href } of found) {
        const command = commandOf(href);
        assert.ok(command, `${step.id}: '${label}' links to ${href}, expected a command: link`);
        assert.ok(
          contributed.has(command.id) || BUILT_IN_COMMANDS.has(command.id),
          `${step.id}: '${label}' runs ${command.id}, expected a command package.json contributes or one of BUILT_IN_COMMANDS`,
        );
      }
    }
    const used = steps.flatMap((s) => links(s.description).map((l) => commandOf(l.href)?.id));
    for (const id of ['promptcoach.openSample', 'promptcoach.newFromTemplate', 'promptcoach.inspectOutput', 'promptcoach.showDashboard']) {
      assert.ok(used.includes(id), `a step has a button for ${id}`);
    }
  });

  it('has completion events VS Code knows, naming commands, views, settings and context keys that exist', () => {
    for (const step of steps) {
      assert.ok(step.completionEvents?.length, `${step.id}: completion events (without them any click on the step checks it)`);
      for (const event of step.completionEvents ?? []) {
        const [kind, value = ''] = [event.slice(0, event.indexOf(':')), event.slice(event.indexOf(':') + 1)];
        switch (kind) {
          case 'onCommand':
            assert.ok(contributed.has(value) || BUILT_IN_COMMANDS.has(value), `${step.id}: ${event} names an unknown command`);
            break;
          case 'onView':
            assert.ok(BUILT_IN_VIEWS.has(value), `${step.id}: ${event} names an unknown view`);
            break;
          case 'onSettingChanged':
            assert.ok(value in manifest.contributes.configuration.properties, `${step.id}: ${event} names a setting package.json does not contribute`);
            break;
          case 'onContext': {
            const file = CONTEXT_KEYS[value];
            assert.ok(file, `${step.id}: ${event} names a context key not in CONTEXT_KEYS`);
            assert.ok(fs.readFileSync(path.join(root, file), 'utf8').includes(`'${value}'`), `${file} sets ${value}`);
            break;
          }
          default:
            assert.fail(`${step.id}: Unexpected completion event ${event}, expected onCommand, onView, onSettingChanged or onContext`);
        }
      }
    }
  });

  it("writes descriptions VS Code renders as written: no brackets, '*', '_' or '`' outside links", () => {
    // The walkthrough renders text outside links as "formatted text": '[…]' is an action that is
    // dropped without a handler, '*' and '_' toggle bold and italics, and backticks show as they are
    // (no code spans), as seen in code-server 4.139.
    for (const step of steps) {
      for (const line of step.description.split('\n')) {
        const text = line.replace(LINK, '');
        assert.doesNotMatch(text, /[[\]*_`]/, `${step.id}: ${JSON.stringify(line)}`);
      }
    }
  });
});

describe("the walkthrough's sample prompt", () => {
  const sample = fs.readFileSync(path.join(root, 'media/walkthrough/prompt-coach-sample.prompt.md'), 'utf8');
  let dir = '';
  before(() => {
    // A folder with no config: what a new operator has, so promptcoach:recommended applies.
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'prompt-coach-walkthrough-')));
    fs.mkdirSync(path.join(dir, 'prompts'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function check(text: string, level?: CoachingLevel) {
    const file = path.join(dir, 'prompts/prompt-coach-sample.prompt.md');
    fs.writeFileSync(file, text);
    const config = new ConfigResolver({ host: nodeHost, rootDir: dir }).forFile(file);
    return (await analyze({ path: file, text }, level ? { ...config, coachingLevel: level } : config, nodeHost)).findings;
  }

  it('has the findings the steps describe: a misspelt key with a fix, a placeholder, a vague word', async () => {
    const findings = await check(sample);
    assert.deepEqual(
      findings.map((f) => `${f.ruleId} ${f.range.start.line + 1}`),
      ['frontmatter-invalid 4', 'unresolved-placeholder 8', 'vague-language 9'],
    );
    const key = findings[0];
    assert.equal(key?.fixes?.[0]?.title, "Rename the key to 'tools'");
    assert.ok(findings.every((f) => f.standard), 'every finding cites a clause of the standard');
    assert.equal(findings[1]?.standard?.id, 'DIR-6', 'the hover in the finding step cites DIR-6');
  });

  it('is clean once the fix is applied and the rest is written as the fix step says', async () => {
    const findings = await check(sample);
    const fixed = applyFixes(sample, findings).text
      .replace('[INSERT export file]', '`exports/tickets-week-47.csv`')
      .replace('Group the tickets properly', 'Group the tickets by product area')
      .concat('\nDone when every ticket of the week is in exactly one group.\n');
    assert.deepEqual((await check(fixed)).map((f) => `${f.ruleId}: ${f.message}`), [], fixed);
  });

  it('at the learn level also asks for constraints and success criteria', async () => {
    const rules = (await check(sample, 'learn')).map((f) => f.ruleId);
    assert.ok(rules.includes('success-criteria-missing'), rules.join(', '));
    assert.ok(rules.includes('constraints-missing'), rules.join(', '));
  });
});
