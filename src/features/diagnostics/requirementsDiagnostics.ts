import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Finding, NoqaIndex } from '../../core/lint';
import type { IncludeContext, IncludedFile } from '../../core/lint/requirements/includeReader';
import { includeRoots, readWorkspaceInclude, readWorkspaceText } from '../../host/workspaceText';
import type { ResolverVerdicts } from '../../services/resolverVerdicts';
import type { ConstraintsUrlCache } from './constraintsUrlCache';
import { DocumentDiagnostics, type DiagnosticsParts } from './documentDiagnostics';
import { isRequirementsDocument, MAX_LINT_BYTES } from './documentFilters';
import { toDiagnostic } from './findingDiagnostics';
import type { LintEngine } from './lintEngine';

/**
 * Reads a requirements file (the editor's unsaved text first, else the disk). Given the include
 * context (the checker passes it for -r/-c), only inside the requirements file's workspace folder
 * or the bound DAG folder, and a refusal with the reason otherwise.
 */
export function readLocalFile(absolutePath: string): string | undefined;
export function readLocalFile(absolutePath: string, include: IncludeContext): IncludedFile | undefined;
export function readLocalFile(absolutePath: string, include?: IncludeContext): string | IncludedFile | undefined {
  if (!include) return readWorkspaceText(absolutePath, MAX_LINT_BYTES);
  return readWorkspaceInclude(absolutePath, MAX_LINT_BYTES, includeRoots(include));
}

/**
 * Static findings the resolver's verdict replaces: whether a pin clashes with Airflow's constraints
 * or MWAA's essential pins is what the resolver decides for real (markers, a constraint line of the
 * file's own, transitive clashes), so for content it has resolved these are not shown.
 */
const RESOLVER_DECIDES = new Set(['REQ003', 'REQ004', 'REQ005']);

/**
 * requirements.txt against the constraints of the environment's Airflow version. A check is a
 * single pass over the text, so every change re-checks the whole file after a short pause. Where
 * the resolver has spoken for the same content (MWAA: Check requirements.txt with the Resolver),
 * its verdict wins over the constraint-mismatch findings.
 */
export class RequirementsDiagnostics extends DocumentDiagnostics {
  /** Per document: what the check found (`raw`), its noqa directives, and what is shown. */
  private readonly findings = new Map<string, { version: number; uri: vscode.Uri; raw: readonly Finding[]; noqa?: NoqaIndex; findings: readonly Finding[] }>();

  constructor(parts: DiagnosticsParts, private readonly urls: ConstraintsUrlCache, private readonly verdicts?: ResolverVerdicts) {
    super(parts);
  }

  override track(document: vscode.TextDocument): void {
    if (!isRequirementsDocument(document)) return;
    this.engine.get().then(
      (engine) => this.check(engine, document),
      (err: unknown) => this.logger.error(`diagnostics: cannot load the constraints data: ${(err as Error).message}`),
    );
  }

  override onDidChange(e: vscode.TextDocumentChangeEvent): void {
    if (!isRequirementsDocument(e.document) || e.contentChanges.length === 0) return;
    this.trackLater(e.document);
  }

  override untrack(uri: vscode.Uri): void {
    this.cancelTrackLater(uri);
    this.findings.delete(uri.toString());
    this.collection.delete(uri);
  }

  /** Re-checks every open requirements document (target changed, a constraints URL arrived). */
  recheckAll(): void {
    const engine = this.engine.current;
    if (!engine) return;
    // All of them: one skipped for a version without constraints may be checkable now.
    for (const d of vscode.workspace.textDocuments) if (isRequirementsDocument(d)) this.check(engine, d);
  }

  /** Findings of the document's current text (checked now when an edit is still pending). */
  override findingsFor(document: vscode.TextDocument): readonly Finding[] | undefined {
    const key = document.uri.toString();
    const known = this.findings.get(key);
    const engine = this.engine.current;
    if (engine && isRequirementsDocument(document) && (!known || known.version !== document.version)) {
      this.cancelTrackLater(document.uri);
      this.check(engine, document);
    }
    return this.findings.get(key)?.findings;
  }

  override republish(): void {
    const core = this.engine.current?.core;
    if (!core) return;
    for (const [key, entry] of this.findings) {
      const shown = this.control.show(core, entry.uri, entry.raw, entry.noqa, { ruff: false });
      this.findings.set(key, { ...entry, findings: shown.map((s) => s.finding) });
      this.collection.set(entry.uri, shown.map((s) => toDiagnostic(s.finding, s.severity)));
    }
  }

  private check(engine: LintEngine, document: vscode.TextDocument): void {
    if (document.isClosed) return;
    if (!this.control.enabledFor(document.uri)) {
      this.untrack(document.uri);
      return;
    }
    const text = document.getText();
    if (this.skipsTooLarge(document, text)) return;
    const version = engine.airflowVersionFor(document.uri);
    const constraints = engine.constraintsFor(version);
    if (!constraints) {
      this.untrack(document.uri);
      return;
    }
    const dagFolder = engine.dagFolderFor(document.uri);
    const result = engine.core.checkRequirements(text, {
      constraints,
      ...(document.uri.scheme === 'file' ? { filePath: document.uri.fsPath } : {}),
      readFile: readLocalFile,
      readUrl: (url) => this.urls.read(url),
      ...(dagFolder ? { dagFolder } : {}),
    });
    // Findings inside files included with -r are shown when that file itself is open.
    const own = this.withoutResolved(document, text, result.findings.filter((f) => !f.file || (document.uri.scheme === 'file' && path.resolve(f.file) === document.uri.fsPath)));
    const noqa = engine.core.buildNoqaIndex(text, 'requirements');
    const shown = this.control.show(engine.core, document.uri, own, noqa, { ruff: false });
    this.findings.set(document.uri.toString(), { version: document.version, uri: document.uri, raw: own, ...(noqa ? { noqa } : {}), findings: shown.map((s) => s.finding) });
    this.collection.set(document.uri, shown.map((s) => toDiagnostic(s.finding, s.severity)));
  }

  /** The findings without those the resolver decided for this exact text (ok or conflict; an unknown verdict decides nothing). */
  private withoutResolved(document: vscode.TextDocument, text: string, findings: readonly Finding[]): readonly Finding[] {
    if (!this.verdicts || document.uri.scheme !== 'file') return findings;
    const stored = this.verdicts.get(document.uri.fsPath, text);
    if (!stored || stored.verdict.status === 'unknown') return findings;
    return findings.filter((f) => !RESOLVER_DECIDES.has(f.code));
  }
}
