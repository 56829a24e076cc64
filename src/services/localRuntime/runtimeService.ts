/**
 * The local MWAA runtime in the editor, the entry of the lazily loaded runtime bundle
 * (src/lazyBundles.json): targets (which Airflow, which files), builds (asked first, with
 * progress), warm parse workers and the resolver. Runtimes live under the extension's global
 * storage, shared by every workspace (or under `MWAA_TOOLKIT_RUNTIMES`); uv keeps its own cache
 * (the user's default, or `UV_CACHE_DIR`). Nothing here runs in an untrusted workspace.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type * as vscode from 'vscode';
import { findDataDir } from '../../core/lint/dataDir';
import { ensureRuntime, findRuntime, runtimeDir } from '../../core/runtime/provision';
import { findPython } from '../../core/runtime/pythonFinder';
import { resolveRequirements } from '../../core/runtime/resolver';
import { runtimeInputs, runtimeKey } from '../../core/runtime/runtimeInputs';
import type { ParseResult, ResolveVerdict, Runtime, RuntimeInputs } from '../../core/runtime/runtimeTypes';
import { findUv } from '../../core/runtime/uvLocator';
import type { Logger } from '../../core/logger';
import type { Prompts } from '../../host/prompts';
import type { SettingsStore } from '../../host/settingsStore';
import type { BindingStore } from '../bindings';
import type { EnvironmentServices } from '../environmentServices';
import type { ResolverVerdicts } from '../resolverVerdicts';
import type { WorkspaceTrust } from '../trust';
import { BuildFlow } from './buildFlow';
import { EnvironmentFactsCache } from './environmentFacts';
import { ParseWorkers } from './parseWorkers';
import type { EnsureOptions, RuntimeDescription, RuntimeService, RuntimeTarget, TargetOptions } from './runtimeApi';
import { directorySizeMb, estimatedSizeMb } from './runtimeDisk';
import { Targets } from './targets';

/** What the service needs of the services object (named here: services.ts imports this module). */
export interface RuntimeServiceBase {
  readonly context: vscode.ExtensionContext;
  readonly logger: Logger;
  readonly settings: SettingsStore;
  readonly trust: WorkspaceTrust;
  readonly prompts: Prompts;
  readonly bindings: BindingStore;
  /** Loads the services bundle on first access (only a bound folder's GetEnvironment asks). */
  readonly environments: EnvironmentServices;
  readonly resolverVerdicts: ResolverVerdicts;
}

export function createRuntimeService(base: RuntimeServiceBase): RuntimeService & vscode.Disposable {
  return new LocalRuntimeService(base);
}

class LocalRuntimeService implements RuntimeService, vscode.Disposable {
  private readonly storageDir: string;
  private readonly dataDir: string;
  private readonly facts: EnvironmentFactsCache;
  private readonly targets: Targets;
  private readonly flow: BuildFlow;
  private readonly workers: ParseWorkers;
  private uv: Promise<{ path: string; version: string }> | undefined;
  private readonly pythons = new Map<string, Promise<string>>();
  readonly onDidBuild: vscode.Event<Runtime>;

  constructor(private readonly base: RuntimeServiceBase) {
    const { context, logger } = base;
    this.storageDir = context.globalStorageUri.fsPath;
    const dataDir = findDataDir(path.join(context.extensionUri.fsPath, 'dist')) ?? findDataDir(context.extensionUri.fsPath);
    if (!dataDir) throw new Error(`the bundled Airflow data was not found under ${context.extensionUri.fsPath}`);
    this.dataDir = dataDir;
    this.facts = new EnvironmentFactsCache(() => base.environments, logger);
    this.targets = new Targets({
      bindings: base.bindings, settings: base.settings, prompts: base.prompts, workspaceState: context.workspaceState,
      facts: this.facts, dataDir, isTrusted: () => base.trust.isTrusted,
    });
    this.flow = new BuildFlow({ prompts: base.prompts, workspaceState: context.workspaceState, logger, run: (inputs, onProgress, signal) => this.build(inputs, onProgress, signal) });
    this.onDidBuild = this.flow.onDidBuild;
    this.workers = new ParseWorkers(path.join(this.storageDir, 'airflow-homes'), toolEnv, logger);
  }

  /** Where runtimes are kept: `MWAA_TOOLKIT_RUNTIMES` (an absolute path) or the global storage's `runtimes/`. */
  get root(): string {
    const forced = process.env.MWAA_TOOLKIT_RUNTIMES;
    return forced && path.isAbsolute(forced) ? forced : path.join(this.storageDir, 'runtimes');
  }

  targetFor(uri: vscode.Uri, options: TargetOptions): Promise<RuntimeTarget | undefined> {
    this.base.trust.require();
    return this.targets.targetFor(uri, options);
  }

  /** Versions a runtime can be built for, oldest first (for the upgrade test's pick). */
  buildableVersions(): string[] {
    return this.targets.buildableVersions();
  }

  async existing(target: RuntimeTarget): Promise<Runtime | undefined> {
    this.base.trust.require();
    return findRuntime(this.root, this.inputsOf(target));
  }

