import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RuffLayer } from '../../core/lint';
import type { Logger } from '../../core/logger';
import type { LintCore } from '../../services/lintCore';

export const RUFF_EXTENSION_ID = 'charliermarsh.ruff';
const CONFIG_GLOB = '**/{pyproject.toml,ruff.toml,.ruff.toml}';
const NO_CODES: ReadonlySet<string> = new Set();
// Decisions are per folder; a workspace with more folders than this just decides again.
const MAX_CACHED = 500;
const MAX_NOTES = 50;

/** Whether Ruff lints `uri` in this editor: its extension installed and enabled, linting not switched off. */
export type RuffPresence = (uri: vscode.Uri) => boolean;

export const ruffExtensionLints: RuffPresence = (uri) => {
  if (!vscode.extensions.getExtension(RUFF_EXTENSION_ID)) return false;
  const c = vscode.workspace.getConfiguration('ruff', uri);
  return c.get<unknown>('enable') !== false && c.get<unknown>('lint.enable') !== false;
};

/**
 * Which of our AIR3xx codes Ruff reports for a file: when the Ruff extension lints it and its
 * configuration (the nearest ruff.toml / pyproject.toml `[tool.ruff]`, and the extension's own
 * `ruff.lint.*` settings) selects them. Those findings are left to Ruff, so one problem is not
 * listed twice; the decision is written to the log once per folder and outcome.
 */
export class RuffOverlap implements vscode.Disposable {
  private presence: RuffPresence = ruffExtensionLints;
  private readonly byFolder = new Map<string, ReadonlySet<string>>();
  private readonly logged = new Set<string>();
  private readonly emitter = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [];
  readonly onDidChange = this.emitter.event;
  /** What was logged about the overlap, oldest first (bounded): the test seam reads it. */
  readonly notes: string[] = [];

  constructor(private readonly logger: Logger) {
    const watcher = vscode.workspace.createFileSystemWatcher(CONFIG_GLOB);
    const changed = () => this.changed();
    this.disposables.push(
      watcher, watcher.onDidCreate(changed), watcher.onDidChange(changed), watcher.onDidDelete(changed),
      vscode.extensions.onDidChange(changed),
      vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('ruff') && changed()),
    );
  }

  /** Test seam: stands in for "is the Ruff extension linting" (undefined: the real check again). */
  setPresence(presence: RuffPresence | undefined): void {
    this.presence = presence ?? ruffExtensionLints;
    this.changed();
  }

  /** The shared codes Ruff reports in `uri` (none when Ruff is not linting here). */
  codesLeftToRuff(core: LintCore, uri: vscode.Uri): ReadonlySet<string> {
    if (!this.presence(uri)) return NO_CODES;
    const folder = uri.scheme === 'file' ? path.dirname(uri.fsPath) : '';
    let codes = this.byFolder.get(folder);
    if (!codes) {
      if (this.byFolder.size >= MAX_CACHED) this.byFolder.clear();
      codes = this.decide(core, uri, folder);
      this.byFolder.set(folder, codes);
    }
    return codes;
  }

  private decide(core: LintCore, uri: vscode.Uri, folder: string): ReadonlySet<string> {
    const found = folder ? core.findRuffConfig(folder) : undefined;
    if (found && 'error' in found) {
      this.note('warn', vscode.l10n.t('diagnostics: cannot read Ruff\'s configuration {0} ({1}); MWAA keeps its AIR findings there', found.file, found.error));
      return NO_CODES;
    }
    const editor = editorLayer(core, uri);
    const preference = vscode.workspace.getConfiguration('ruff', uri).get<unknown>('configurationPreference');
    const layers: RuffLayer[] =
      preference === 'editorOnly' ? (editor ? [editor] : [])
        : preference === 'filesystemFirst' && found ? [...found.layers]
          : [...(found?.layers ?? []), ...(editor ? [editor] : [])];
    const codes = core.airCodesRuffReports(layers);
    if (codes.length > 0) {
      const where = found ? path.basename(found.file) + (editor ? vscode.l10n.t(' and the ruff.lint settings') : '') : vscode.l10n.t('the ruff.lint settings');
      this.note('info', vscode.l10n.t('diagnostics: {0} left to Ruff for {1}: the Ruff extension is enabled and {2} select{3} them (set mwaa.diagnostics.ruffOverlap to "keepBoth" to see MWAA\'s too)', codes.join(', '), found ? path.dirname(found.file) : 'this workspace', where, where.endsWith('settings') ? '' : 's'));
    }
    return new Set(codes);
  }

  private note(level: 'info' | 'warn', line: string): void {
    if (this.logged.has(line)) return;
    if (this.logged.size >= MAX_CACHED) this.logged.clear();
    this.logged.add(line);
    this.logger[level](line);
    this.notes.push(line);
    if (this.notes.length > MAX_NOTES) this.notes.shift();
  }

  private changed(): void {
    this.byFolder.clear();
    this.emitter.fire();
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    this.emitter.dispose();
  }
}

/** The Ruff extension's own `ruff.lint.select` / `extendSelect` / `ignore` / `preview`, when set. */
function editorLayer(core: LintCore, uri: vscode.Uri): RuffLayer | undefined {
  const c = vscode.workspace.getConfiguration('ruff.lint', uri);
  const lint: Record<string, unknown> = {};
  for (const [key, name] of [['select', 'select'], ['extendSelect', 'extend-select'], ['ignore', 'ignore']] as const) {
    const v = c.get<unknown>(key);
    if (Array.isArray(v)) lint[name] = v;
  }
  const preview = c.get<unknown>('preview');
  if (typeof preview === 'boolean') lint.preview = preview;
  return Object.keys(lint).length > 0 ? core.ruffLayerOf({ lint }) : undefined;
}
