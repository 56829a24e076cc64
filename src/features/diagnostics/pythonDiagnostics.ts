import type * as vscode from 'vscode';
import type { DagDefinition, Finding, NoqaIndex, TextChange } from '../../core/lint';
import { DEBOUNCE_MS, DocumentDiagnostics, type DiagnosticsParts } from './documentDiagnostics';
import { importsAirflow, isPythonDocument, isTooLarge } from './documentFilters';
import { toDiagnostic } from './findingDiagnostics';

// Past this many queued edits (a paste storm, a format-on-save) one full parse is cheaper.
const MAX_QUEUED_CHANGES = 64;

interface DocState {
  readonly document: vscode.TextDocument;
  /** The document's key in the lint worker (its URI). */
  readonly key: string;
  /** The worker was sent this document: edits since go along as changes (it re-parses incrementally). */
  sent: boolean;
  airflowVersion?: string;
  pending: TextChange[];
  /** More edits arrived than are worth sending one by one: the next lint sends the text alone. */
  overflow: boolean;
  timer?: NodeJS.Timeout;
  /** What the linter found (the editor's share: no upgrade-only findings). */
  raw: readonly Finding[];
  /** The `# noqa` directives of the text `raw` came from. */
  noqa?: NoqaIndex;
  /** What is shown of `raw` (settings, noqa, Ruff's share left out). */
  findings: readonly Finding[];
  /** Whether `findings` came from a lint yet. */
  linted: boolean;
  /** The lint in flight: a document's lints run one after another, in the order of its edits. */
  running: Promise<void>;
}

/**
 * As-you-type diagnostics for Python files that import airflow. The parsing and linting happen in
 * the lint worker (a thread of its own, see LintWorkerClient), which keeps each open document's
 * tree: edits are queued, sent after a short pause, and re-parsed and re-linted there only where
 * they touched. The extension host only sends text and publishes findings.
 */
export class PythonDiagnostics extends DocumentDiagnostics {
  private readonly states = new Map<string, DocState>();

  constructor(
    parts: DiagnosticsParts,
    /** The DAGs an open document defines (undefined when it no longer counts) and its noqa directives, for dag_id checks. */
    private readonly onDags: (uri: vscode.Uri, dags: readonly DagDefinition[] | undefined, noqa?: NoqaIndex) => void,
  ) {
    super(parts);
  }

  /** Starts (or stops) linting a document; cheap when it is not an Airflow file. */
  override track(document: vscode.TextDocument): void {
    if (!isPythonDocument(document)) return;
    const key = document.uri.toString();
    const text = document.getText();
    if (this.skipsTooLarge(document, text)) return;
    if (!importsAirflow(text) || !this.control.enabledFor(document.uri)) {
      this.untrack(document.uri);
      return;
    }
    if (this.states.has(key)) return;
    const state: DocState = { document, key, sent: false, pending: [], overflow: false, raw: [], findings: [], linted: false, running: Promise.resolve() };
    this.states.set(key, state);
    this.engine.get().then(
      () => void this.flush(state),
      (err: unknown) => this.logger.error(`diagnostics: cannot load the Python linter: ${(err as Error).message}`),
    );
  }

  override onDidChange(e: vscode.TextDocumentChangeEvent): void {
    if (!isPythonDocument(e.document) || e.contentChanges.length === 0) return;
    const state = this.states.get(e.document.uri.toString());
    if (!state) {
      // Not an Airflow file (yet): look again once typing pauses, it may import airflow now.
      this.trackLater(e.document);
      return;
    }
    if (state.sent && !state.overflow) for (const c of e.contentChanges) state.pending.push({ range: c.range, text: c.text });
    if (state.pending.length > MAX_QUEUED_CHANGES) {
      state.pending = [];
      state.overflow = true;
    }
    clearTimeout(state.timer);
    state.timer = setTimeout(() => void this.flush(state), DEBOUNCE_MS);
  }

