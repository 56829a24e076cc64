/**
 * Airflow's import errors in the Problems panel: each mapped to the local file under a folder
 * bound to the environment (the folder stands for the DAGs folder) and the line of the stack
 * trace, with source "MWAA <env>". A fetch that no longer lists a file clears it: Airflow parsed it
 * cleanly again. Errors in files not in the workspace go to the tree's "Import errors" node.
 */
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { mapImportErrors } from '../../core/airflow/importErrorFiles';
import type { ImportError } from '../../core/airflow/models';
import { describeError } from '../../core/errors';
import type { Logger } from '../../core/logger';
import { environmentKey } from '../../core/mwaa/environmentKey';
import type { BindingStore } from '../../services/bindings';
import type { RunsTree } from './runsTree';

export class ImportErrorDiagnostics implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('mwaa-import-errors');
  /** Environment key -> URIs it published diagnostics on. */
  private readonly published = new Map<string, Set<string>>();
  private readonly inFlight = new Map<string, Promise<ImportErrorSummary>>();

  constructor(private readonly tree: RunsTree, private readonly bindings: BindingStore, private readonly logger: Logger) {}

  /** Fetches the environment's import errors and publishes them; one fetch at a time per environment. */
  refresh(envKey: string): Promise<ImportErrorSummary> {
    let p = this.inFlight.get(envKey);
    if (!p) {
      p = this.fetchAndPublish(envKey).finally(() => this.inFlight.delete(envKey));
      this.inFlight.set(envKey, p);
    }
    return p;
  }

  private async fetchAndPublish(envKey: string): Promise<ImportErrorSummary> {
    let errors: ImportError[];
    let envName: string;
    try {
      const { env, client } = await this.tree.client(envKey);
      envName = env.name;
      errors = [];
      for (let offset = 0; ; ) {
        const page = await client.importErrors({ limit: 100, offset });
        errors.push(...page.items);
        offset += page.items.length;
        if (!page.items.length || offset >= page.total) break;
      }
    } catch (err) {
      this.tree.setRemoteImportErrors(envKey, undefined, describeError(err));
      throw err;
    }
    const folders = Object.entries(this.bindings.all()).filter(([, b]) => environmentKey(b) === envKey).map(([uri]) => vscode.Uri.parse(uri));
    const byUri = new Map<string, { uri: vscode.Uri; diagnostics: vscode.Diagnostic[] }>();
    let remaining: readonly ImportError[] = errors;
    for (const folder of folders) {
      const mapped = mapImportErrors(remaining, (rel, line) => readLine(folder, rel, line));
      for (const l of mapped.local) {
        const uri = vscode.Uri.joinPath(folder, ...l.relativePath.split('/'));
        const text = readLine(folder, l.relativePath, l.line + 1) ?? '';
        const d = new vscode.Diagnostic(new vscode.Range(l.line, l.column, l.line, Math.max(text.length, l.column + 1)), vscode.l10n.t('{0} (Airflow import error)', l.message), vscode.DiagnosticSeverity.Error);
        d.source = `MWAA ${envName}`;
        d.code = 'import-error';
        const entry = byUri.get(uri.toString()) ?? { uri, diagnostics: [] };
        entry.diagnostics.push(d);
        byUri.set(uri.toString(), entry);
      }
      remaining = mapped.remote;
    }
    const before = this.published.get(envKey) ?? new Set<string>();
    for (const stale of before) if (!byUri.has(stale)) this.collection.delete(vscode.Uri.parse(stale));
    for (const { uri, diagnostics } of byUri.values()) this.collection.set(uri, diagnostics);
    this.published.set(envKey, new Set(byUri.keys()));
    this.tree.setRemoteImportErrors(envKey, remaining, undefined, errors.length - remaining.length);
    this.logger.info(`${envName}: ${errors.length} import error(s), ${errors.length - remaining.length} in the workspace`);
    return { total: errors.length, local: errors.length - remaining.length, files: [...byUri.keys()] };
  }

  dispose(): void {
    this.collection.dispose();
  }
}

export interface ImportErrorSummary {
  readonly total: number;
  readonly local: number;
  readonly files: readonly string[];
}

/** One 1-based line of a file under a local folder; undefined when the file is not there. */
function readLine(folder: vscode.Uri, relativePath: string, line: number): string | undefined {
  if (folder.scheme !== 'file' || relativePath.split('/').includes('..')) return undefined;
  try {
    const text = fs.readFileSync(vscode.Uri.joinPath(folder, ...relativePath.split('/')).fsPath, 'utf8');
    return text.split(/\r?\n/)[line - 1] ?? '';
  } catch {
    return undefined;
  }
}
