/**
 * What a local MWAA runtime is built from, read from the bundled data (constraints index, MWAA's
 * essential constraints, Airflow's constraints, the image's bill of materials) and the workspace
 * (requirements file, plugins folder), and the key that names the runtime built from it.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadConstraintsIndex, type ConstraintsIndexEntry } from '../lint/constraints';
import { hasOwnConstraintLine, includedFiles } from './installerModel';
import type { RuntimeInputs } from './runtimeTypes';

/** The inputs cannot make a runtime (unknown version, unreadable file...). The message says what to do. */
export class RuntimeInputError extends Error {
  override readonly name = 'RuntimeInputError';
}

export interface RuntimeInputOptions {
  readonly airflowVersion: string;
  /** The bundled data folder: constraints-index.json and constraints/. */
  readonly dataDir: string;
  readonly requirementsFile?: string;
  readonly pluginsFolder?: string;
  readonly extraPackages?: readonly string[];
}

/** A requirements file is text a person wrote: anything larger is not one. */
export const MAX_REQUIREMENTS_BYTES = 1024 * 1024;
const BOM_FILE = 'mwaa-installed-airflow-packages-from-BOM.txt';
// A requirement an extension setting may add: a PEP 508 name with an optional version pin.
const EXTRA_PACKAGE = /^[A-Za-z0-9][A-Za-z0-9._-]*(\[[A-Za-z0-9._,-]+\])?([<>=!~]=?[A-Za-z0-9.*+!_-]+)?$/;

function entryFor(dataDir: string, version: string): ConstraintsIndexEntry {
  let index;
  try {
    index = loadConstraintsIndex(dataDir);
  } catch (err) {
    throw new RuntimeInputError(`The bundled constraints index could not be read from ${dataDir}: ${(err as Error).message}`);
  }
  const known = index.versions.filter((v) => v.python).map((v) => v.airflow);
  const entry = index.versions.find((v) => v.airflow === version);
  if (!entry || !entry.python) {
    const what = entry ? `has no Python version in the bundled data` : `is not an Airflow version MWAA offers`;
    throw new RuntimeInputError(`Airflow ${JSON.stringify(version.slice(0, 40))} ${what}: choose one of ${known.join(', ')}.`);
  }
  return entry;
}

function readData(dataDir: string, file: string): string {
  try {
    return fs.readFileSync(path.join(dataDir, 'constraints', path.basename(file)), 'utf8');
  } catch (err) {
    throw new RuntimeInputError(`The bundled file ${file} could not be read: ${(err as Error).message}`);
  }
}

/** The `## <version>` section of the bill of materials, as `name==version` requirements. */
export function basePackagesFor(bomText: string, version: string): string[] | undefined {
  let inSection = false;
  let found: string[] | undefined;
  for (const raw of bomText.split(/\r?\n/)) {
    const line = raw.trim();
    const head = /^##\s+(\S+)/.exec(line);
    if (head) {
      inSection = head[1] === version;
      if (inSection) found = [];
      continue;
    }
    const m = /^([A-Za-z0-9][A-Za-z0-9._-]*)=([A-Za-z0-9.+!_-]+)$/.exec(line);
    if (inSection && m) found!.push(`${m[1]}==${m[2]}`);
  }
  return found?.length ? found : undefined;
}

/** Reads a workspace's requirements file, bounded. */
export function readRequirementsFile(file: string): { path: string; text: string } {
  const abs = path.resolve(file);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(abs);
  } catch (err) {
    throw new RuntimeInputError(`The requirements file ${abs} could not be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}).`);
  }
  if (!stat.isFile()) throw new RuntimeInputError(`The requirements file ${abs} is not a file.`);
  if (stat.size > MAX_REQUIREMENTS_BYTES) {
    throw new RuntimeInputError(`The requirements file ${abs} is ${stat.size} bytes; a requirements file over ${MAX_REQUIREMENTS_BYTES} bytes is not read.`);
  }
  try {
    return { path: abs, text: fs.readFileSync(abs, 'utf8').slice(0, MAX_REQUIREMENTS_BYTES) };
  } catch (err) {
    throw new RuntimeInputError(`The requirements file ${abs} could not be read: ${(err as Error).message}`);
  }
}

function pluginsFolderOf(folder: string | undefined): string | undefined {
  if (folder === undefined) return undefined;
  const abs = path.resolve(folder);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(abs);
  } catch {
    return undefined; // No plugins yet: nothing to put on the path or to find wheels in.
  }
  if (!stat.isDirectory()) throw new RuntimeInputError(`The plugins folder ${abs} is not a folder.`);
  return abs;
}

/**
 * What every local runtime has beyond MWAA's image unless the caller names its own extras: debugpy,
 * so the runtime that parses a DAG can also run its tasks under the editor's debugger (one runtime
 * per environment, shared by the extension, mwaa-lint and the sandbox).
 */
export const LOCAL_RUNTIME_EXTRAS: readonly string[] = ['debugpy>=1.8'];

