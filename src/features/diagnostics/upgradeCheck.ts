import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { Finding } from '../../core/lint';
import { UserFacingError } from '../../core/errors';
import type { Prompts } from '../../host/prompts';
import type { DiagnosticsControl } from './diagnosticsControl';
import { EXCLUDE_GLOB, importsAirflow, MAX_LINT_BYTES } from './documentFilters';
import { MAX_SCANNED_FILES } from './dagIdIndex';
import type { LazyLintEngine, LintEngine } from './lintEngine';
import { readLocalFile } from './requirementsDiagnostics';

/** Arguments a caller (a test, another command) may pass to skip the prompts. */
export interface UpgradeCheckArgs {
  /** The Airflow version to check against, e.g. "3.0.6". */
  readonly target?: string;
  /** Write the report to this file path (default: `.mwaa/upgrade-check-<from>-to-<target>.md` in the workspace). */
  readonly outputPath?: string;
}

export function isUpgradeArgs(value: unknown): value is UpgradeCheckArgs {
  if (!value || typeof value !== 'object' || value instanceof vscode.Uri) return false;
  const v = value as Record<string, unknown>;
  return (v.target === undefined || typeof v.target === 'string') && (v.outputPath === undefined || typeof v.outputPath === 'string');
}

export interface UpgradeCheckResult {
  readonly report: vscode.Uri;
  readonly files: number;
  readonly findings: number;
}

/**
 * "Airflow upgrade check": lints every DAG file and requirements.txt of the workspace against a
 * chosen Airflow version (including what is only deprecated there) and opens a Markdown report.
 */
export interface UpgradeCheckParts {
  readonly engineLoader: LazyLintEngine;
  readonly prompts: Prompts;
  readonly control: DiagnosticsControl;
  /** Folders bound to environments: the check starts from the version the DAGs run on. */
  readonly boundFolders: () => readonly vscode.Uri[];
}

export async function checkAirflowUpgrade({ engineLoader, prompts, control, boundFolders }: UpgradeCheckParts, args: UpgradeCheckArgs = {}): Promise<UpgradeCheckResult | undefined> {
  const root = vscode.workspace.workspaceFolders?.[0];
  if (!root) throw new UserFacingError(vscode.l10n.t('Open a folder with your DAGs to run the Airflow upgrade check.'));
  const engine = await engineLoader.get();
  const from = engine.airflowVersionFor(startingPoint(boundFolders()) ?? root.uri);
  const target = args.target ?? (await pickTarget(engine, prompts, from));
  if (!target) return undefined;
  if (!engine.core.isValidAirflowVersion(target)) throw new UserFacingError(vscode.l10n.t('"{0}" is not an Airflow version such as 3.0.6.', target));

  const results = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Airflow upgrade check {0} -> {1}', from, target), cancellable: true },
    (progress, token) => lintWorkspace({ engine, control }, target, progress, token),
  );
  const report = engine.core.formatUpgradeReport(from, target, results);
  const findings = results.reduce((n, r) => n + r.findings.length, 0);
  // Saved, so it can be shared and compared after the fixes; .mwaa/ is never uploaded.
  const uri = args.outputPath ? vscode.Uri.file(args.outputPath) : vscode.Uri.joinPath(root.uri, '.mwaa', `upgrade-check-${from}-to-${target}.md`);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(report));
  await vscode.window.showTextDocument(uri, { preview: false });
  return { report: uri, files: results.length, findings };
}

/**
 * Where the workspace's Airflow version is read: the active editor's file when a bound folder
 * holds it, else the first bound folder in the workspace (its DAGs run on that environment).
 * A file inside the folder stands for it: a bound folder's own binding applies to what it holds.
 */
