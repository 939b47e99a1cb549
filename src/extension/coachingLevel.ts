/**
 * "Prompt Coach: Select Coaching Level…" (also the coaching level's status bar item): writes
 * `promptcoach.coachingLevel`. The level is a person's choice (a new operator learns, a lead
 * checks strictly), so it goes to the user settings; the team's default lives in
 * `.promptcoach.json`. Only when the workspace settings already set it, which would hide a user
 * value, is the workspace value changed instead.
 */
import * as vscode from 'vscode';
import type { CoachingLevelSetting } from '../server/protocol';

const SECTION = 'promptcoach';
const KEY = 'coachingLevel';

/** Same order and words as the setting's enum in package.json. */
const LEVELS: { level: CoachingLevelSetting; detail: string }[] = [
  { level: 'learn', detail: 'For new operators: rules that are off by default become hints, and each finding says why it matters.' },
  { level: 'standard', detail: 'The team config as written.' },
  { level: 'strict', detail: 'For prompts that run unattended: warnings become errors.' },
  { level: 'default', detail: "Whatever the team config's coachingLevel says, else standard." },
];

function isLevel(value: unknown): value is CoachingLevelSetting {
  return LEVELS.some((l) => l.level === value);
}

/** Resolves with the level written, or undefined when the user cancelled. */
export async function selectCoachingLevel(arg?: unknown): Promise<CoachingLevelSetting | undefined> {
  if (arg !== undefined && !isLevel(arg)) {
    throw new Error(`Unexpected coaching level ${JSON.stringify(arg)}, expected ${LEVELS.map((l) => `'${l.level}'`).join(', ')}`);
  }
  let level = arg;
  if (level === undefined) {
    const current = vscode.workspace.getConfiguration(SECTION).get<string>(KEY, 'default');
    const picked = await vscode.window.showQuickPick(
      LEVELS.map((l) => ({ label: l.level, description: l.level === current ? 'current' : undefined, detail: l.detail, level: l.level })),
      { title: 'Prompt Coach: Coaching Level', placeHolder: 'How hard should Prompt Coach coach you?' },
    );
    level = picked?.level;
  }
  if (level === undefined) return undefined;
  const config = vscode.workspace.getConfiguration(SECTION);
  const inWorkspace = config.inspect(KEY)?.workspaceValue !== undefined;
  const value = level === 'default' ? undefined : level;
  if (inWorkspace) await config.update(KEY, value, vscode.ConfigurationTarget.Workspace);
  // `default` clears the user value too, so the team config decides again.
  if (!inWorkspace || value === undefined) await config.update(KEY, value, vscode.ConfigurationTarget.Global);
  return level;
}
