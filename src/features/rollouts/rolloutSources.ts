/**
 * Which local file or folder a rollout takes: the one the command was invoked on (explorer
 * context menu, editor), else the active editor's file when it fits, else one found in the
 * workspace (a quick pick when there are several).
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { UserFacingError } from '../../core/errors';
import type { ArtifactKind } from '../../core/rollouts/artifacts';

const GLOBS: Record<ArtifactKind, string> = {
  requirements: '**/requirements*.txt',
  plugins: '**/plugins/',
  startupScript: '**/*.sh',
};

function fits(kind: ArtifactKind, uri: vscode.Uri): boolean {
  const base = path.basename(uri.fsPath);
  return kind === 'requirements' ? /^requirements.*\.txt$/i.test(base) : kind === 'startupScript' ? /\.sh$/i.test(base) : false;
}

export async function resolveSource(kind: ArtifactKind, given: vscode.Uri | undefined): Promise<vscode.Uri> {
  if (given) return checkSource(kind, given);
  const active = vscode.window.activeTextEditor?.document.uri;
  if (active?.scheme === 'file' && fits(kind, active)) return active;
  if (kind === 'plugins') return pickPluginsFolder();
  const found = await vscode.workspace.findFiles(GLOBS[kind], '{**/node_modules/**,**/.venv/**,**/venv/**,**/.git/**}', 50);
  const noun = kind === 'requirements' ? 'a requirements.txt' : 'a startup script (.sh)';
  if (found.length === 0) throw new UserFacingError(vscode.l10n.t('No {0} found in the workspace: open {1} and run the command again, or right-click it in the Explorer.', noun.replace(/^an? /, ''), noun));
  if (found.length === 1) return found[0]!;
  const picked = await vscode.window.showQuickPick(
    found.sort((a, b) => a.fsPath.localeCompare(b.fsPath)).map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri })),
    { title: vscode.l10n.t('Roll out which {0}?', kind === 'requirements' ? 'requirements file' : 'startup script') },
  );
  if (!picked) throw new vscode.CancellationError();
  return picked.uri;
}

async function checkSource(kind: ArtifactKind, uri: vscode.Uri): Promise<vscode.Uri> {
  if (uri.scheme !== 'file') throw new UserFacingError(vscode.l10n.t('Only local files can be rolled out (got {0}: {1}).', uri.scheme, uri.path));
  let stat: vscode.FileStat;
  try {
    stat = await vscode.workspace.fs.stat(uri);
  } catch {
    throw new UserFacingError(vscode.l10n.t('{0} does not exist.', uri.fsPath));
  }
  const isDir = (stat.type & vscode.FileType.Directory) !== 0;
  if (kind === 'plugins' && !isDir) throw new UserFacingError(vscode.l10n.t('plugins.zip is built from a folder: choose your plugins folder, not {0}.', path.basename(uri.fsPath)));
  if (kind !== 'plugins' && isDir) throw new UserFacingError(vscode.l10n.t('{0} is a folder; choose the {1} file itself.', uri.fsPath, kind === 'requirements' ? 'requirements.txt' : 'startup script'));
  return uri;
}

async function pickPluginsFolder(): Promise<vscode.Uri> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const candidates: vscode.Uri[] = [];
  for (const f of folders) {
    for (const rel of ['plugins', 'dags/plugins']) {
      const uri = vscode.Uri.joinPath(f.uri, rel);
      const st = await Promise.resolve(vscode.workspace.fs.stat(uri)).catch(() => undefined);
      if (st && (st.type & vscode.FileType.Directory) !== 0) candidates.push(uri);
    }
  }
  if (candidates.length === 1) return candidates[0]!;
  const picked = await vscode.window.showOpenDialog({
    canSelectFolders: true, canSelectFiles: false, canSelectMany: false,
    ...(candidates[0] ?? folders[0]?.uri ? { defaultUri: candidates[0] ?? folders[0]!.uri } : {}),
    title: vscode.l10n.t('Build plugins.zip from which folder? (its contents go to the root of the zip)'), openLabel: vscode.l10n.t('Build plugins.zip'),
  });
  if (!picked?.[0]) throw new vscode.CancellationError();
  return picked[0];
}
