/** File-system questions the client asks through VS Code's file system (any scheme it serves). */
import * as vscode from 'vscode';

/** True when something exists at the URI. */
export async function uriExists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
