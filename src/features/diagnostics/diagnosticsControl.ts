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

/**
 * What a person chose to see: `mwaa.diagnostics.enable`, `.rules` (levels per code or prefix),
 * `.ruffOverlap`, and the files' own `# noqa` comments. Settings are read per workspace folder
 * (a folder may set its own) and re-read when they change; a workspace value that cannot be used
 * is named in a warning once and left out, the rest still applies.
 */
export class DiagnosticsControl implements vscode.Disposable {
  private readonly byFolder = new Map<string, DiagnosticsSettings>();
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
    this.disposables.push(...SETTINGS.map((key) => settings.onDidChangeSetting(key, changed)), ruff.onDidChange(() => this.emitter.fire()));
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
    return core.controlFindings(findings, { levels: s.rules, ...(noqa ? { noqa } : {}), ...(leftOut ? { leftOut } : {}) });
  }

  /** For a report (the upgrade check): what `# noqa` and "off" leave, at the linter's own severities. */
  forReport(core: LintCore, uri: vscode.Uri, text: string, language: NoqaLanguage, findings: readonly Finding[]): Finding[] {
    const { rules } = this.settingsFor(uri);
    return core.controlFindings(findings, { levels: rules, ...optionalNoqa(core.buildNoqaIndex(text, language)) }).map((s) => s.finding);
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
