/**
 * The resolver's verdict on a requirements file for the environment being rolled out to, for the
 * confirmation: the one stored for this exact content and version (MWAA: Check requirements.txt
 * with the Resolver), else resolved now with progress (trusted workspaces only: a requirements
 * file can name any index). The verdict wins over the static constraint-mismatch findings.
 */
import * as vscode from 'vscode';
import { describeError, isCancellation } from '../../core/errors';
import type { Finding } from '../../core/lint';
import type { ResolveVerdict } from '../../core/runtime/runtimeTypes';
import { withAbortSignal } from '../../host/abortSignal';
import type { Services } from '../../services/services';

/** Static findings the resolver decides for real (see diagnostics' requirementsDiagnostics.ts). */
const RESOLVER_DECIDES = new Set(['REQ003', 'REQ004', 'REQ005']);

export type RolloutResolver = (source: vscode.Uri, text: string, airflowVersion: string) => Promise<ResolveVerdict | undefined>;

/** The verdict for the file's text on that Airflow; undefined in an untrusted workspace. */
export function rolloutResolver(services: Pick<Services, 'trust' | 'resolverVerdicts' | 'runtime' | 'logger'>): RolloutResolver {
  return async (source, text, airflowVersion) => {
    if (!services.trust.isTrusted || source.scheme !== 'file') return undefined;
    const cached = services.resolverVerdicts.get(source.fsPath, text, airflowVersion);
    if (cached) return cached.verdict;
    const rel = vscode.workspace.asRelativePath(source);
    try {
      const target = await services.runtime.targetFor(source, { interactive: false, airflowVersion });
      if (!target) return undefined;
      const progress = { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Resolving {0} for Airflow {1}…', rel, airflowVersion), cancellable: true };
      return await vscode.window.withProgress(progress, (_p, token) => withAbortSignal(token, (signal) => services.runtime.resolve({ ...target, requirementsFile: source.fsPath }, signal)));
    } catch (err) {
      if (isCancellation(err)) return { status: 'unknown', reason: 'the resolver was stopped before it decided', ms: 0 };
      services.logger.warn(`rollout: the resolver could not run for ${rel}: ${describeError(err)}`);
      return { status: 'unknown', reason: describeError(err), ms: 0 };
    }
  };
}

/**
 * The static findings, without those the verdict decided: all of the constraint-mismatch kind when
 * the file resolves; when it does not, those on lines the resolver does not name (its conflicts
 * are elsewhere, so they were wrong). An unknown verdict decides nothing.
 */
export function findingsAfterVerdict(findings: readonly Finding[], verdict: ResolveVerdict | undefined): readonly Finding[] {
  if (!verdict || verdict.status === 'unknown') return findings;
  // REQ001 stays: the static check models MWAA's installer (a commented constraint line counts), as the resolver does.
  const named = new Set(verdict.status === 'conflict' ? verdict.problems.map((p) => p.line) : []);
  return findings.filter((f) => !RESOLVER_DECIDES.has(f.code) || (!f.file && named.has(f.range.start.line + 1)));
}

/** The verdict in words for the confirmation: a conflict as an error (joins the lint errors), the rest as a note or a warning. */
export function verdictWords(verdict: ResolveVerdict | undefined, airflowVersion: string): { error?: string; warning?: string; note?: string } {
  if (!verdict) return {};
  if (verdict.status === 'ok') return { note: vscode.l10n.t('✓ Resolved with uv as MWAA installs it on Airflow {0}: {1} packages install.', airflowVersion, verdict.packages.size) };
  if (verdict.status === 'unknown') return { warning: vscode.l10n.t('The resolver could not decide whether it installs on Airflow {0}: {1}', airflowVersion, verdict.reason) };
  const shown = verdict.problems.slice(0, 3).map((p) => `${p.line ? `line ${p.line}` : 'the file'}${p.project ? ` (${p.project})` : ''}: ${p.message}`);
  const n = verdict.problems.length;
  return { error: vscode.l10n.t('{0} conflict{1} when resolved with uv as MWAA installs it: {2}{3}', n, n === 1 ? '' : 's', shown.join('; '), n > 3 ? `; and ${n - 3} more` : '').slice(0, 1500) };
}
