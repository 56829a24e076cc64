import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { COMMANDS } from '../../host/commandIds';
import type { Prompts } from '../../host/prompts';
import type { LintEngine } from './lintEngine';
import { readLocalFile } from './requirementsDiagnostics';
import { toVscodeRange } from './findingDiagnostics';

/** The "create requirements.txt?" question's id: tests answer it (button 'Create') through the prompt seams. */
const ADD_REQUIREMENT_PROMPT = 'diagnostics.addRequirement';
const REQUIREMENTS = 'requirements.txt';

/** The requirements.txt nearest to a file, looking upwards but not above its workspace folder. */
export function findRequirementsFile(file: vscode.Uri, folder: vscode.WorkspaceFolder): string | undefined {
  const root = folder.uri.fsPath;
  let dir = path.dirname(file.fsPath);
  for (;;) {
    const candidate = path.join(dir, REQUIREMENTS);
    if (fs.existsSync(candidate)) return candidate;
    if (dir === root || !dir.startsWith(root)) return undefined;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * "Add provider X to requirements.txt" for a fix whose new import path needs a package, at the
 * version the environment's constraints pin. An existing requirements.txt is edited in place;
 * a missing one is created by a command, after asking.
 */
export function addProviderAction(
  engine: LintEngine,
  document: vscode.TextDocument,
  requirement: { readonly name: string; readonly minVersion?: string },
): vscode.CodeAction | undefined {
  const folder = vscode.workspace.getWorkspaceFolder(document.uri);
  if (!folder || folder.uri.scheme !== 'file' || document.uri.scheme !== 'file') return undefined;
  const version = engine.airflowVersionFor(document.uri);
  const line = engine.core.providerRequirementLine(engine.constraintsFor(version), requirement.name, requirement.minVersion);
  const existing = findRequirementsFile(document.uri, folder);
  if (existing) {
    const edit = engine.core.addRequirementEdit(readLocalFile(existing) ?? '', line);
    if (!edit) return undefined; // already listed
    const action = new vscode.CodeAction(vscode.l10n.t('Add {0} to {1}', line, vscode.workspace.asRelativePath(existing)), vscode.CodeActionKind.QuickFix);
    action.edit = new vscode.WorkspaceEdit();
    action.edit.replace(vscode.Uri.file(existing), toVscodeRange(edit.range), edit.newText);
    return action;
  }
  const action = new vscode.CodeAction(vscode.l10n.t('Add {0} to a new requirements.txt', line), vscode.CodeActionKind.QuickFix);
  action.command = { command: COMMANDS.diagnostics.addProviderRequirement, title: action.title, arguments: [folder.uri, line, version] };
  return action;
}

/** Creates the workspace folder's requirements.txt with the line (asks first), or appends to it. */
export async function addProviderRequirement(engine: LintEngine, prompts: Prompts, folder: vscode.Uri, line: string, airflowVersion: string): Promise<vscode.Uri | undefined> {
  const { addRequirementEdit, constraintsUrl, pythonVersionFor, requiresConstraintLine } = engine.core;
  const pythonVersion = pythonVersionFor(engine.index, airflowVersion);
  const target = vscode.Uri.joinPath(folder, REQUIREMENTS);
  const edit = new vscode.WorkspaceEdit();
  if (fs.existsSync(target.fsPath)) {
    const add = addRequirementEdit(readLocalFile(target.fsPath) ?? '', line);
    if (!add) return target;
    edit.replace(target, toVscodeRange(add.range), add.newText);
  } else {
    const answer = await prompts.confirm(
      ADD_REQUIREMENT_PROMPT,
      vscode.l10n.t('Create {0} in {1} with {2}?', REQUIREMENTS, vscode.workspace.asRelativePath(folder, true) || path.basename(folder.fsPath), line),
      { modal: true, detail: vscode.l10n.t('MWAA installs the packages listed in the requirements.txt of the environment\'s S3 bucket.') },
      vscode.l10n.t('Create'),
    );
    if (answer !== vscode.l10n.t('Create')) return undefined;
    // A new file states the constraints MWAA will apply anyway, so it starts without warnings.
    const header = pythonVersion && requiresConstraintLine(airflowVersion) ? `--constraint "${constraintsUrl(airflowVersion, pythonVersion)}"\n` : '';
    edit.createFile(target, { ignoreIfExists: true });
    edit.insert(target, new vscode.Position(0, 0), `${header}${line}\n`);
  }
  if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`Could not edit ${target.fsPath}`);
  return target;
}
