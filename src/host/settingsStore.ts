/**
 * The one module that reads the `mwaa.*` configuration: every feature asks here, typed, and the
 * settings that only the user's own (global) value may set are listed once.
 */
import * as vscode from 'vscode';
import type { Logger } from '../core/logger';
import {
  parseOptionalText, parseProfiles, parseProposedBinding, parseSeconds, parseSettings, parseSyncSettings,
  type ProposedBinding, type Settings, type SyncSettings,
} from '../core/settings';

/**
 * Settings that decide where requests and uploads go or which accounts are called: only the user's
 * own value counts, so a cloned repository's .vscode/settings.json cannot redirect them.
 */
export const USER_ONLY_SETTINGS: ReadonlySet<string> = new Set(['endpoints', 'profiles']);

/** What upload-on-save does with a DAG file before the upload (`mwaa.sync.parseBeforeUpload`). */
export type ParseBeforeUpload = 'warn' | 'block' | 'off';

/** Typed settings, re-read when the user changes anything under `mwaa.`. */
export class SettingsStore implements vscode.Disposable {
  private value: Settings;
  private readonly emitter = new vscode.EventEmitter<Settings>();
  private readonly listener: vscode.Disposable;
  readonly onDidChange = this.emitter.event;

  constructor(private readonly logger: Logger) {
    this.value = this.read();
    this.listener = vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration('mwaa')) return;
      this.value = this.read();
      this.emitter.fire(this.value);
    });
  }

  /** Regions and endpoint overrides, parsed (problems were reported once, when read). */
  get current(): Settings {
    return this.value;
  }

  /** `mwaa.profiles` (user settings only). */
  profiles(): string[] {
    return parseProfiles(this.userValue(vscode.workspace.getConfiguration('mwaa'), 'profiles'));
  }

  /** First delay between status polls of an updating environment (`mwaa.environments.pollIntervalSeconds`). */
  environmentsPollSeconds(): number {
    return parseSeconds(vscode.workspace.getConfiguration('mwaa').get<unknown>('environments.pollIntervalSeconds'), 10, 1, 300);
  }

  /** Seconds between refreshes of unfinished runs (`mwaa.runs.pollIntervalSeconds`). */
  runsPollSeconds(): number {
    return parseSeconds(vscode.workspace.getConfiguration('mwaa').get<unknown>('runs.pollIntervalSeconds'), 3, 1, 3600);
  }

  /** `mwaa.sync.*` for a folder or file (resource scope). */
  sync(scope: vscode.Uri): SyncSettings {
    const c = vscode.workspace.getConfiguration('mwaa.sync', scope);
    return parseSyncSettings((key) => c.get<unknown>(key));
  }

  /** `mwaa.sync.parseBeforeUpload` for a file: parse a saved DAG locally first (`warn`, the default), `block` on errors, or `off`. */
  parseBeforeUpload(scope: vscode.Uri): ParseBeforeUpload {
    const raw = vscode.workspace.getConfiguration('mwaa.sync', scope).get<unknown>('parseBeforeUpload');
    return raw === 'block' || raw === 'off' ? raw : 'warn';
  }

  /**
   * `mwaa.localRuntime.pythonPath` (user settings only: it names a program the extension runs): the
   * interpreter local runtimes are built from, instead of one found on the machine.
   */
  localRuntimePython(): string | undefined {
    return parseOptionalText(this.userValue(vscode.workspace.getConfiguration('mwaa'), 'localRuntime.pythonPath'));
  }

  /** `mwaa.localRun.justMyCode` for a file: the local debugger steps only into the user's code (default on). */
  localRunJustMyCode(scope: vscode.Uri | undefined): boolean {
    return vscode.workspace.getConfiguration('mwaa.localRun', scope).get<unknown>('justMyCode') !== false;
  }

  /** `mwaa.diagnostics.airflowVersion` for a file (a folder can set its own). */
  airflowVersion(scope: vscode.Uri): string | undefined {
    return parseOptionalText(vscode.workspace.getConfiguration('mwaa', scope).get<unknown>('diagnostics.airflowVersion'));
  }

  /** A folder's `mwaa.proposedBinding`: only a proposal, which the user must confirm. */
  proposedBinding(folder: vscode.Uri): ProposedBinding | undefined {
    return parseProposedBinding(vscode.workspace.getConfiguration('mwaa', folder).get<unknown>('proposedBinding'));
  }

  /** Fires when a setting below `mwaa.<key>` changes (for resource-scoped ones too). */
  onDidChangeSetting(key: string, listener: () => void): vscode.Disposable {
    return vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`mwaa.${key}`)) listener();
    });
  }

  private read(): Settings {
    const config = vscode.workspace.getConfiguration('mwaa');
    const { settings, problems } = parseSettings((key) => (USER_ONLY_SETTINGS.has(key) ? this.userValue(config, key) : config.get(key)));
    for (const p of problems) {
      this.logger.warn(`setting ${p.key}: ${p.message}`);
      void vscode.window.showWarningMessage(vscode.l10n.t('MWAA: setting {0} {1}.', p.key, p.message));
    }
    return settings;
  }

  private userValue(config: vscode.WorkspaceConfiguration, key: string): unknown {
    const inspected = config.inspect(key);
    if (inspected?.workspaceValue !== undefined || inspected?.workspaceFolderValue !== undefined) {
      this.logger.warn(`mwaa.${key} from workspace settings ignored: set it in your user settings`);
    }
    return inspected?.globalValue;
  }

  dispose(): void {
    this.listener.dispose();
    this.emitter.dispose();
  }
}
