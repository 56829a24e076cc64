import * as vscode from 'vscode';
import type { Finding, Fix, FixKind, TextEdit } from '../../core/lint';
import { codeOf, DIAGNOSTIC_SOURCE, toDiagnostic, toVscodeRange } from './findingDiagnostics';
import type { LazyLintEngine, LintEngine } from './lintEngine';
import { addProviderAction } from './providerRequirement';

/** Fixes that are the one obvious answer (the editor may apply them with "auto fix"). */
const PREFERRED = new Set<FixKind>(['rewriteImport', 'replaceName', 'renameArgument', 'replaceArgumentValue', 'renameContextKey', 'insertConstraint', 'replaceConstraint', 'alignVersion']);

const FIX_ALL_TITLES: Partial<Record<FixKind, string>> = {
  rewriteImport: vscode.l10n.t('Rewrite all moved imports in this file'),
  replaceName: vscode.l10n.t('Replace all deprecated names in this file'),
  renameArgument: vscode.l10n.t('Rename all deprecated arguments in this file'),
  replaceArgumentValue: vscode.l10n.t('Replace all deprecated argument values in this file'),
  renameContextKey: vscode.l10n.t('Rename all deprecated context keys in this file'),
  alignVersion: vscode.l10n.t('Align all pins with the constraints in this file'),
  useEnvironmentVariables: vscode.l10n.t('Move all credentials in URLs to environment variables'),
};

/** `editor.codeActionsOnSave: {"source.fixAll.mwaa": "explicit"}` applies every obvious fix. */
export const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append('mwaa');

/** Quick fixes from the findings' `fixes`: the fix itself, "fix all of this kind", "add provider". */
export class FindingCodeActions implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, FIX_ALL_KIND] };

  constructor(
    /** A document's findings as of its current text (a Python file's come from the lint worker). */
    private readonly findingsFor: (document: vscode.TextDocument) => readonly Finding[] | undefined | Promise<readonly Finding[] | undefined>,
    private readonly engine: LazyLintEngine,
  ) {}

  async provideCodeActions(document: vscode.TextDocument, range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext, token?: vscode.CancellationToken): Promise<vscode.CodeAction[]> {
    const only = context.only;
    const wantsFixAll = !!only && (only.contains(FIX_ALL_KIND) || FIX_ALL_KIND.contains(only));
    if (only && !wantsFixAll && !vscode.CodeActionKind.QuickFix.contains(only) && !only.contains(vscode.CodeActionKind.QuickFix)) return [];
    const findings = await this.findingsFor(document);
    const engine = this.engine.current;
    if (!findings || findings.length === 0 || !engine || token?.isCancellationRequested) return [];
    if (wantsFixAll) {
      const all = fixAllObvious(engine, document, findings);
      return all ? [all] : [];
    }
    const hits = findings.filter((f) => toVscodeRange(f.range).intersection(range) !== undefined);
    const actions: vscode.CodeAction[] = [];
    const fixAllKinds = new Set<FixKind>();
    for (const finding of hits) {
      const diagnostic = this.diagnosticFor(finding, context);
      const editFixes = finding.fixes.filter((x) => x.edits.length > 0);
      for (const fix of editFixes) {
        const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        action.edit = workspaceEdit(document.uri, fix.edits);
        action.diagnostics = [diagnostic];
        action.isPreferred = editFixes.length === 1 && PREFERRED.has(fix.kind);
        actions.push(action);
        fixAllKinds.add(fix.kind);
      }
      for (const fix of finding.fixes) {
        if (!fix.requirement) continue;
        const action = addProviderAction(engine, document, fix.requirement);
        if (!action) continue;
        action.diagnostics = [diagnostic];
        actions.push(action);
      }
    }
    for (const kind of fixAllKinds) {
      const all = fixAllOfKind(engine, document, findings, kind);
      if (all) actions.push(all);
    }
    return actions;
  }

  /** The editor's diagnostic object for the finding when it is in the context, else an equal one. */
  private diagnosticFor(f: Finding, context: vscode.CodeActionContext): vscode.Diagnostic {
    const range = toVscodeRange(f.range);
    return context.diagnostics.find((d) => d.source === DIAGNOSTIC_SOURCE && codeOf(d) === f.code && d.range.isEqual(range)) ?? toDiagnostic(f);
  }
}

/** One action applying the first fix of `kind` of every finding in the file, when there are two or more. */
function fixAllOfKind(engine: LintEngine, document: vscode.TextDocument, findings: readonly Finding[], kind: FixKind): vscode.CodeAction | undefined {
  const title = FIX_ALL_TITLES[kind];
  if (!title) return undefined;
  const fixes: Fix[] = [];
  for (const f of findings) {
    const fix = f.fixes.find((x) => x.kind === kind && x.edits.length > 0);
    if (fix) fixes.push(fix);
  }
  if (fixes.length < 2) return undefined;
  const { edits, skipped } = engine.core.mergeFixEdits(document.getText(), fixes);
  if (edits.length === 0) return undefined;
  const action = new vscode.CodeAction(skipped.length > 0 ? vscode.l10n.t('{0} ({1} of {2}; run again for the rest)', title, fixes.length - skipped.length, fixes.length) : title, vscode.CodeActionKind.QuickFix);
  action.edit = workspaceEdit(document.uri, edits);
  return action;
}

/** Every finding's fix when it is the only one and an obvious one (see PREFERRED), as one edit. */
function fixAllObvious(engine: LintEngine, document: vscode.TextDocument, findings: readonly Finding[]): vscode.CodeAction | undefined {
  const fixes: Fix[] = [];
  for (const f of findings) {
    const editFixes = f.fixes.filter((x) => x.edits.length > 0);
    if (editFixes.length === 1 && PREFERRED.has(editFixes[0]!.kind)) fixes.push(editFixes[0]!);
  }
  if (fixes.length === 0) return undefined;
  const { edits } = engine.core.mergeFixEdits(document.getText(), fixes);
  const action = new vscode.CodeAction(vscode.l10n.t('Fix all MWAA problems that have one obvious fix'), FIX_ALL_KIND);
  action.edit = workspaceEdit(document.uri, edits);
  return action;
}

function workspaceEdit(uri: vscode.Uri, edits: readonly TextEdit[]): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  for (const e of edits) edit.replace(uri, toVscodeRange(e.range), e.newText);
  return edit;
}
