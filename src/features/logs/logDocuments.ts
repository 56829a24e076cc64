import * as vscode from 'vscode';

export const LOG_SCHEME = 'mwaa-log';
export const LOG_LANGUAGE = 'mwaa-log';
/** Context key: the active editor is a log whose raw form differs (Airflow 3 JSON events). */
export const RAW_AVAILABLE_CONTEXT = 'mwaa.logHasRawForm';

/** What a loader produces: the text, and whether a raw (as stored) form differs from it. */
export interface LoadedLog {
  readonly text: string;
  readonly structured?: boolean;
}

export type LogLoader = (token: vscode.CancellationToken, view: { raw: boolean }) => Promise<string | LoadedLog>;

interface Entry {
  readonly load: LogLoader;
  raw: boolean;
  structured: boolean;
}

/**
 * Finished logs as read-only documents (searchable, coloured by the mwaa-log grammar, closed
 * like any tab). Each URI maps to the loader that produces its text; reopening reloads it, and
 * "Show Raw" reloads it in place as CloudWatch holds it (Airflow 3 writes JSON event dicts).
 */
export class LogDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly entries = new Map<string, Entry>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];
  private counter = 0;

  /** `scheme` is for tests that run beside the extension's own provider. */
  constructor(private readonly scheme = LOG_SCHEME) {
    this.subscriptions = [
      vscode.workspace.registerTextDocumentContentProvider(scheme, this),
      vscode.window.onDidChangeActiveTextEditor((e) => this.updateContext(e)),
      this.changed,
    ];
  }

  /** Opens `title` with the text `load` produces, in the mwaa-log language. */
  async open(title: string, load: LogLoader): Promise<vscode.TextEditor> {
    const safeTitle = title.replace(/[\\/:*?"<>|]+/g, '_');
    const uri = vscode.Uri.from({ scheme: this.scheme, path: `/${safeTitle}`, query: String(++this.counter) });
    this.entries.set(uri.toString(), { load, raw: false, structured: false });
    const doc = await vscode.workspace.openTextDocument(uri);
    const typed = doc.languageId === LOG_LANGUAGE ? doc : await vscode.languages.setTextDocumentLanguage(doc, LOG_LANGUAGE);
    const editor = await vscode.window.showTextDocument(typed, { preview: false });
    this.updateContext(editor);
    return editor;
  }

  /** Switches a log between rendered and raw; false when it has no raw form that differs. */
  async toggleRaw(uri: vscode.Uri): Promise<boolean> {
    const entry = this.entries.get(uri.toString());
    if (!entry?.structured) return false;
    entry.raw = !entry.raw;
    this.changed.fire(uri);
    return true;
  }

  isRaw(uri: vscode.Uri): boolean {
    return this.entries.get(uri.toString())?.raw ?? false;
  }

  async provideTextDocumentContent(uri: vscode.Uri, token: vscode.CancellationToken): Promise<string> {
    const entry = this.entries.get(uri.toString());
    if (!entry) return vscode.l10n.t('This log is no longer available: open it again from the MWAA view.');
    const loaded = await entry.load(token, { raw: entry.raw });
    if (typeof loaded === 'string') return loaded;
    entry.structured ||= loaded.structured === true;
    if (vscode.window.activeTextEditor?.document.uri.toString() === uri.toString()) this.updateContext(vscode.window.activeTextEditor);
    return loaded.text;
  }

  private updateContext(editor: vscode.TextEditor | undefined): void {
    const entry = editor && this.entries.get(editor.document.uri.toString());
    void vscode.commands.executeCommand('setContext', RAW_AVAILABLE_CONTEXT, entry?.structured === true);
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.entries.clear();
  }
}
