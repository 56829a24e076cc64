/**
 * MWAA's requirements installer, as rules the local runtime applies the same way: when Airflow's
 * constraints apply, and how a requirements file written for MWAA's image reads on this machine.
 * Pure functions (no file system), so the rules are tested on their own.
 */
import * as path from 'node:path';
import { MWAA_PLUGINS_PATH } from '../lint/requirements/mwaaInstaller';

// The installer's rules live with the lint checks, which apply them too; re-exported for this side's callers.
export { hasOwnConstraintLine, MWAA_PLUGINS_PATH } from '../lint/requirements/mwaaInstaller';

// Options whose value is a path or URL, and the short/long spellings pip and uv accept.
const PATH_OPTION = /^(\s*)(-r|--requirement|-c|--constraint|-e|--editable|-f|--find-links)(\s*=\s*|\s+)(["']?)([^"'\s]+)\4(.*)$/;
const FIND_LINKS = /^(-f|--find-links)$/;

function isUrlOrAbsolute(value: string): boolean {
  // A Windows drive path before the scheme test: `C:` reads like a scheme.
  if (/^[a-z]:[\\/]/i.test(value)) return true;
  return /^[a-z][a-z0-9+.-]*:/i.test(value) || path.isAbsolute(value);
}

/** A value of the file as this machine should read it, or undefined to drop the line. */
function localValue(value: string, fileDir: string, pluginsFolder: string | undefined, option: string | undefined, bundled?: Readonly<Record<string, string>>): string | undefined {
  if (bundled && option && /^(-c|--constraint)$/.test(option) && Object.hasOwn(bundled, value)) return bundled[value];
  if (value === MWAA_PLUGINS_PATH || value.startsWith(`${MWAA_PLUGINS_PATH}/`)) {
    if (pluginsFolder === undefined) return option && FIND_LINKS.test(option) ? undefined : value;
    return path.join(pluginsFolder, value.slice(MWAA_PLUGINS_PATH.length));
  }
  if (isUrlOrAbsolute(value) || value.startsWith('$')) return value;
  return path.resolve(fileDir, value);
}

/**
 * The requirements text as this machine installs it: MWAA's plugins path (`/usr/local/airflow/plugins`)
 * becomes the local plugins folder (its `--find-links` line is dropped when there is none), and
 * relative paths become absolute against the file's folder, so a copy of the text installs the same
 * from elsewhere; a constraints URL of Airflow's that is bundled reads the bundled copy (same bytes). Line for line: a problem on line N of the copy is on line N of the file.
 */
export function localizeRequirements(text: string, fileDir: string, pluginsFolder: string | undefined, bundled?: Readonly<Record<string, string>>): { text: string; changed: boolean } {
  let changed = false;
  const lines = text.split(/\r\n|\n|\r/).map((line) => {
    if (/^\s*#/.test(line)) return line;
    const m = PATH_OPTION.exec(line);
    let out = line;
    if (m) {
      const value = localValue(m[5]!, fileDir, pluginsFolder, m[2], bundled);
      if (value === m[5]) return line;
      out = value === undefined
        ? `# ${line.trim()}  (MWAA's plugins path; no local plugins folder)`
        : `${m[1]}${m[2]} ${JSON.stringify(value)}${m[6]}`;
    } else if (/^\s*(\.{1,2}[\\/]|\/usr\/local\/airflow\/plugins\/)/.test(line)) {
      // A bare local path (a wheel or a project folder), relative to the file or in MWAA's plugins.
      const bare = /^(\s*)(\S+)(.*)$/.exec(line)!;
      out = `${bare[1]}${localValue(bare[2]!, fileDir, pluginsFolder, undefined) ?? bare[2]}${bare[3]}`;
    }
    if (out !== line) changed = true;
    return out;
  });
  return { text: lines.join('\n'), changed };
}

/** Files a requirements text includes (`-r`/`-c` with a local path), resolved against its folder. */
export function includedFiles(text: string, fileDir: string): string[] {
  const out: string[] = [];
  for (const line of text.split(/\r\n|\n|\r/)) {
    if (/^\s*#/.test(line)) continue;
    const m = PATH_OPTION.exec(line);
    if (!m || !/^(-r|--requirement|-c|--constraint)$/.test(m[2]!)) continue;
    const value = m[5]!;
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) continue;
    out.push(path.resolve(fileDir, value.replace(/^file:(\/\/)?/, '')));
  }
  return out;
}

/** The constraint files of the requirements step, by MWAA's rule. */
export interface ConstraintFiles {
  readonly essential: string;
  /** undefined when the requirements file has its own constraint line. */
  readonly airflow: string | undefined;
}

function constraintArgs(c: ConstraintFiles): string[] {
  return c.airflow ? ['-c', c.essential, '-c', c.airflow] : ['-c', c.essential];
}

/**
 * pip's way of choosing between indexes (the best version across every index): MWAA's installer
 * is pip, and uv's default (the first index that has the project) would resolve differently.
 */
const PIP_INDEX_STRATEGY = ['--index-strategy', 'unsafe-best-match'];

/**
 * `uv pip install` arguments of MWAA's image: the bill of materials under the essential pins and
 * Airflow's constraints (the image was always built with them, whatever the requirements say).
 */
export function baseInstallArgs(python: string, packages: readonly string[], constraints: ConstraintFiles): string[] {
  return ['pip', 'install', '--python', python, ...PIP_INDEX_STRATEGY, ...packages, ...constraintArgs(constraints)];
}

/** `uv pip install` arguments of MWAA's requirements installer. */
export function requirementsInstallArgs(python: string, requirementsFile: string, constraints: ConstraintFiles, findLinks: string | undefined): string[] {
  return ['pip', 'install', '--python', python, ...PIP_INDEX_STRATEGY, '-r', requirementsFile, ...constraintArgs(constraints),
    ...(findLinks ? ['--find-links', findLinks] : [])];
}

/** Extra packages (not MWAA's) under the same constraints, so they never move a pinned package. */
export function extrasInstallArgs(python: string, packages: readonly string[], constraints: ConstraintFiles): string[] {
  return ['pip', 'install', '--python', python, ...PIP_INDEX_STRATEGY, ...packages, ...constraintArgs(constraints)];
}
