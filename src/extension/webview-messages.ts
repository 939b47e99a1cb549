/** What the host side of every webview panel does with a message from its page before using it. */
import type * as vscode from 'vscode';

interface MessageSchema<T> {
  safeParse(value: unknown): { success: true; data: T } | { success: false; error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] } };
}

/**
 * The page's message parsed with its protocol schema, or undefined when it is not in the protocol
 * (logged as a warning under `panel`): a page draws repository text, so its messages are untrusted.
 */
export function parsePageMessage<T>(schema: MessageSchema<T>, raw: unknown, output: vscode.LogOutputChannel, panel: string): T | undefined {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  output.warn(`${panel}: ignored a message that is not in the protocol (${issue?.path.map(String).join('.') || 'message'}: ${issue?.message})`);
  return undefined;
}
