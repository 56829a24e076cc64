import * as vscode from 'vscode';
import { foldersBeside } from '../../core/sync/folderLookup';
import type { BindingStore, EnvironmentBinding } from '../../services/bindings';
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
    const found = this.bindingFor(uri);
    return found ? found.binding.airflowVersion || undefined : this.versionBeside(uri);
  }

  /**
   * A file outside every bound folder but beside one (requirements.txt next to a bound dags/, as
   * in MWAA's bucket) takes that environment's version, when the folders beside it agree on one.
   */
  private versionBeside(uri: vscode.Uri): string | undefined {
    if (uri.scheme !== 'file') return undefined;
    const bound = Object.entries(this.bindings.all()).flatMap(([folder, binding]) => {
      const parsed = vscode.Uri.parse(folder);
      return parsed.scheme === 'file' ? [[parsed.fsPath, binding] as const] : [];
    });
    const versions = new Set(foldersBeside(uri.fsPath, bound).map((f) => f.value.airflowVersion).filter(Boolean));
    return versions.size === 1 ? [...versions][0] : undefined;
  }

  /** The bound folder is what MWAA's /usr/local/airflow/dags stands for. */
  dagFolderFor(uri: vscode.Uri): string | undefined {
    const found = this.bindingFor(uri);
    return found && found.folder.scheme === 'file' ? found.folder.fsPath : undefined;
  }

  /**
   * The binding of the innermost bound folder strictly containing `uri`: a bound folder itself
   * (the upgrade check asks about a workspace folder) takes the binding of a folder above it, as
   * diagnostics always did.
   */
  private bindingFor(uri: vscode.Uri): { readonly folder: vscode.Uri; readonly binding: EnvironmentBinding } | undefined {
    const found = this.bindings.bindingOf(uri);
    if (!found || found.folder.toString() !== uri.toString()) return found;
    const parent = vscode.Uri.joinPath(uri, '..');
    return parent.toString() === uri.toString() ? undefined : this.bindings.bindingOf(parent);
  }
}
