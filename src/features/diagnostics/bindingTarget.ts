import * as vscode from 'vscode';
import type { BindingStore, EnvironmentBinding } from '../environments/bindingStore';
import type { AirflowTargetResolver } from './airflowTarget';

/**
 * The bound environment's Airflow version, for files under a bound folder: diagnostics then match
 * what the environment runs, not a setting. The innermost bound folder that contains the file wins.
 */
export class BindingTargetResolver implements AirflowTargetResolver {
  readonly onDidChange: vscode.Event<void>;

  constructor(private readonly bindings: BindingStore) {
    this.onDidChange = (listener, thisArg, disposables) => bindings.onDidChange(() => listener.call(thisArg), undefined, disposables);
  }

  airflowVersionFor(uri: vscode.Uri): string | undefined {
    return this.bindingFor(uri)?.binding.airflowVersion || undefined;
  }

  /** The bound folder is what MWAA's /usr/local/airflow/dags stands for. */
  dagFolderFor(uri: vscode.Uri): string | undefined {
    const found = this.bindingFor(uri);
    return found && found.folder.scheme === 'file' ? found.folder.fsPath : undefined;
  }

  private bindingFor(uri: vscode.Uri): { folder: vscode.Uri; binding: EnvironmentBinding } | undefined {
    const target = uri.toString();
    let best: { folder: vscode.Uri; binding: EnvironmentBinding } | undefined;
    for (const [folder, binding] of Object.entries(this.bindings.all())) {
      const prefix = folder.endsWith('/') ? folder : `${folder}/`;
      if (!target.startsWith(prefix)) continue;
      if (!best || folder.length > best.folder.toString().length) best = { folder: vscode.Uri.parse(folder), binding };
    }
    return best;
  }
}