function extrasOf(extras: readonly string[] | undefined): string[] {
  const out = [...(extras ?? LOCAL_RUNTIME_EXTRAS)].map((e) => e.trim()).filter(Boolean);
  if (out.length > 50) throw new RuntimeInputError(`Too many extra packages (${out.length}); at most 50.`);
  for (const e of out) {
    if (!EXTRA_PACKAGE.test(e)) throw new RuntimeInputError(`The extra package ${JSON.stringify(e.slice(0, 80))} is not a package name with an optional version.`);
  }
  return out;
}

/** The essential constraints: MWAA's file for the version, else the pins the index lists. */
function essentialText(dataDir: string, entry: ConstraintsIndexEntry): string {
  if (entry.essentialFile) return readData(dataDir, entry.essentialFile);
  return Object.entries(entry.essentialPins).map(([n, v]) => `${n}==${v}`).join('\n') + '\n';
}

export function runtimeInputs(opts: RuntimeInputOptions): RuntimeInputs {
  const entry = entryFor(opts.dataDir, opts.airflowVersion);
  const airflow = readData(opts.dataDir, entry.constraintsFile);
  const requirements = opts.requirementsFile === undefined ? undefined : readRequirementsFile(opts.requirementsFile);
  const own = requirements !== undefined && hasOwnConstraintLine(requirements.text);
  return {
    airflowVersion: entry.airflow,
    pythonVersion: entry.python,
    basePackages: basePackagesFor(readData(opts.dataDir, BOM_FILE), entry.airflow)
      ?? [`apache-airflow==${entry.airflow}`, 'apache-airflow-providers-amazon'],
    essentialConstraints: essentialText(opts.dataDir, entry),
    airflowConstraints: own ? undefined : airflow,
    imageConstraints: airflow,
    requirements,
    pluginsFolder: pluginsFolderOf(opts.pluginsFolder),
    extraPackages: extrasOf(opts.extraPackages),
    bundledConstraints: bundledConstraints(opts.dataDir),
  };
}

/** Airflow's constraints URLs whose file is bundled, to the bundled file (see RuntimeInputs). */
function bundledConstraints(dataDir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of loadConstraintsIndex(dataDir).versions) {
    if (v.upstreamUrl && v.constraintsFile) out[v.upstreamUrl] = path.join(dataDir, 'constraints', v.constraintsFile);
  }
  return out;
}

/** Key format: bump when what a runtime holds changes for the same inputs. */
const KEY_SCHEMA = 'mwaa-runtime/1';
const MAX_PLUGIN_FILES = 500;
const MAX_INCLUDED = 20;

/** Wheels and archives of the plugins folder (the installer's `--find-links`): names, sizes, times. */
function pluginsFingerprint(folder: string): string {
  let names: string[];
  try {
    names = fs.readdirSync(folder).filter((n) => /\.(whl|tar\.gz|zip)$/i.test(n)).sort().slice(0, MAX_PLUGIN_FILES);
  } catch {
    return 'unreadable';
  }
  return names.map((n) => {
    try {
      const s = fs.statSync(path.join(folder, n));
      return `${n} ${s.size} ${s.mtimeMs}`;
    } catch {
      return `${n} gone`;
    }
  }).join('\n');
}

/** Contents of the files the requirements include (`-r`, `-c`), a few levels deep, bounded. */
function includedFingerprint(requirements: { path: string; text: string }): string {
  const out: string[] = [];
  const seen = new Set<string>([requirements.path]);
  const queue = includedFiles(requirements.text, path.dirname(requirements.path));
  while (queue.length && seen.size <= MAX_INCLUDED) {
    const file = queue.shift()!;
    if (seen.has(file)) continue;
    seen.add(file);
    try {
      const text = readRequirementsFile(file).text;
      out.push(`${path.relative(path.dirname(requirements.path), file)}\n${text}`);
      queue.push(...includedFiles(text, path.dirname(file)));
    } catch {
      out.push(`${file} unreadable`);
    }
  }
  return out.join('\n\0\n');
}

/**
 * sha256 (hex) of everything that changes the venv. The requirements file's own path is left out
 * (two workspaces with the same file share a runtime); the plugins folder's path is in, because
 * the runtime's `.pth` file names it.
 */
export function runtimeKey(inputs: RuntimeInputs): string {
  const h = createHash('sha256');
  const part = (name: string, value: string | undefined) => {
    h.update(`${name}\0${value === undefined ? '\u0001undefined' : value}\0`);
  };
  part('schema', KEY_SCHEMA);
  part('platform', `${process.platform}-${process.arch}`);
  part('airflow', inputs.airflowVersion);
  part('python', inputs.pythonVersion);
  part('base', inputs.basePackages.join('\n'));
  part('essential', inputs.essentialConstraints);
  part('airflowConstraints', inputs.airflowConstraints);
  part('imageConstraints', inputs.imageConstraints ?? inputs.airflowConstraints);
  part('requirements', inputs.requirements?.text);
  part('included', inputs.requirements ? includedFingerprint(inputs.requirements) : undefined);
  part('plugins', inputs.pluginsFolder);
  part('pluginFiles', inputs.pluginsFolder ? pluginsFingerprint(inputs.pluginsFolder) : undefined);
  part('extras', inputs.extraPackages.join('\n'));
  return h.digest('hex');
}
