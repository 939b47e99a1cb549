/**
 * What activation registers for the dashboard without loading it (the panel, the commit documents
 * and their zod schemas load on first use, see index.ts): the panel's view type and the scheme of
 * the commit documents.
 */

/** package.json activates on `onWebviewPanel:` this type, to restore the dashboard after a reload. */
export const VIEW_TYPE = 'promptcoach.dashboard';
/** `promptcoach-commit:/<short sha>.diff?<what>`: see commits.ts. */
export const COMMIT_SCHEME = 'promptcoach-commit';
