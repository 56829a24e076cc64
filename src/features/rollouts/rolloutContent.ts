/**
 * The bytes a rollout uploads (the file as saved, or plugins.zip built from a folder) and what
 * its confirmation should warn about.
 */
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { UserFacingError } from '../../core/errors';
import type { MwaaEnvironment } from '../../core/mwaa/environment';
import type { ArtifactKind } from '../../core/rollouts/artifacts';
import { lintErrorSummary, startupScriptWarnings } from '../../core/rollouts/changeSummary';
import { buildPluginsZip } from '../../core/rollouts/pluginsZip';
import { checkRequirementsFile, type CheckContext } from './requirementsCheck';
import { findingsAfterVerdict, verdictWords, type RolloutResolver } from './rolloutResolve';

export interface Content {
  readonly body: Uint8Array;
  /** plugins.zip: files in it. */
  readonly fileCount?: number;
  /** requirements: what the constraints check (and the resolver) found for this environment. */
  readonly lintErrors?: string;
  readonly warnings: string[];
  /** requirements: the resolver's verdict when the file installs (the confirmation's first line). */
  readonly resolverNote?: string;
}

export async function prepareContent(context: CheckContext, kind: ArtifactKind, source: vscode.Uri, env: MwaaEnvironment, resolve?: RolloutResolver): Promise<Content> {
  if (kind === 'plugins') {
    const built = await buildPluginsZip(source.fsPath);
    if (built.skipped.length) context.logger.info(`plugins.zip: left out ${built.skipped.map((s) => s.rel).join(', ')}`);
    return { body: built.zip, fileCount: built.files.length, warnings: [] };
  }
  const rel = vscode.workspace.asRelativePath(source);
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === source.toString());
  // What is rolled out is what is on disk: unsaved edits are saved first, so the two agree.
  if (open?.isDirty && !(await open.save())) throw new UserFacingError(vscode.l10n.t('{0} has unsaved changes that could not be saved; nothing was uploaded.', rel));
  // An empty requirements.txt is a valid rollout: it removes every extra package.
  const body = fs.readFileSync(source.fsPath);
  if (kind === 'startupScript') return { body, warnings: startupScriptWarnings(body.toString()) };
  const text = body.toString();
  const verdict = await resolve?.(source, text, env.airflowVersion.raw);
  const words = verdictWords(verdict, env.airflowVersion.raw);
  const lint = lintErrorSummary(findingsAfterVerdict(checkRequirementsFile(context, source.fsPath, text, env.airflowVersion.raw), verdict));
  const lintErrors = [lint, words.error].filter(Boolean).join('; and ');
  return { body, warnings: words.warning ? [words.warning] : [], ...(lintErrors ? { lintErrors } : {}), ...(words.note ? { resolverNote: words.note } : {}) };
}
