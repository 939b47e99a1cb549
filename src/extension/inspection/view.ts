/**
 * What the rest of the extension knows of the inspection panel without loading it (the panel, its
 * store and their zod schemas load on first use, see index.ts): its view type, and the event of a
 * decision recorded.
 */
import * as vscode from 'vscode';

/** package.json activates on `onWebviewPanel:` this type, to restore panels after a reload. */
export const VIEW_TYPE = 'promptcoach.inspection';

/** Fired by a panel of this window that has recorded a decision (the walkthrough checks its step off). */
export const inspectionRecorded = new vscode.EventEmitter<void>();
export const onDidRecordInspection: vscode.Event<void> = inspectionRecorded.event;
