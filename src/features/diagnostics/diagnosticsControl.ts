import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Finding, NoqaIndex, NoqaLanguage, ShownFinding } from '../../core/lint';
import type { Logger } from '../../core/logger';
import { parseDiagnosticsSettings, type DiagnosticsSettings } from '../../core/settings';
import type { Notifier } from '../../host/notify';
import type { SettingsStore } from '../../host/settingsStore';
import type { LintCore } from '../../services/lintCore';
import type { RuffOverlap } from './ruffOverlap';

const SETTINGS = ['diagnostics.enable', 'diagnostics.rules', 'diagnostics.ruffOverlap'] as const;
// Distinct setting problems shown at most (each once): a workspace cannot flood the notifications.
const MAX_PROBLEMS = 50;
// Folders whose project selection is remembered; a workspace with more just looks again.
const MAX_CACHED_FOLDERS = 500;

/** A project's `[tool.mwaa-lint]` selection, as the findings filter asks it. */
type Selection = { has(code: string): boolean };

/**
 * What a person chose to see: `mwaa.diagnostics.enable`, `.rules` (levels per code or prefix),
 * `.ruffOverlap`, the project's `[tool.mwaa-lint]` select/ignore (the table mwaa-lint reads; a
 * level in the settings wins over it), and the files' own `# noqa` comments. Settings are read per
 * workspace folder (a folder may set its own) and re-read when they change, pyproject.toml files
 * when they change on disk; a value that cannot be used is named in a warning once and left out,
 * the rest still applies.
 */
export class DiagnosticsControl implements vscode.Disposable {
  private readonly byFolder = new Map<string, DiagnosticsSettings>();
  private readonly projectByFolder = new Map<string, Selection | undefined>();
  private readonly reported = new Set<string>();
  private readonly emitter = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [];
  /** Fires when anything that decides what is shown changed (settings, Ruff's configuration). */
  readonly onDidChange = this.emitter.event;

  constructor(
    settings: SettingsStore,
    private readonly logger: Logger,
    private readonly notify: Notifier,
    readonly ruff: RuffOverlap,
  ) {
    const changed = () => {
      this.byFolder.clear();
      this.emitter.fire();
    };
    const projects = vscode.workspace.createFileSystemWatcher('**/pyproject.toml');
    const projectChanged = () => {
      this.projectByFolder.clear();
      this.emitter.fire();
    };
    this.disposables.push(
      ...SETTINGS.map((key) => settings.onDidChangeSetting(key, changed)),
      ruff.onDidChange(() => this.emitter.fire()),
      projects, projects.onDidCreate(projectChanged), projects.onDidChange(projectChanged), projects.onDidDelete(projectChanged),
    );
  }

  settingsFor(uri: vscode.Uri): DiagnosticsSettings {
    const key = vscode.workspace.getWorkspaceFolder(uri)?.uri.toString() ?? '';
    let s = this.byFolder.get(key);
    if (!s) {
      const config = vscode.workspace.getConfiguration('mwaa.diagnostics', uri);
      const { settings, problems } = parseDiagnosticsSettings((k) => config.get<unknown>(k));
      for (const p of problems) this.report(vscode.l10n.t('setting {0} {1}', p.key, p.message));
      this.byFolder.set(key, settings);
      s = settings;
    }
    return s;
  }

  enabledFor(uri: vscode.Uri): boolean {
    return this.settingsFor(uri).enable;
  }

  /**
   * The findings of `uri` to show and their severities: none when diagnostics are off there;
   * without what `# noqa` suppresses, rules set "off" and (with `ruff`) the codes left to Ruff.
   */
  show(core: LintCore, uri: vscode.Uri, findings: readonly Finding[], noqa: NoqaIndex | undefined, options: { ruff: boolean }): ShownFinding[] {
    const s = this.settingsFor(uri);
    if (!s.enable) return [];
    const leftOut = options.ruff && s.ruffOverlap === 'leaveToRuff' && findings.some((f) => f.code.startsWith('AIR')) ? this.ruff.codesLeftToRuff(core, uri) : undefined;
    return core.controlFindings(findings, { levels: s.rules, ...this.selectionFor(core, uri), ...(noqa ? { noqa } : {}), ...(leftOut ? { leftOut } : {}) });
  }

  /** For a report (the upgrade check): what `# noqa` and "off" leave, at the linter's own severities. */
  forReport(core: LintCore, uri: vscode.Uri, text: string, language: NoqaLanguage, findings: readonly Finding[]): Finding[] {
    const { rules } = this.settingsFor(uri);
    return core.controlFindings(findings, { levels: rules, ...this.selectionFor(core, uri), ...optionalNoqa(core.buildNoqaIndex(text, language)) }).map((s) => s.finding);
  }

  /** The nearest `[tool.mwaa-lint]` of a file's folder, as mwaa-lint finds it; none that selects nothing special. */
  private selectionFor(core: LintCore, uri: vscode.Uri): { selection?: Selection } {
    if (uri.scheme !== 'file') return {};
    const folder = path.dirname(uri.fsPath);
    let selection = this.projectByFolder.get(folder);
    if (!this.projectByFolder.has(folder)) {
      if (this.projectByFolder.size >= MAX_CACHED_FOLDERS) this.projectByFolder.clear();
      const found = core.findProjectConfig(folder);
      if (found && 'error' in found) {
        this.report(vscode.l10n.t('{0}: {1}; the editor lints as if the table were not there until it is fixed', found.file, found.error));
      } else if (found) {
        const s = new core.RuleSelection([found.layer]);
        if (!s.isDefault) selection = s;
      }
      this.projectByFolder.set(folder, selection);
    }
    return selection ? { selection } : {};
  }

  private report(message: string): void {
    if (this.reported.has(message) || this.reported.size >= MAX_PROBLEMS) return;
    this.reported.add(message);
    this.logger.warn(message);
    this.notify.warn(vscode.l10n.t('MWAA: {0}.', message), [], 'diagnostics');
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    this.emitter.dispose();
  }
}

function optionalNoqa(noqa: NoqaIndex | undefined): { noqa?: NoqaIndex } {
  return noqa ? { noqa } : {};
}