  async ensure(target: RuntimeTarget, options: EnsureOptions): Promise<Runtime | undefined> {
    this.base.trust.require();
    const inputs = this.inputsOf(target);
    const built = findRuntime(this.root, inputs);
    if (built) return built;
    if (options.mode === 'never') return undefined;
    const key = runtimeKey(inputs);
    if (options.mode === 'ask' && !(await this.flow.ask(key, inputs, estimatedSizeMb(inputs), options.background ?? false))) return undefined;
    return this.flow.build(key, inputs, options.signal);
  }

  async parseFile(target: RuntimeTarget, runtime: Runtime, file: string, signal?: AbortSignal): Promise<ParseResult> {
    this.base.trust.require();
    const facts = target.binding ? await this.facts.of(target.binding, signal) : { configOptions: {} };
    return this.workers.parse({ runtime, dagsFolder: target.dagsFolder, pluginsFolder: runtime.pluginsFolder, configOptions: facts.configOptions }, file, signal);
  }

  async configOptions(target: RuntimeTarget, signal?: AbortSignal): Promise<Readonly<Record<string, string>>> {
    this.base.trust.require();
    return target.binding ? (await this.facts.of(target.binding, signal)).configOptions : {};
  }

  async resolve(target: RuntimeTarget, signal?: AbortSignal): Promise<ResolveVerdict> {
    this.base.trust.require();
    const inputs = this.inputsOf(target);
    const uv = await this.uvPath(signal);
    // A Python of MWAA's version builds source distributions as MWAA would; uv picks one without it.
    const python = await this.pythonFor(inputs.pythonVersion, toolEnv()).catch(() => undefined);
    const verdict = await resolveRequirements(inputs, {
      uv, env: toolEnv(), cacheDir: path.join(this.storageDir, 'resolve-cache'), ...(python ? { python } : {}), ...(signal ? { signal } : {}),
    });
    if (inputs.requirements) this.base.resolverVerdicts.set(inputs.requirements.path, inputs.requirements.text, inputs.airflowVersion, verdict);
    return verdict;
  }

  async describe(target: RuntimeTarget): Promise<RuntimeDescription> {
    this.base.trust.require();
    const inputs = this.inputsOf(target);
    const key = runtimeKey(inputs);
    const dir = runtimeDir(this.root, inputs);
    const runtime = findRuntime(this.root, inputs);
    const uv = await this.uv?.catch(() => undefined);
    return {
      target, key, dir, root: this.root, pythonVersion: inputs.pythonVersion, built: runtime !== undefined,
      ...(runtime ? { python: runtime.python, sizeMb: await directorySizeMb(dir) } : {}),
      ...(uv ? { uv: `${uv.path} (${uv.version})` } : {}),
      worker: this.workers.hasWorker(key) ? 'warm' : 'none',
    };
  }

  private inputsOf(target: RuntimeTarget): RuntimeInputs {
    return runtimeInputs({
      airflowVersion: target.airflowVersion,
      dataDir: this.dataDir,
      ...(target.requirementsFile ? { requirementsFile: target.requirementsFile } : {}),
      ...(target.pluginsFolder ? { pluginsFolder: target.pluginsFolder } : {}),
    });
  }

  private async build(inputs: RuntimeInputs, onProgress: (message: string) => void, signal: AbortSignal): Promise<Runtime> {
    const env = toolEnv();
    const python = await this.pythonFor(inputs.pythonVersion, env);
    const uv = await this.uvPath(signal, onProgress);
    fs.mkdirSync(this.root, { recursive: true });
    return ensureRuntime(inputs, {
      root: this.root, uv, python, env, signal,
      onProgress: (p) => onProgress(p.message),
      log: (line: string) => this.base.logger.debug(`runtime build: ${line}`),
    });
  }

  /** The interpreter of a Python version (found once a session; a failure is looked for again next time). */
  private pythonFor(version: string, env: NodeJS.ProcessEnv): Promise<string> {
    const configured = this.base.settings.localRuntimePython();
    const key = `${version}\0${configured ?? ''}`;
    let found = this.pythons.get(key);
    if (!found) {
      found = findPython(version, { env, homeDir: os.homedir(), ...(configured ? { configured } : {}) }).then((p) => p.path);
      found.catch(() => this.pythons.delete(key));
      this.pythons.set(key, found);
    }
    return found;
  }

  /** uv on PATH, else the one installed into the global storage (found once per session). */
  private async uvPath(signal?: AbortSignal, onProgress?: (message: string) => void): Promise<string> {
    this.uv ??= findUv({ storageDir: this.storageDir, env: toolEnv(), ...(signal ? { signal } : {}), onProgress: (m) => onProgress?.(m) });
    try {
      return (await this.uv).path;
    } catch (err) {
      this.uv = undefined; // the next call tries again (a network blip, a cancelled install)
      throw err;
    }
  }

  dispose(): void {
    this.workers.dispose();
    this.flow.dispose();
    this.facts.clear();
  }
}

/** The environment uv and Python run with: the user's (UV_CACHE_DIR, proxies, index settings). */
function toolEnv(): NodeJS.ProcessEnv {
  return { ...process.env };
}
