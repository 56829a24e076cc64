import type * as vscode from 'vscode';
import type { DagDefinition, Finding, IncrementalPythonLint, TextChange } from '../../core/lint';
import { DEBOUNCE_MS, DocumentDiagnostics, type DiagnosticsParts } from './documentDiagnostics';
import { importsAirflow, isPythonDocument, isTooLarge } from './documentFilters';
import { toDiagnostic } from './findingDiagnostics';

// Past this many queued edits (a paste storm, a format-on-save) one full parse is cheaper.
const MAX_QUEUED_CHANGES = 64;

interface DocState {
  readonly document: vscode.TextDocument;
  lint?: IncrementalPythonLint;
  airflowVersion?: string;
  pending: TextChange[];
  timer?: NodeJS.Timeout;
  findings: readonly Finding[];
}

/**
 * As-you-type diagnostics for Python files that import airflow. Each document keeps its parse
 * tree; edits are queued and applied incrementally after a short pause, so a keystroke re-parses
 * and re-lints only what it touched.
 */
export class PythonDiagnostics extends DocumentDiagnostics {
  private readonly states = new Map<string, DocState>();

  constructor(
    parts: DiagnosticsParts,
    /** The DAGs an open document defines (undefined when it no longer counts), for dag_id checks. */
    private readonly onDags: (uri: vscode.Uri, dags: readonly DagDefinition[] | undefined) => void,
  ) {
    super(parts);
  }

  /** Starts (or stops) linting a document; cheap when it is not an Airflow file. */
  override track(document: vscode.TextDocument): void {
    if (!isPythonDocument(document)) return;
    const key = document.uri.toString();
    const text = document.getText();
    if (this.skipsTooLarge(document, text)) return;
    if (!importsAirflow(text)) {
      this.untrack(document.uri);
      return;
    }
    if (this.states.has(key)) return;
    const state: DocState = { document, pending: [], findings: [] };
    this.states.set(key, state);
    this.engine.get().then(
      () => {
        if (this.states.get(key) === state && !state.lint) this.reopen(state);
      },
      (err: unknown) => this.logger.error(`diagnostics: cannot load the Python linter: ${(err as Error).message}`),
    );
  }

  override onDidChange(e: vscode.TextDocumentChangeEvent): void {
    if (!isPythonDocument(e.document) || e.contentChanges.length === 0) return;
    const key = e.document.uri.toString();
    const state = this.states.get(key);
    if (!state) {
      // Not an Airflow file (yet): look again once typing pauses, it may import airflow now.
      this.trackLater(e.document);
      return;
    }
    if (state.lint) for (const c of e.contentChanges) state.pending.push({ range: c.range, text: c.text });
    clearTimeout(state.timer);
    state.timer = setTimeout(() => this.flush(state), DEBOUNCE_MS);
  }

  override untrack(uri: vscode.Uri): void {
    const key = uri.toString();
    this.cancelTrackLater(uri);
    const state = this.states.get(key);
    if (!state) return;
    clearTimeout(state.timer);
    state.lint?.doc.dispose();
    this.states.delete(key);
    this.collection.delete(uri);
    this.onDags(uri, undefined);
  }

  /** The findings of a document as of its current text (queued edits applied first). */
  override findingsFor(document: vscode.TextDocument): readonly Finding[] | undefined {
    const state = this.states.get(document.uri.toString());
    if (!state?.lint) return undefined;
    if (state.pending.length > 0 || state.timer) this.flush(state);
    return this.states.get(document.uri.toString())?.findings;
  }

  /** The version target changed (setting, binding): re-lint every document in full. */
  retarget(): void {
    const engine = this.engine.current;
    if (!engine) return;
    for (const state of this.states.values()) {
      if (!state.lint) continue;
      this.flush(state);
      const version = engine.airflowVersionFor(state.document.uri);
      if (version === state.airflowVersion || !state.lint) continue;
      state.airflowVersion = version;
      this.publish(state, state.lint.setTarget({ airflowVersion: version }).findings);
    }
  }

  private flush(state: DocState): void {
    clearTimeout(state.timer);
    state.timer = undefined;
    if (this.states.get(state.document.uri.toString()) !== state || !state.lint) return;
    const text = state.document.getText();
    if (!importsAirflow(text) || isTooLarge(text)) {
      this.track(state.document);
      return;
    }
    const changes = state.pending;
    state.pending = [];
    if (changes.length > MAX_QUEUED_CHANGES) {
      this.reopen(state);
      return;
    }
    try {
      const started = performance.now();
      let result = state.lint.current;
      for (const c of changes) result = state.lint.update(c);
      this.logger.trace(`diagnostics: ${changes.length} edit(s), ${state.lint.lastMode} lint in ${(performance.now() - started).toFixed(1)} ms`);
      // The editor's text is the truth; a mismatch means an event was missed: parse afresh.
      if (state.lint.doc.text !== text) {
        this.logger.debug(`diagnostics: ${state.document.uri.toString(true)} out of step; parsing again`);
        this.reopen(state);
        return;
      }
      this.publish(state, result.findings);
      this.onDags(state.document.uri, result.dags);
    } catch (err) {
      this.logger.error(`diagnostics: incremental lint of ${state.document.uri.toString(true)} failed: ${(err as Error).message}`);
      this.reopen(state);
    }
  }

  private reopen(state: DocState): void {
    const engine = this.engine.current;
    if (!engine) return;
    state.lint?.doc.dispose();
    state.lint = undefined;
    state.pending = [];
    const version = engine.airflowVersionFor(state.document.uri);
    try {
      state.lint = engine.core.IncrementalPythonLint.open(engine.linter, state.document.getText(), { airflowVersion: version });
      state.airflowVersion = version;
      this.publish(state, state.lint.current.findings);
      this.onDags(state.document.uri, state.lint.current.dags);
    } catch (err) {
      this.logger.error(`diagnostics: cannot lint ${state.document.uri.toString(true)}: ${(err as Error).message}`);
    }
  }

  private publish(state: DocState, findings: readonly Finding[]): void {
    // Findings only an upgrade check asks for are for the report, not the editor.
    state.findings = findings.filter((f) => !f.upgradeOnly);
    this.collection.set(state.document.uri, state.findings.map(toDiagnostic));
  }

  override dispose(): void {
    for (const uri of [...this.states.values()].map((s) => s.document.uri)) this.untrack(uri);
    super.dispose();
  }
}
