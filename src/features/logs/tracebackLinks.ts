/**
 * `File "/usr/local/airflow/dags/x.py", line 12` in task logs, as links to the local copy of the
 * DAG file at that line: in mwaa-log documents (a DocumentLinkProvider) and in our live-tail
 * terminals (a TerminalLinkProvider). Only files that exist locally become links.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { findTracebackFrames, localCandidates } from '../../core/logs/tracebackPaths';
import type { BindingStore } from '../../services/bindings';
import { LOG_SCHEME } from './logDocuments';

/** Our tail terminals are pseudo-terminals named `MWAA: <environment> …`. */
export function isTailTerminal(t: vscode.Terminal): boolean {
  return t.name.startsWith('MWAA: ') && 'pty' in (t.creationOptions as object);
}

export interface ResolvedFrame {
  readonly startIndex: number;
  readonly length: number;
  readonly uri: vscode.Uri;
  readonly line: number;
}

export class TracebackResolver {
  // Stats are cheap but a terminal asks for every line it shows: remember answers briefly.
  private readonly exists = new Map<string, { at: number; ok: boolean }>();

  constructor(private readonly bindings: BindingStore) {}

  /**
   * Local folders that stand for the environment's DAGs folder, in order: folders bound to
   * `envName` (when known), other bound folders, then a `dags` folder of each workspace folder.
   */
  dagFolders(envName?: string): string[] {
    const bound = Object.entries(this.bindings.all())
      .map(([uri, b]) => ({ uri: vscode.Uri.parse(uri), name: b.name }))
      .filter((b) => b.uri.scheme === 'file')
      .sort((a, b) => Number(b.name === envName) - Number(a.name === envName))
      .map((b) => b.uri.fsPath);
    const workspace = (vscode.workspace.workspaceFolders ?? [])
      .filter((f) => f.uri.scheme === 'file')
      .map((f) => (path.basename(f.uri.fsPath) === 'dags' ? f.uri.fsPath : path.join(f.uri.fsPath, 'dags')));
    return [...new Set([...bound, ...workspace])];
  }

  /** The frames of one line that point at a local file. */
  async resolveLine(text: string, envName?: string): Promise<ResolvedFrame[]> {
    const frames = findTracebackFrames(text);
    if (!frames.length) return [];
    const folders = this.dagFolders(envName);
    const out: ResolvedFrame[] = [];
    for (const f of frames) {
      for (const candidate of localCandidates(f.path, folders)) {
        if (await this.fileExists(candidate)) {
          out.push({ startIndex: f.linkStart, length: f.linkLength, uri: vscode.Uri.file(candidate), line: f.line });
          break;
        }
      }
    }
    return out;
  }

  private async fileExists(fsPath: string): Promise<boolean> {
    const now = Date.now();
    const hit = this.exists.get(fsPath);
    if (hit && now - hit.at < 5000) return hit.ok;
    let ok = false;
    try {
      ok = (await vscode.workspace.fs.stat(vscode.Uri.file(fsPath))).type === vscode.FileType.File;
    } catch {
      ok = false;
    }
    if (this.exists.size > 500) this.exists.clear();
    this.exists.set(fsPath, { at: now, ok });
    return ok;
  }
}

/** Opens a local file with the cursor on a 1-based line. */
export async function openAtLine(uri: vscode.Uri, line: number): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(uri);
  const at = new vscode.Position(Math.max(0, Math.min(line - 1, doc.lineCount - 1)), 0);
  return vscode.window.showTextDocument(doc, { selection: new vscode.Range(at, at), preview: true });
}

/** The environment a log belongs to, from its title (`MWAA: env …` or `/env …`). */
function envNameOf(title: string): string | undefined {
  return /^(?:MWAA: |\/)([^\s]+)/.exec(title)?.[1];
}

class FrameTerminalLink extends vscode.TerminalLink {
  constructor(readonly frame: ResolvedFrame) {
    super(frame.startIndex, frame.length, vscode.l10n.t('Open {0} at line {1}', vscode.workspace.asRelativePath(frame.uri), frame.line));
  }
}

export class TracebackTerminalLinks implements vscode.TerminalLinkProvider<FrameTerminalLink> {
  constructor(private readonly resolver: TracebackResolver) {}

  async provideTerminalLinks(context: vscode.TerminalLinkContext): Promise<FrameTerminalLink[]> {
    if (!isTailTerminal(context.terminal) || !context.line.includes('File "')) return [];
    return (await this.resolver.resolveLine(context.line, envNameOf(context.terminal.name))).map((f) => new FrameTerminalLink(f));
  }

  async handleTerminalLink(link: FrameTerminalLink): Promise<void> {
    await openAtLine(link.frame.uri, link.frame.line);
  }
}

export class TracebackDocumentLinks implements vscode.DocumentLinkProvider {
  constructor(private readonly resolver: TracebackResolver) {}

  async provideDocumentLinks(doc: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.DocumentLink[]> {
    const links: vscode.DocumentLink[] = [];
    const env = envNameOf(doc.uri.path);
    for (let i = 0; i < doc.lineCount && !token.isCancellationRequested; i++) {
      const text = doc.lineAt(i).text;
      if (!text.includes('File "')) continue;
      for (const f of await this.resolver.resolveLine(text, env)) {
        const link = new vscode.DocumentLink(new vscode.Range(i, f.startIndex, i, f.startIndex + f.length), f.uri.with({ fragment: `L${f.line}` }));
        link.tooltip = vscode.l10n.t('Open {0} at line {1}', vscode.workspace.asRelativePath(f.uri), f.line);
        links.push(link);
      }
    }
    return links;
  }
}

/** Registers both providers; the terminal one only answers for our tail terminals. */
export function registerTracebackLinks(bindings: BindingStore): { resolver: TracebackResolver; terminal: TracebackTerminalLinks; disposables: vscode.Disposable[] } {
  const resolver = new TracebackResolver(bindings);
  const terminal = new TracebackTerminalLinks(resolver);
  const disposables = [
    vscode.window.registerTerminalLinkProvider(terminal),
    vscode.languages.registerDocumentLinkProvider({ scheme: LOG_SCHEME }, new TracebackDocumentLinks(resolver)),
  ];
  return { resolver, terminal, disposables };
}