function startingPoint(bound: readonly vscode.Uri[]): vscode.Uri | undefined {
  const inWorkspace = bound.filter((f) => vscode.workspace.getWorkspaceFolder(f));
  const active = vscode.window.activeTextEditor?.document.uri;
  if (active && inWorkspace.some((f) => active.path.startsWith(`${f.path.replace(/\/+$/, '')}/`))) return active;
  const first = inWorkspace[0];
  return first && vscode.Uri.joinPath(first, '__folder__.py');
}

async function pickTarget(engine: LintEngine, prompts: Prompts, from: string): Promise<string | undefined> {
  const { compareVersions } = engine.core;
  const targets = engine.index.versions
    .filter((v) => compareVersions(v.airflow, '3.0') >= 0)
    .sort((a, b) => compareVersions(b.airflow, a.airflow));
  const picked = await prompts.pick(
    'diagnostics.upgradeTarget',
    targets.map((v) => ({ label: v.airflow, description: vscode.l10n.t('Python {0}{1}', v.python, compareVersions(v.airflow, from) === 0 ? ' (current)' : '') })),
    { title: vscode.l10n.t('Airflow upgrade check: from {0} to…', from), placeHolder: vscode.l10n.t('The MWAA Airflow version to check the workspace against') },
  );
  return picked?.label;
}

/**
 * Every DAG file and requirements file of the workspace judged at `target`. What `# noqa` comments
 * and rules set "off" leave out of the editor is left out of the report too (Ruff's share is not:
 * the report is the whole picture).
 */
async function lintWorkspace(
  { engine, control }: { engine: LintEngine; control: DiagnosticsControl },
  target: string,
  progress: vscode.Progress<{ message?: string; increment?: number }>,
  token: vscode.CancellationToken,
): Promise<{ file: string; findings: Finding[] }[]> {
  const [python, requirements] = await Promise.all([
    vscode.workspace.findFiles('**/*.py', EXCLUDE_GLOB, MAX_SCANNED_FILES, token),
    vscode.workspace.findFiles('**/requirements*.txt', EXCLUDE_GLOB, 200, token),
  ]);
  const all = [...python, ...requirements].sort((a, b) => a.fsPath.localeCompare(b.fsPath));
  const targetConstraints = engine.constraintsFor(target);
  const out: { file: string; findings: Finding[] }[] = [];
  for (let i = 0; i < all.length; i++) {
    if (token.isCancellationRequested) throw new vscode.CancellationError();
    const uri = all[i]!;
    const name = vscode.workspace.asRelativePath(uri);
    if (i % 20 === 0) {
      progress.report({ message: name, increment: (20 / all.length) * 100 });
      await new Promise((r) => setImmediate(r));
    }
    const text = readForCheck(uri);
    if (text === undefined) continue;
    if (uri.path.endsWith('.py')) {
      if (!importsAirflow(text)) continue;
      // Judged at the target itself: what is removed there is an error even when the current
      // version only deprecates it (the core's upgradeTarget keeps the current verdict instead).
      const outcome = await engine.python.lint({ text, target: { airflowVersion: target } }, name);
      out.push({ file: name, findings: outcome.status === 'done' ? control.forReport(engine.core, uri, text, 'python', outcome.findings) : [engine.core.notCheckedFinding(outcome.reason)] });
    } else if (targetConstraints) {
      // Requirements judged against the target's constraints: what would fail to install there.
      const dagFolder = engine.dagFolderFor(uri);
      const { findings } = engine.core.checkRequirements(text, { constraints: targetConstraints, filePath: uri.fsPath, readFile: readLocalFile, ...(dagFolder ? { dagFolder } : {}) });
      out.push({ file: name, findings: control.forReport(engine.core, uri, text, 'requirements', findings.filter((f) => !f.file)) });
    }
  }
  return out;
}

function readForCheck(uri: vscode.Uri): string | undefined {
  try {
    if (fs.statSync(uri.fsPath).size > MAX_LINT_BYTES) return undefined;
  } catch {
    return undefined;
  }
  return readLocalFile(uri.fsPath);
}
