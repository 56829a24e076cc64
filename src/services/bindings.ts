/**
 * Which MWAA environment a workspace folder is bound to: what sync uploads to and what diagnostics
 * lint against. Kept in the extension's global state (this machine, this user), keyed by folder
 * URI, never in workspace settings: a cloned repository must not be able to point uploads at a
 * bucket of its choosing.
 */
import * as vscode from 'vscode';

export interface EnvironmentBinding {
  readonly profile: string;
  readonly region: string;
  readonly name: string;
  readonly arn?: string;
  readonly bucket?: string;
  /** DAGs folder key prefix in the bucket (`dags`). */
  readonly dagS3Path?: string;
  readonly airflowVersion?: string;
  /** ISO time the user confirmed it. */
  readonly boundAt: string;
}

export interface BindingChange {
  readonly folder: vscode.Uri;
  readonly binding: EnvironmentBinding | undefined;
}

const KEY = 'mwaa.environmentBindings';

export class BindingStore implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<BindingChange>();
  /** Fires after a folder is bound, re-bound or unbound. */
  readonly onDidChange = this.emitter.event;

  constructor(private readonly state: vscode.Memento) {}

  get(folder: vscode.Uri): EnvironmentBinding | undefined {
    return this.all()[folder.toString()];
  }

  /** Binds (or with `undefined`, unbinds) a folder. */
  async set(folder: vscode.Uri, binding: EnvironmentBinding | undefined): Promise<void> {
    const all = { ...this.all() };
    if (binding) all[folder.toString()] = binding;
    else delete all[folder.toString()];
    await this.state.update(KEY, all);
    this.emitter.fire({ folder, binding });
  }

  /**
   * The binding that applies to a file or folder: the innermost bound folder containing it (or
   * the folder itself), with that folder's URI.
   */
  bindingOf(uri: vscode.Uri): { readonly folder: vscode.Uri; readonly binding: EnvironmentBinding } | undefined {
    const target = uri.toString();
    let best: [string, EnvironmentBinding] | undefined;
    for (const [folder, binding] of Object.entries(this.all())) {
      const prefix = folder.endsWith('/') ? folder : `${folder}/`;
      if (target !== folder && !target.startsWith(prefix)) continue;
      if (!best || folder.length > best[0].length) best = [folder, binding];
    }
    return best && { folder: vscode.Uri.parse(best[0]), binding: best[1] };
  }

  /** Every binding, by folder URI string. */
  all(): Readonly<Record<string, EnvironmentBinding>> {
    const value = this.state.get<unknown>(KEY);
    return value && typeof value === 'object' ? (value as Record<string, EnvironmentBinding>) : {};
  }

  dispose(): void {
    this.emitter.dispose();
  }
}

/** The folder of the active editor, else the first workspace folder: whose binding applies now. */
export function activeFolder(): vscode.WorkspaceFolder | undefined {
  const doc = vscode.window.activeTextEditor?.document.uri;
  return (doc && vscode.workspace.getWorkspaceFolder(doc)) ?? vscode.workspace.workspaceFolders?.[0];
}
