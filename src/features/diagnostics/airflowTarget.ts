import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ConstraintsIndex } from '../../core/lint';
import type { SettingsStore } from '../../host/settingsStore';
import type { LintCore } from '../../services/lintCore';

const AIRFLOW_VERSION_SETTING = 'diagnostics.airflowVersion';

/**
 * Says which Airflow a file is linted against. A binding (a workspace folder bound to an MWAA
 * environment, see the environments/sync issues) will supply one per folder; the setting is the
 * fallback. `undefined` means "no opinion": the next resolver, finally the newest MWAA version.
 */
export interface AirflowTargetResolver {
  /** A version such as "2.10.3" or "2.10", or undefined when this resolver has none for `uri`. */
  airflowVersionFor(uri: vscode.Uri): string | undefined;
  /** The local folder MWAA's /usr/local/airflow/dags stands for, when known. */
  dagFolderFor?(uri: vscode.Uri): string | undefined;
  /** Fires when any answer may have changed (binding changed, setting edited). */
  readonly onDidChange: vscode.Event<void>;
}

/** `mwaa.diagnostics.airflowVersion`, read per resource so a folder can set its own. */
export class SettingTargetResolver implements AirflowTargetResolver, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<void>();
  private readonly listener: vscode.Disposable;
  readonly onDidChange = this.emitter.event;

  constructor(private readonly settings: SettingsStore) {
    this.listener = settings.onDidChangeSetting(AIRFLOW_VERSION_SETTING, () => this.emitter.fire());
  }

  airflowVersionFor(uri: vscode.Uri): string | undefined {
    return this.settings.airflowVersion(uri);
  }

  /** Without a binding, a `dags` folder at the top of the workspace folder is the usual layout. */
  dagFolderFor(uri: vscode.Uri): string | undefined {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (!folder || folder.uri.scheme !== 'file') return undefined;
    const dags = path.join(folder.uri.fsPath, 'dags');
    return fs.existsSync(dags) ? dags : undefined;
  }

  dispose(): void {
    this.listener.dispose();
    this.emitter.dispose();
  }
}

/** Asks each resolver in turn (bindings first, the setting last). */
export class ChainedTargetResolver implements AirflowTargetResolver {
  readonly onDidChange: vscode.Event<void>;

  constructor(private readonly resolvers: readonly AirflowTargetResolver[]) {
    this.onDidChange = (listener, thisArg, disposables) => {
      const subs = resolvers.map((r) => r.onDidChange(listener, thisArg));
      const all = vscode.Disposable.from(...subs);
      disposables?.push(all);
      return all;
    };
  }

  airflowVersionFor(uri: vscode.Uri): string | undefined {
    for (const r of this.resolvers) {
      const v = r.airflowVersionFor(uri);
      if (v !== undefined) return v;
    }
    return undefined;
  }

  dagFolderFor(uri: vscode.Uri): string | undefined {
    for (const r of this.resolvers) {
      const d = r.dagFolderFor?.(uri);
      if (d !== undefined) return d;
    }
    return undefined;
  }
}

export interface ResolvedVersion {
  readonly version: string;
  /** Set when the configured value was unusable and something else was used instead. */
  readonly problem?: string;
}

/**
 * Turns a configured value into a version the constraints index knows where possible: "" -> the
 * newest MWAA version, "2.10" -> the newest 2.10.x MWAA offers. A valid version MWAA never offered
 * is kept for the Python rules (they gate by version numbers) but has no constraints file.
 */
export function resolveAirflowVersion(
  raw: string | undefined,
  index: ConstraintsIndex,
  { compareVersions, isValidAirflowVersion }: Pick<LintCore, 'compareVersions' | 'isValidAirflowVersion'>,
): ResolvedVersion {
  if (raw === undefined || raw === '') return { version: index.newest };
  if (!isValidAirflowVersion(raw)) {
    return { version: index.newest, problem: vscode.l10n.t('"{0}" is not an Airflow version such as 2.10.3; using {1}', raw, index.newest) };
  }
  if (index.versions.some((v) => v.airflow === raw)) return { version: raw };
  if (raw.split('.').length === 2) {
    const line = index.versions.filter((v) => v.airflow.startsWith(`${raw}.`)).map((v) => v.airflow).sort(compareVersions);
    if (line.length > 0) return { version: line[line.length - 1]! };
  }
  return { version: raw };
}
