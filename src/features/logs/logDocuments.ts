import * as vscode from 'vscode';

export const LOG_SCHEME = 'mwaa-log';
export const LOG_LANGUAGE = 'mwaa-log';

/**
 * Finished logs as read-only documents (searchable, coloured by the mwaa-log grammar, closed
 * like any tab). Each URI maps to the loader that produces its text; reopening reloads it.
 */
export class LogDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly loaders = new Map<string, (token: vscode.CancellationToken) => Promise<string>>();
  private readonly registration: vscode.Disposable;
  private counter = 0;

  constructor() {
    this.registration = vscode.workspace.registerTextDocumentContentProvider(LOG_SCHEME, this);
  }

  /** Opens `title` with the text `load` produces, in the mwaa-log language. */
  async open(title: string, load: (token: vscode.CancellationToken) => Promise<string>): Promise<vscode.TextEditor> {
    const safeTitle = title.replace(/[\\/:*?"<>|]+/g, '_');
    const uri = vscode.Uri.from({ scheme: LOG_SCHEME, path: `/${safeTitle}`, query: String(++this.counter) });
    this.loaders.set(uri.toString(), load);
    const doc = await vscode.workspace.openTextDocument(uri);
    const typed = doc.languageId === LOG_LANGUAGE ? doc : await vscode.languages.setTextDocumentLanguage(doc, LOG_LANGUAGE);
    return vscode.window.showTextDocument(typed, { preview: false });
  }

  provideTextDocumentContent(uri: vscode.Uri, token: vscode.CancellationToken): Promise<string> | string {
    const load = this.loaders.get(uri.toString());
    return load ? load(token) : 'This log is no longer available: open it again from the MWAA view.';
  }

  dispose(): void {
    this.registration.dispose();
    this.loaders.clear();
  }
}
