/**
 * Traceback frames in a local run's terminal as links to the file and line: only the user's own
 * files (inside a workspace folder) that exist, never the runtime's library code.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { classifyLine } from '../../core/localRun/runOutput';
import { findTracebackFrames } from '../../core/logs/tracebackPaths';
import { TERMINAL_PREFIX } from './localRunTypes';

interface Frame {
  readonly start: number;
  readonly length: number;
  readonly file: string;
  readonly line: number;
}

class FrameLink extends vscode.TerminalLink {
  constructor(readonly frame: Frame) {
    super(frame.start, frame.length, vscode.l10n.t('Open {0} at line {1}', vscode.workspace.asRelativePath(frame.file), frame.line));
  }
}

const LIBRARY = /[\\/](site-packages|dist-packages)[\\/]/;

/** Frames of one line: Python's `File "…", line N`, and what the run's output classifier reads. */
export function framesOf(text: string): Frame[] {
  const out: Frame[] = findTracebackFrames(text).map((f) => ({ start: f.linkStart, length: f.linkLength, file: f.path, line: f.line }));
  if (!out.length) {
    const c = classifyLine(text);
    if (c.kind === 'traceback-frame' && c.file && c.line) {
      const at = text.indexOf(c.file);
      if (at >= 0) out.push({ start: at, length: Math.min(text.length - at, c.file.length + String(c.line).length + 8), file: c.file, line: c.line });
    }
  }
  return out.filter((f) => path.isAbsolute(f.file) && !LIBRARY.test(f.file) && f.file.endsWith('.py'));
}

export class LocalFrameLinks implements vscode.TerminalLinkProvider<FrameLink> {
  provideTerminalLinks(context: vscode.TerminalLinkContext): FrameLink[] {
    if (!context.terminal.name.startsWith(TERMINAL_PREFIX) || context.line.length > 4000) return [];
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
    return framesOf(context.line)
      .filter((f) => folders.some((root) => isInside(root, f.file)) && isFile(f.file))
      .map((f) => new FrameLink(f));
  }

  async handleTerminalLink(link: FrameLink): Promise<void> {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(link.frame.file));
    const at = new vscode.Position(Math.max(0, Math.min(link.frame.line - 1, doc.lineCount - 1)), 0);
    await vscode.window.showTextDocument(doc, { selection: new vscode.Range(at, at), preview: true });
  }
}

function isInside(root: string, file: string): boolean {
  const rel = path.relative(root, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