  override untrack(uri: vscode.Uri): void {
    const key = uri.toString();
    this.cancelTrackLater(uri);
    const state = this.states.get(key);
    if (!state) return;
    clearTimeout(state.timer);
    this.states.delete(key);
    if (state.sent) this.engine.current?.python.close(key);
    this.collection.delete(uri);
    this.onDags(uri, undefined);
  }

  /** The findings of a document as of its current text (queued edits linted first). */
  override async findingsFor(document: vscode.TextDocument): Promise<readonly Finding[] | undefined> {
    const state = this.states.get(document.uri.toString());
    if (!state) return undefined;
    if (state.pending.length > 0 || state.overflow || state.timer) await this.flush(state);
    else await state.running;
    return this.states.get(state.key) === state && state.linted ? state.findings : undefined;
  }

  /** The version target changed (setting, binding): re-lint every document whose target moved. */
  retarget(): void {
    const engine = this.engine.current;
    if (!engine) return;
    for (const state of this.states.values()) {
      if (state.sent && engine.airflowVersionFor(state.document.uri) !== state.airflowVersion) void this.flush(state);
    }
  }

  /** Lints the document's current text after whatever lint of it is in flight. */
  private flush(state: DocState): Promise<void> {
    clearTimeout(state.timer);
    state.timer = undefined;
    state.running = state.running.then(() => this.lintNow(state));
    return state.running;
  }

  private async lintNow(state: DocState): Promise<void> {
    const engine = this.engine.current;
    if (this.states.get(state.key) !== state || !engine) return;
    const text = state.document.getText();
    if (!importsAirflow(text) || isTooLarge(text) || !this.control.enabledFor(state.document.uri)) {
      this.track(state.document);
      return;
    }
    const changes = state.sent && !state.overflow ? state.pending : undefined;
    state.pending = [];
    state.overflow = false;
    state.sent = true;
    state.airflowVersion = engine.airflowVersionFor(state.document.uri);
    const label = state.document.uri.toString(true);
    const started = performance.now();
    try {
      const outcome = await engine.python.lint({ key: state.key, text, ...(changes ? { changes } : {}), target: { airflowVersion: state.airflowVersion } }, label);
      if (this.states.get(state.key) !== state) return; // closed meanwhile
      if (outcome.status === 'abandoned') {
        // The worker logged why; a lint that never finishes must not leave stale squiggles either.
        this.publish(state, [], text);
        return;
      }
      this.publish(state, outcome.findings, text);
      this.logger.trace(`diagnostics: ${changes?.length ?? 0} edit(s), ${outcome.mode} lint of ${label} in ${outcome.ms.toFixed(1)} ms (${(performance.now() - started).toFixed(1)} ms until shown)`);
      this.onDags(state.document.uri, outcome.dags, state.noqa);
    } catch (err) {
      this.logger.error(`diagnostics: cannot lint ${label}: ${(err as Error).message}`);
      state.sent = false; // the next lint sends the whole text again
    }
  }

  private publish(state: DocState, findings: readonly Finding[], text: string): void {
    const core = this.engine.current?.core;
    if (!core) return;
    // Findings only an upgrade check asks for are for the report, not the editor.
    state.raw = findings.filter((f) => !f.upgradeOnly);
    // One search of the text when it has no noqa comment (the usual case), one scan when it has.
    const noqa = core.buildNoqaIndex(text, 'python');
    if (noqa) state.noqa = noqa;
    else delete state.noqa;
    state.linted = true;
    this.show(state);
  }

  private show(state: DocState): void {
    const core = this.engine.current?.core;
    if (!core) return;
    const shown = this.control.show(core, state.document.uri, state.raw, state.noqa, { ruff: true });
    state.findings = shown.map((s) => s.finding);
    this.collection.set(state.document.uri, shown.map((s) => toDiagnostic(s.finding, s.severity)));
  }

  override republish(): void {
    for (const state of this.states.values()) if (state.linted) this.show(state);
  }

  override dispose(): void {
    for (const uri of [...this.states.values()].map((s) => s.document.uri)) this.untrack(uri);
    super.dispose();
  }
}
