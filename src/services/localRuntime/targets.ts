/**
 * Which runtime a file or folder needs: the bound environment's Airflow (fresh from GetEnvironment
 * when it can be read), else `mwaa.diagnostics.airflowVersion`, else a version the user picked once
 * for the workspace; and the project's requirements.txt and plugins/ around the DAGs folder.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { compareVersions, isValidAirflowVersion } from '../../core/lint/airflowVersion';
import { loadConstraintsIndex, type ConstraintsIndex } from '../../core/lint/constraints';
import type { Prompts } from '../../host/prompts';
import type { SettingsStore } from '../../host/settingsStore';
import type { BindingStore, EnvironmentBinding } from '../bindings';
import type { EnvironmentFactsCache } from './environmentFacts';
import { isInside, projectFilesOf } from './projectFiles';
import { PICKED_AIRFLOW_VERSION_KEY, type RuntimeTarget, type TargetOptions } from './runtimeApi';

/** The quick pick asking which Airflow to use when nothing says. */
export const VERSION_PROMPT = 'runtime.version';

export interface TargetParts {
  readonly bindings: BindingStore;
  readonly settings: SettingsStore;
  readonly prompts: Prompts;
  readonly workspaceState: vscode.Memento;
  readonly facts: EnvironmentFactsCache;
  readonly dataDir: string;
  readonly isTrusted: () => boolean;
}

export class Targets {
  private index: ConstraintsIndex | undefined;

  constructor(private readonly parts: TargetParts) {}

  /** Airflow versions a runtime can be built for (MWAA's current ones: they have a bill of materials), oldest first. */
  buildableVersions(): string[] {
    return this.constraintsIndex().versions.filter((v) => v.python && v.essentialFile).map((v) => v.airflow).sort(compareVersions);
  }

  async targetFor(uri: vscode.Uri, options: TargetOptions): Promise<RuntimeTarget | undefined> {
    const workspaceFolder = vscode.workspace.getWorkspaceFolder(uri)?.uri;
    const ws = workspaceFolder?.scheme === 'file' ? workspaceFolder.fsPath : undefined;
    const bound = this.boundFor(uri, ws);
    const dagsFolder = bound?.folder ?? (await this.unboundDagsFolder(uri, ws));
    const version = await this.versionFor(uri, bound?.binding, options);
    if (!version) return undefined;
    const files = projectFilesOf(dagsFolder, ws);
    return {
      dagsFolder,
      workspaceFolder: ws,
      airflowVersion: version.version,
      versionSource: version.source,
      ...(bound ? { binding: bound.binding } : {}),
      ...(files.requirementsFile && !options.withoutRequirements ? { requirementsFile: files.requirementsFile } : {}),
      ...(files.pluginsFolder ? { pluginsFolder: files.pluginsFolder } : {}),
    };
  }

  /**
   * The bound folder of a file under one; for a file beside or above bound folders (the project's
   * requirements.txt), the nearest bound folder below the file's own folder, in the same workspace folder.
   */
  private boundFor(uri: vscode.Uri, ws: string | undefined): { folder: string; binding: EnvironmentBinding } | undefined {
    const found = this.parts.bindings.bindingOf(uri);
    if (found && found.folder.scheme === 'file') return { folder: found.folder.fsPath, binding: found.binding };
    if (uri.scheme !== 'file') return undefined;
    const dir = path.dirname(uri.fsPath);
    let best: { folder: string; binding: EnvironmentBinding } | undefined;
    for (const [folderUri, binding] of Object.entries(this.parts.bindings.all())) {
      const folder = vscode.Uri.parse(folderUri);
      if (folder.scheme !== 'file' || !isInside(folder.fsPath, dir)) continue;
      if (ws !== undefined && !isInside(folder.fsPath, ws)) continue;
      if (!best || folder.fsPath.length < best.folder.length) best = { folder: folder.fsPath, binding };
    }
    return best;
  }

  /** A folder given is the DAGs folder; for a file, the workspace folder's `dags/` holding it, else its own folder. */
  private async unboundDagsFolder(uri: vscode.Uri, ws: string | undefined): Promise<string> {
    const st = await Promise.resolve(vscode.workspace.fs.stat(uri)).catch(() => undefined);
    if (st && (st.type & vscode.FileType.Directory) !== 0) return uri.fsPath;
    if (ws !== undefined) {
      const dags = path.join(ws, 'dags');
      if (isInside(uri.fsPath, dags)) return dags;
    }
    return path.dirname(uri.fsPath);
  }

  private async versionFor(uri: vscode.Uri, binding: EnvironmentBinding | undefined, options: TargetOptions): Promise<{ version: string; source: RuntimeTarget['versionSource'] } | undefined> {
    if (options.airflowVersion) return { version: this.normalise(options.airflowVersion), source: 'given' };
    if (binding) {
      // GetEnvironment is an AWS call: only in a trusted workspace (the caller checked) and only for a binding.
      const facts = this.parts.isTrusted() ? await this.parts.facts.of(binding) : undefined;
      if (facts?.airflowVersion) return { version: facts.airflowVersion, source: 'environment' };
      if (binding.airflowVersion) return { version: binding.airflowVersion, source: 'binding' };
    }
    const setting = this.parts.settings.airflowVersion(uri);
    if (setting && isValidAirflowVersion(setting)) return { version: this.normalise(setting), source: 'setting' };
    const picked = this.parts.workspaceState.get<unknown>(PICKED_AIRFLOW_VERSION_KEY);
    if (typeof picked === 'string' && this.buildableVersions().includes(picked)) return { version: picked, source: 'picked' };
    if (!options.interactive) return undefined;
    const version = await this.pickVersion();
    if (!version) return undefined;
    await this.parts.workspaceState.update(PICKED_AIRFLOW_VERSION_KEY, version);
    return { version, source: 'picked' };
  }

  private async pickVersion(): Promise<string | undefined> {
    const index = this.constraintsIndex();
    const items = this.buildableVersions().reverse().map((v) => ({
      label: v,
      description: `Python ${index.versions.find((e) => e.airflow === v)?.python ?? '?'}`,
    }));
    const picked = await this.parts.prompts.pick(VERSION_PROMPT, items, {
      title: 'Which Airflow should the local runtime run? (Bind the folder to an environment to use its version; mwaa.diagnostics.airflowVersion sets one too.)',
    });
    return picked?.label;
  }

  /** `2.10` -> the newest 2.10.x MWAA offers; anything else as given (a build says when it is unknown). */
  normalise(version: string): string {
    const index = this.constraintsIndex();
    if (index.versions.some((v) => v.airflow === version)) return version;
    if (/^\d+\.\d+$/.test(version)) {
      const line = index.versions.map((v) => v.airflow).filter((v) => v.startsWith(`${version}.`)).sort(compareVersions);
      if (line.length) return line[line.length - 1]!;
    }
    return version;
  }

  private constraintsIndex(): ConstraintsIndex {
    this.index ??= loadConstraintsIndex(this.parts.dataDir);
    return this.index;
  }
}
