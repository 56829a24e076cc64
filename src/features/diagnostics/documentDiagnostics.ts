import type * as vscode from 'vscode';
import type { Finding } from '../../core/lint';
import type { Logger } from '../../core/logger';
import type { DiagnosticsControl } from './diagnosticsControl';
import { isTooLarge } from './documentFilters';
import type { LargeFileNote } from './largeFileNote';
import type { LazyLintEngine } from './lintEngine';

/** The pause after the last edit before a document is looked at again. */
export const DEBOUNCE_MS = 150;

/** What every kind of document diagnostics works with. */
export interface DiagnosticsParts {
  readonly engine: LazyLintEngine;
  /** Where this kind's diagnostics are published (one collection per kind). */
  readonly collection: vscode.DiagnosticCollection;
  readonly logger: Logger;
  readonly largeFiles: LargeFileNote;
  /** What the settings and `# noqa` comments let through. */
  readonly control: DiagnosticsControl;
}

/**
 * Diagnostics of one kind of document (Python DAG files, requirements files): activation wires
 * each to the editor's document events, and the code actions ask it for a document's findings.
 */
export abstract class DocumentDiagnostics implements vscode.Disposable {
  protected readonly engine: LazyLintEngine;
  protected readonly collection: vscode.DiagnosticCollection;
  protected readonly logger: Logger;
  protected readonly control: DiagnosticsControl;
  private readonly largeFiles: LargeFileNote;
  private readonly debounced = new Map<string, NodeJS.Timeout>();

  constructor(parts: DiagnosticsParts) {
    this.engine = parts.engine;
    this.collection = parts.collection;
    this.logger = parts.logger;
    this.control = parts.control;
    this.largeFiles = parts.largeFiles;
  }

  /** Starts (or refreshes, or stops) checking a document; cheap when it is not of this kind. */
  abstract track(document: vscode.TextDocument): void;
  abstract onDidChange(e: vscode.TextDocumentChangeEvent): void;
  /** Forgets a document and removes its diagnostics. */
  abstract untrack(uri: vscode.Uri): void;
  /** Shows the findings already computed again, as the settings now say (no new lint). */
  abstract republish(): void;
  /** The findings shown for the document's current text, undefined when it is not checked (async when linted elsewhere). */
  abstract findingsFor(document: vscode.TextDocument): readonly Finding[] | undefined | Promise<readonly Finding[] | undefined>;

  /** Tracks the document again once edits pause; each call restarts the pause. */
  protected trackLater(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    clearTimeout(this.debounced.get(key));
    this.debounced.set(key, setTimeout(() => {
      this.debounced.delete(key);
      this.track(document);
    }, DEBOUNCE_MS));
  }

  /** Drops a pending `trackLater`. */
  protected cancelTrackLater(uri: vscode.Uri): void {
    const key = uri.toString();
    clearTimeout(this.debounced.get(key));
    this.debounced.delete(key);
  }

  /** True when the text is too large to lint: the skip is noted and the document untracked. */
  protected skipsTooLarge(document: vscode.TextDocument, text: string): boolean {
    if (!isTooLarge(text)) return false;
    this.largeFiles.skipped(document.uri);
    this.untrack(document.uri);
    return true;
  }

  dispose(): void {
    for (const t of this.debounced.values()) clearTimeout(t);
  }
}
