/**
 * MWAA: Check requirements.txt with the Resolver: the file resolved with uv for the environment's
 * platform and Python under MWAA's installer model. A conflict becomes an error on the line it
 * comes from (source `MWAA resolver`); a file that resolves says how many packages; an unknown
 * verdict (an index that cannot be reached...) is a warning naming the cause, never an error. The
 * verdict is stored by content (services.resolverVerdicts): an edit makes the diagnostics go.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { UserFacingError } from '../../core/errors';
import { redact } from '../../core/redact';
import type { RequirementProblem, ResolveVerdict } from '../../core/runtime/runtimeTypes';
import { toAbortSignal } from '../../host/abortSignal';
import type { Services } from '../../services/services';
import { NOTICE_SOURCE, type ResolverCheckResult } from './localRuntimeTypes';
import { seconds } from './parseFindings';

export const RESOLVER_SOURCE = 'MWAA resolver';
const REQUIREMENTS_FILE = /^requirements.*\.txt$/i;

export class ResolverCheck implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('mwaa-resolver');
  /** Files whose diagnostics stand for a content (hash): an edit to other content clears them. */
  private readonly shownFor = new Map<string, Set<string>>();
  private readonly listener: vscode.Disposable;

  constructor(private readonly services: Services) {
    this.listener = vscode.workspace.onDidChangeTextDocument((e) => this.onEdit(e.document));
  }

  async run(arg: unknown): Promise<ResolverCheckResult> {
    const { services } = this;
    services.trust.require();
    const uri = await requirementsFileOf(arg);
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    // The resolver reads the file from disk: unsaved edits are saved first, so the two agree.
    if (open?.isDirty && !(await open.save())) throw new UserFacingError(vscode.l10n.t('{0} has unsaved changes that could not be saved.', vscode.workspace.asRelativePath(uri)));
    const target = await services.runtime.targetFor(uri, { interactive: true });
    if (!target) throw new vscode.CancellationError();
    const withFile = { ...target, requirementsFile: uri.fsPath };
    const rel = vscode.workspace.asRelativePath(uri);
    const verdict = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Resolving {0} for Airflow {1}…', rel, target.airflowVersion), cancellable: true }, async (_p, token) => {
      const cancel = toAbortSignal(token);
      try {
        return await services.runtime.resolve(withFile, cancel.signal);
      } finally {
        cancel.dispose();
      }
    });
    this.show(uri, verdict);
    this.present(rel, target.airflowVersion, verdict);
    return resultOf(uri.fsPath, target.airflowVersion, verdict);
  }

  /** Puts a verdict's conflicts on their lines (or clears them when it resolves or is unknown). */
  show(uri: vscode.Uri, verdict: ResolveVerdict): void {
    for (const file of this.shownFor.get(uri.fsPath) ?? []) this.collection.delete(vscode.Uri.file(file));
    const problems = verdict.status === 'conflict' ? verdict.problems : [];
    const byFile = new Map<string, vscode.Diagnostic[]>();
    for (const p of problems.slice(0, 200)) {
      const file = p.file ? path.resolve(p.file) : uri.fsPath;
      byFile.set(file, [...(byFile.get(file) ?? []), toDiagnostic(p)]);
    }
    byFile.set(uri.fsPath, byFile.get(uri.fsPath) ?? []);
    for (const [file, list] of byFile) this.collection.set(vscode.Uri.file(file), list);
    this.shownFor.set(uri.fsPath, new Set(byFile.keys()));
  }

  private present(rel: string, version: string, verdict: ResolveVerdict): void {
    const notify = this.services.notify;
    if (verdict.status === 'ok') {
      notify.info(vscode.l10n.t('{0} resolves for Airflow {1}: {2} packages ({3}).', rel, version, verdict.packages.size, seconds(verdict.ms)), [], NOTICE_SOURCE);
    } else if (verdict.status === 'conflict') {
      const first = verdict.problems[0];
      const where = first?.line ? vscode.l10n.t(' line {0}', first.line) : '';
      notify.error(vscode.l10n.t('{0} does not resolve for Airflow {1}:{2} {3}', rel, version, where, redact(first?.message ?? 'a conflict')).slice(0, 800),
        [{ label: vscode.l10n.t('Show Problems'), command: 'workbench.actions.view.problems' }], NOTICE_SOURCE);
    } else {
      notify.warn(vscode.l10n.t('The resolver could not decide whether {0} installs on Airflow {1}: {2}', rel, version, redact(verdict.reason)).slice(0, 800), [], NOTICE_SOURCE);
    }
  }

  /** An edit makes the file's resolver diagnostics stale: they go until the resolver runs again. */
  private onEdit(document: vscode.TextDocument): void {
    const shown = this.shownFor.get(document.uri.fsPath);
    if (!shown || document.uri.scheme !== 'file') return;
    if (this.services.resolverVerdicts.get(document.uri.fsPath, document.getText())) return;
    for (const file of shown) this.collection.delete(vscode.Uri.file(file));
    this.shownFor.delete(document.uri.fsPath);
  }

  dispose(): void {
    this.listener.dispose();
    this.collection.dispose();
  }
}

function toDiagnostic(p: RequirementProblem): vscode.Diagnostic {
  const line = Math.max(0, (p.line ?? 1) - 1);
  const d = new vscode.Diagnostic(new vscode.Range(line, 0, line, 10_000), redact(p.message), vscode.DiagnosticSeverity.Error);
  d.source = RESOLVER_SOURCE;
  if (p.project) d.code = p.project;
  return d;
}

function resultOf(file: string, airflowVersion: string, v: ResolveVerdict): ResolverCheckResult {
  if (v.status === 'ok') return { file, airflowVersion, status: 'ok', packages: v.packages.size, ms: v.ms };
  if (v.status === 'conflict') return { file, airflowVersion, status: 'conflict', problems: v.problems.map((p) => ({ file: p.file, line: p.line, message: p.message })), ms: v.ms };
  return { file, airflowVersion, status: 'unknown', reason: v.reason, ms: v.ms };
}

/** The file given, else the active editor's requirements file, else one found in the workspace. */
async function requirementsFileOf(arg: unknown): Promise<vscode.Uri> {
  const given = arg instanceof vscode.Uri ? arg : typeof arg === 'string' ? vscode.Uri.file(arg) : undefined;
  if (given) {
    if (given.scheme !== 'file') throw new UserFacingError(vscode.l10n.t('Only local files can be resolved (got {0}: {1}).', given.scheme, given.path));
    return given;
  }
  const active = vscode.window.activeTextEditor?.document.uri;
  if (active?.scheme === 'file' && REQUIREMENTS_FILE.test(path.basename(active.fsPath))) return active;
  const found = await vscode.workspace.findFiles('**/requirements*.txt', '{**/node_modules/**,**/.venv/**,**/venv/**,**/.git/**}', 50);
  if (found.length === 0) throw new UserFacingError(vscode.l10n.t('No requirements.txt found in the workspace: open one and run the command again.'));
  if (found.length === 1) return found[0]!;
  const picked = await vscode.window.showQuickPick(found.sort((a, b) => a.fsPath.localeCompare(b.fsPath)).map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri })), { title: vscode.l10n.t('Resolve which requirements file?') });
  if (!picked) throw new vscode.CancellationError();
  return picked.uri;
}
