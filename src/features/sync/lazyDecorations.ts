import * as vscode from 'vscode';

/**
 * The explorer asks for decorations of every visible file; files outside bound folders are
 * answered here without loading anything, the rest by the engine's provider once it is attached.
 */
export class LazyDecorations implements vscode.FileDecorationProvider, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<vscode.Uri | vscode.Uri[] | undefined>();
  readonly onDidChangeFileDecorations = this.emitter.event;
  private forwarding: vscode.Disposable | undefined;

  constructor(private readonly target: (uri: vscode.Uri) => vscode.FileDecorationProvider | undefined) {}

  attach(real: vscode.FileDecorationProvider): void {
    this.forwarding = real.onDidChangeFileDecorations?.((e) => this.emitter.fire(e));
  }

  provideFileDecoration(uri: vscode.Uri, token: vscode.CancellationToken): vscode.ProviderResult<vscode.FileDecoration> {
    return this.target(uri)?.provideFileDecoration(uri, token);
  }

  dispose(): void {
    this.forwarding?.dispose();
    this.emitter.dispose();
  }
}
