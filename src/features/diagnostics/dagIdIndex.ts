import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { DagDefinition, NoqaIndex } from '../../core/lint';
import type { Logger } from '../../core/logger';
import type { DiagnosticsControl } from './diagnosticsControl';
import { EXCLUDE_GLOB, importsAirflow, isInExcludedDir, MAX_LINT_BYTES } from './documentFilters';
import { toDiagnostic } from './findingDiagnostics';
import type { LazyLintEngine, LintEngine } from './lintEngine';

/** Bounds on the workspace scan: enough for large DAG repositories, never unbounded. */
export const MAX_SCANNED_FILES = 5000;
const RECOMPUTE_MS = 200;
const REINDEX_MS = 300;

/**
 * The dag_ids every DAG file of the workspace defines, for the "same dag_id in two files" check.
 * Closed files are read from disk (a scan on first use, then a file watcher); an open document's
 * live text wins over its file.
 */
/** A file's DAGs and the `# noqa` directives of the text they came from. */
interface DagFile {
  readonly uri: vscode.Uri;
  readonly dags: readonly DagDefinition[];
  readonly noqa?: NoqaIndex;
}

export class DagIdIndex implements vscode.Disposable {
  private readonly disk = new Map<string, DagFile>();
  private readonly live = new Map<string, DagFile>();
  private readonly published = new Set<string>();
  private readonly toReindex = new Map<string, vscode.Uri>();
  private readonly disposables: vscode.Disposable[] = [];
  private started: Promise<void> | undefined;
  private recomputeTimer: NodeJS.Timeout | undefined;
  private reindexTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly engine: LazyLintEngine,
    private readonly collection: vscode.DiagnosticCollection,
    private readonly logger: Logger,
    private readonly control: DiagnosticsControl,
  ) {}

  /** Scans the workspace once and starts watching; later calls return the same promise. */
  start(): Promise<void> {
    this.started ??= this.engine
      .get()
      .then((engine) => this.scan(engine))
      .catch((err: unknown) => this.logger.error(`diagnostics: duplicate dag_id check stopped: ${(err as Error).message}`));
    return this.started;
  }

  /** An open document's DAGs (undefined: closed, or no longer an Airflow file: the disk counts). */
  setLive(uri: vscode.Uri, dags: readonly DagDefinition[] | undefined, noqa?: NoqaIndex): void {
    const key = uri.toString();
    if (dags) this.live.set(key, { uri, dags, ...(noqa ? { noqa } : {}) });
    else if (!this.live.delete(key)) return;
    if (!dags && uri.scheme === 'file') this.queueReindex(uri); // unsaved edits were dropped
    this.scheduleRecompute();
  }

  private async scan(engine: LintEngine): Promise<void> {
    const watcher = vscode.workspace.createFileSystemWatcher('**/*.py');
    this.disposables.push(
      watcher,
      watcher.onDidCreate((u) => this.queueReindex(u)),
      watcher.onDidChange((u) => this.queueReindex(u)),
      watcher.onDidDelete((u) => {
        this.toReindex.delete(u.toString());
        if (this.disk.delete(u.toString())) this.scheduleRecompute();
      }),
    );
    const started = performance.now();
    const files = await vscode.workspace.findFiles('**/*.py', EXCLUDE_GLOB, MAX_SCANNED_FILES);
    if (files.length >= MAX_SCANNED_FILES) {
      this.logger.warn(`diagnostics: more than ${MAX_SCANNED_FILES} Python files; duplicate dag_ids are checked among the first ${MAX_SCANNED_FILES} only`);
    }
    // One file at a time: each waits for the lint worker, so the host is never held up, and an
    // open document's keystroke lint never queues behind the whole scan.
    for (const file of files) await this.indexFile(engine, file);
    this.logger.info(`diagnostics: indexed dag_ids of ${files.length} Python file(s) in ${(performance.now() - started).toFixed(0)} ms`);
    this.scheduleRecompute();
  }

  private queueReindex(uri: vscode.Uri): void {
    if (uri.scheme !== 'file' || isInExcludedDir(uri.fsPath)) return;
    this.toReindex.set(uri.toString(), uri);
    if (this.reindexTimer) return;
    this.reindexTimer = setTimeout(() => {
      this.reindexTimer = undefined;
      const engine = this.engine.current;
      if (!engine) return;
      const batch = [...this.toReindex.values()];
      this.toReindex.clear();
      void (async () => {
        for (const u of batch) await this.indexFile(engine, u);
        this.scheduleRecompute();
      })();
    }, REINDEX_MS);
  }

  private async indexFile(engine: LintEngine, uri: vscode.Uri): Promise<void> {
    const key = uri.toString();
    let text: string;
    try {
      if (fs.statSync(uri.fsPath).size > MAX_LINT_BYTES) return void this.disk.delete(key);
      text = fs.readFileSync(uri.fsPath, 'utf8');
    } catch {
      this.disk.delete(key); // deleted between the event and now
      return;
    }
    if (!importsAirflow(text)) return void this.disk.delete(key);
    try {
      const outcome = await engine.python.lint({ text, target: { airflowVersion: engine.index.newest } }, uri.toString(true));
      // Abandoned (the lint worker logged why): the file counts as defining no DAG.
      const dags = outcome.status === 'done' ? outcome.dags : [];
      const noqa = dags.length > 0 ? engine.core.buildNoqaIndex(text, 'python') : undefined;
      if (dags.length > 0) this.disk.set(key, { uri, dags, ...(noqa ? { noqa } : {}) });
      else this.disk.delete(key);
    } catch (err) {
      this.logger.debug(`diagnostics: cannot read dag_ids of ${uri.toString(true)}: ${(err as Error).message}`);
    }
  }

  /** The settings changed: publish again (what is shown, not what is indexed, depends on them). */
  refresh(): void {
    if (this.started) this.scheduleRecompute();
  }

  private scheduleRecompute(): void {
    clearTimeout(this.recomputeTimer);
    this.recomputeTimer = setTimeout(() => this.recompute(), RECOMPUTE_MS);
  }

  private recompute(): void {
    const core = this.engine.current?.core;
    if (!core) return; // nothing was linted yet
    const entries = new Map(this.disk);
    for (const [k, v] of this.live) entries.set(k, v);
    // Messages name the other files by their workspace-relative path.
    const byName = new Map<string, DagFile>();
    const files = [...entries.values()].map((entry) => {
      const name = vscode.workspace.asRelativePath(entry.uri);
      byName.set(name, entry);
      return { file: name, dags: entry.dags };
    });
    const duplicates = core.findDuplicateDagIds(files);
    const now = new Set<string>();
    for (const [name, findings] of duplicates) {
      const { uri, noqa } = byName.get(name)!;
      const shown = this.control.show(core, uri, findings, noqa, { ruff: false });
      if (shown.length === 0) continue;
      now.add(uri.toString());
      this.collection.set(uri, shown.map((s) => toDiagnostic(s.finding, s.severity)));
    }
    for (const key of this.published) if (!now.has(key)) this.collection.delete(vscode.Uri.parse(key));
    this.published.clear();
    for (const k of now) this.published.add(k);
  }

  dispose(): void {
    clearTimeout(this.recomputeTimer);
    clearTimeout(this.reindexTimer);
    for (const d of this.disposables) d.dispose();
  }
}
