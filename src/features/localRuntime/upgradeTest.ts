/**
 * MWAA: Test an Airflow Upgrade…: the folder's DAGs parsed and its requirements resolved in the
 * current runtime and in a newer version's, and one Markdown report written to the workspace
 * (`.mwaa/upgrade-<from>-to-<to>.md`) and opened: the import errors the upgrade causes, the
 * requirements that no longer resolve, the package versions that change.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { UserFacingError } from '../../core/errors';
import { compareVersions } from '../../core/lint/airflowVersion';
import type { ParseResult, ResolveVerdict, Runtime } from '../../core/runtime/runtimeTypes';
import { toAbortSignal } from '../../host/abortSignal';
import type { RuntimeTarget } from '../../services/localRuntime/runtimeApi';
import type { Services } from '../../services/services';
import { listDagFiles } from '../../core/runtime/parseFolder';
import { chooseFolder } from './folderParse';
import { UPGRADE_TARGET_PROMPT, type UpgradeTestResult } from './localRuntimeTypes';
import { newImportErrors, upgradeMarkdown, type UpgradeSide } from './upgradeReport';

export interface UpgradeArgs {
  readonly folder?: string;
  /** The target version, instead of a pick. */
  readonly to?: string;
  /** Open the report (default true). */
  readonly open?: boolean;
}

export function isUpgradeArgs(v: unknown): v is UpgradeArgs {
  return typeof v === 'object' && v !== null && !(v instanceof vscode.Uri) && !Array.isArray(v);
}

type Parse = (target: RuntimeTarget, runtime: Runtime, file: string, signal: AbortSignal) => Promise<ParseResult>;

export async function testUpgrade(services: Services, arg: unknown, parse: Parse): Promise<UpgradeTestResult | undefined> {
  services.trust.require();
  const args = isUpgradeArgs(arg) ? arg : {};
  const folder = await chooseFolder(services, args.folder ?? arg);
  const from = await services.runtime.targetFor(folder, { interactive: true });
  if (!from) throw new vscode.CancellationError();
  const to = await services.runtime.targetFor(folder, { interactive: true, airflowVersion: args.to ?? (await pickTarget(services, from.airflowVersion)) });
  if (!to) throw new vscode.CancellationError();
  if (compareVersions(to.airflowVersion, from.airflowVersion) <= 0) throw new UserFacingError(vscode.l10n.t('Airflow {0} is not newer than {1}.', to.airflowVersion, from.airflowVersion));
  const title = vscode.l10n.t('Testing the upgrade from Airflow {0} to {1}', from.airflowVersion, to.airflowVersion);
  const sides = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
    const cancel = toAbortSignal(token);
    try {
      const one = (t: RuntimeTarget) => side(services, t, folder.fsPath, parse, (m) => progress.report({ message: `${t.airflowVersion}: ${m}` }), cancel.signal);
      const before = await one(from);
      const after = before && (await one(to));
      return before && after ? { before, after } : undefined;
    } finally {
      cancel.dispose();
    }
  });
  if (!sides) return undefined;
  const report = upgradeMarkdown({ folder: folder.fsPath, requirementsFile: from.requirementsFile, from: sides.before.side, to: sides.after.side });
  const notes = [...sides.before.notes, ...sides.after.notes];
  const text = notes.length ? report.replace('\n\n', `\n\n${notes.map((n) => `> ${n}`).join('\n')}\n\n`) : report;
  const file = writeReport(from, to, folder.fsPath, text);
  if (args.open !== false) await vscode.window.showTextDocument(vscode.Uri.file(file), { preview: false });
  return { from: from.airflowVersion, to: to.airflowVersion, reportFile: file, newImportErrors: newImportErrors(sides.before.side.parses, sides.after.side.parses).length };
}

/**
 * One version's side: the requirements resolved, the runtime built (without the requirements when
 * they do not resolve there, so the DAGs can still be parsed), every DAG file parsed.
 */
async function side(services: Services, target: RuntimeTarget, folder: string, parse: Parse, report: (m: string) => void, signal: AbortSignal): Promise<{ side: UpgradeSide; notes: string[] } | undefined> {
  const notes: string[] = [];
  let resolve: ResolveVerdict | undefined;
  if (target.requirementsFile) {
    report(vscode.l10n.t('resolving requirements…'));
    resolve = await services.runtime.resolve(target, signal);
  }
  let buildTarget = target;
  if (resolve?.status === 'conflict') {
    const { requirementsFile: _left, ...rest } = target;
    void _left;
    buildTarget = rest;
    notes.push(vscode.l10n.t('On Airflow {0} the requirements do not resolve: its DAGs were parsed without them.', target.airflowVersion));
  }
  report('runtime…');
  const runtime = await services.runtime.ensure(buildTarget, { mode: 'ask', signal });
  if (!runtime) return undefined;
  const files = (await listDagFiles(folder, { airflowMajor: Number(runtime.airflowVersion.split('.')[0]) })).files;
  const parses: ParseResult[] = [];
  for (const [i, file] of files.entries()) {
    if (signal.aborted) throw new vscode.CancellationError();
    report(vscode.l10n.t('parsing {0}/{1}', i + 1, files.length));
    parses.push(await parse(buildTarget, runtime, file, signal));
  }
  return { side: { airflowVersion: runtime.airflowVersion, pythonVersion: runtime.pythonVersion, parses, resolve }, notes };
}

async function pickTarget(services: Services, current: string): Promise<string> {
  const newer = services.runtime.buildableVersions().filter((v) => compareVersions(v, current) > 0).reverse();
  if (newer.length === 0) throw new UserFacingError(vscode.l10n.t('No Airflow version newer than {0} is known to this version of the MWAA Toolkit.', current));
  const picked = await services.prompts.pick(UPGRADE_TARGET_PROMPT, newer.map((v) => ({ label: v })), { title: vscode.l10n.t('Test the upgrade from Airflow {0} to…', current) });
  if (!picked) throw new vscode.CancellationError();
  return picked.label;
}

/** `.mwaa/upgrade-<from>-to-<to>.md` in the workspace folder (else beside the DAGs folder). */
function writeReport(from: RuntimeTarget, to: RuntimeTarget, folder: string, text: string): string {
  const root = from.workspaceFolder ?? path.dirname(folder);
  const dir = path.join(root, '.mwaa');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `upgrade-${safe(from.airflowVersion)}-to-${safe(to.airflowVersion)}.md`);
  fs.writeFileSync(file, text);
  return file;
}

function safe(version: string): string {
  return version.replace(/[^0-9A-Za-z.]/g, '_').slice(0, 20);
}
