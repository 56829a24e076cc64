import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Finding } from '../../core/lint';
import type { Logger } from '../../core/logger';
import type { ConstraintsUrlCache } from './constraintsUrlCache';
import { isRequirementsDocument, isTooLarge, MAX_LINT_BYTES } from './documentFilters';
import { toDiagnostic } from './findingDiagnostics';
import type { LargeFileNote } from './largeFileNote';
import type { LazyLintEngine, LintEngine } from './lintEngine';
import { DEBOUNCE_MS } from './pythonDiagnostics';

/** Reads a file a requirements.txt refers to: the editor's unsaved text first, else the disk. */
export function readLocalFile(absolutePath: string): string | undefined {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === absolutePath);
  if (open) return open.getText();
  try {
    if (fs.statSync(absolutePath).size > MAX_LINT_BYTES) return undefined;
    return fs.readFileSync(absolutePath, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * requirements.txt against the constraints of the environment's Airflow version. A check is a
 * single pass over the text, so every change re-checks the whole file after a short pause.
 */
export class RequirementsDiagnostics implements vscode.Disposable {
  private readonly findings = new Map<string, { version: number; findings: readonly Finding[] }>();
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly engine: LazyLintEngine,
    private readonly collection: vscode.DiagnosticCollection,
    private readonly urls: ConstraintsUrlCache,
    private readonly logger: Logger,
    private readonly largeFiles: LargeFileNote,
  ) {}

  track(document: vscode.TextDocument): void {
    if (!isRequirementsDocument(document)) return;
    this.engine.get().then(
      (engine) => this.check(engine, document),
      (err: unknown) => this.logger.error(`diagnostics: cannot load the constraints data: ${(err as Error).message}`),
    );
  }

  onDidChange(e: vscode.TextDocumentChangeEvent): void {
    if (!isRequirementsDocument(e.document) || e.contentChanges.length === 0) return;
    const key = e.document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      this.track(e.document);
    }, DEBOUNCE_MS));
  }

  untrack(uri: vscode.Uri): void {
    const key = uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.findings.delete(key);
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
  findingsFor(document: vscode.TextDocument): readonly Finding[] | undefined {
    const key = document.uri.toString();
    const known = this.findings.get(key);
    const engine = this.engine.current;
    if (engine && isRequirementsDocument(document) && (!known || known.version !== document.version)) {
      clearTimeout(this.timers.get(key));
      this.timers.delete(key);
      this.check(engine, document);
    }
    return this.findings.get(key)?.findings;
  }

  private check(engine: LintEngine, document: vscode.TextDocument): void {
    if (document.isClosed) return;
    const text = document.getText();
    if (isTooLarge(text)) {
      this.largeFiles.skipped(document.uri);
      this.untrack(document.uri);
      return;
    }
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
    const own = result.findings.filter((f) => !f.file || (document.uri.scheme === 'file' && path.resolve(f.file) === document.uri.fsPath));
    this.findings.set(document.uri.toString(), { version: document.version, findings: own });
    this.collection.set(document.uri, own.map(toDiagnostic));
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
  }
}
