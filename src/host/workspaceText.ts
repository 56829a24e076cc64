import * as path from 'node:path';
import * as vscode from 'vscode';
import { readBounded } from '../core/lint/requirements/boundedRead';
import { notReadMessage, resolveInclude, type IncludeContext, type IncludedFile, type IncludeRoot } from '../core/lint/requirements/includeReader';

function openText(absolutePath: string): string | undefined {
  return vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === absolutePath)?.getText();
}

/**
 * A workspace file's text as the user sees it: an open editor's (unsaved edits included), else the
 * file on disk when it is a regular file of at most `maxBytes` (read with that cap: a stat size
 * can lie); undefined when it cannot be read, is larger or is not a regular file.
 */
export function readWorkspaceText(absolutePath: string, maxBytes: number): string | undefined {
  const open = openText(absolutePath);
  if (open !== undefined) return open;
  try {
    const r = readBounded(absolutePath, maxBytes);
    return r.kind === 'read' ? r.bytes.toString('utf8') : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Where a requirements file's includes may be read from: the workspace folder it lies in and the
 * bound DAG folder (none for a file outside every workspace folder).
 */
export function includeRoots(context: IncludeContext): IncludeRoot[] {
  const roots: IncludeRoot[] = [];
  const folder = context.requirementsFile ? vscode.workspace.getWorkspaceFolder(vscode.Uri.file(context.requirementsFile)) : undefined;
  if (folder?.uri.scheme === 'file') roots.push({ path: folder.uri.fsPath, name: 'the workspace folder' });
  if (context.dagFolder) roots.push({ path: context.dagFolder, name: 'the bound DAG folder' });
  return roots;
}

/**
 * A file a requirements file includes (-r, -c), read like readWorkspaceText but only inside
 * `roots` (after symbolic links), and a refusal saying why otherwise: workspace content must not
 * make the editor read ~/.aws/credentials or block on /dev/zero.
 */
export function readWorkspaceInclude(absolutePath: string, maxBytes: number, roots: readonly IncludeRoot[]): IncludedFile | undefined {
  const where = resolveInclude(absolutePath, roots);
  if (!where || 'refused' in where) return where;
  const open = openText(path.resolve(absolutePath)) ?? openText(where.realPath);
  if (open !== undefined) return Buffer.byteLength(open) > maxBytes ? { refused: notReadMessage('tooLarge', maxBytes) } : { text: open, realPath: where.realPath };
  try {
    const r = readBounded(where.realPath, maxBytes);
    return r.kind === 'read' ? { text: r.bytes.toString('utf8'), realPath: where.realPath } : { refused: notReadMessage(r.kind, maxBytes) };
  } catch {
    return undefined;
  }
}
