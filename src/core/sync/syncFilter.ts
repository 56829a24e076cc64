/**
 * What never leaves the machine, and what the user excluded. Two separate questions:
 * - upload: decided here, by a fixed never-upload list (secrets, caches, VCS and tool folders) and
 *   the `mwaa.sync.exclude` globs. `.airflowignore` does NOT stop uploads: it tells Airflow what to
 *   skip when parsing, and helper modules it lists must still be in the DAGs folder to be imported.
 * - parsed by Airflow: AirflowIgnore.isScanned, only for "visible to Airflow" tracking.
 */
import { AirflowIgnore } from './airflowIgnore';
import { compileWildPattern, matchWildPatterns, type WildPattern } from './gitWildMatch';

/**
 * Names that are refused at any depth, with the reason shown to the user. Names are compared as
 * comparableName() gives them, the way macOS and Windows open files: `.GIT` and `.git.` are `.git`.
 */
const NEVER_UPLOAD: ReadonlyArray<{ readonly test: (name: string, isDir: boolean) => boolean; readonly why: string }> = [
  { test: (n) => n === '.env' || n.startsWith('.env.') || n === '.envrc', why: 'environment files hold secrets' },
  { test: (n, d) => !d && (n === 'credentials') || n === '.netrc' || n === '.pgpass' || n === '.git-credentials', why: 'credential file' },
  { test: (n) => /\.(pem|key|p12|pfx|jks|keystore)$/.test(n), why: 'private key or certificate store' },
  { test: (n) => /^id_(rsa|dsa|ecdsa|ed25519)/.test(n), why: 'SSH key' },
  { test: (n, d) => d && (n === '.aws' || n === '.ssh' || n === '.gnupg'), why: 'credentials folder' },
  // Local-run secrets (variables.json, connections.json for Airflow's LocalFilesystemBackend).
  { test: (n, d) => d && n === '.mwaa', why: 'local-run variables and connections (.mwaa)' },
  { test: (n, d) => d && n === '__pycache__', why: 'Python bytecode cache' },
  { test: (n) => /\.py[co]$/.test(n), why: 'Python bytecode' },
  { test: (n, d) => d && (n === '.git' || n === '.hg' || n === '.svn'), why: 'version-control folder' },
  { test: (n, d) => d && (n === '.venv' || n === 'venv' || n === 'node_modules' || n === '.mypy_cache' || n === '.pytest_cache' || n === '.ruff_cache' || n === '.tox' || n === '.idea' || n === '.vscode'), why: 'tool or environment folder' },
  { test: (n) => n === '.ds_store' || n === 'thumbs.db', why: 'OS metadata file' },
  { test: (n) => n.endsWith('.swp') || n.endsWith('~'), why: 'editor temporary file' },
];

/**
 * A name as a case-insensitive file system sees it: lower case, without the trailing dots and
 * spaces Windows drops, and without an NTFS stream suffix (`.git::$INDEX_ALLOCATION` is `.git`).
 */
export function comparableName(name: string): string {
  const colon = name.indexOf(':');
  return (colon > 0 ? name.slice(0, colon) : name).toLowerCase().replace(/[. ]+$/, '');
}

/** Why a folder-relative path is never uploaded nor written from S3 (what, and the segment), or undefined. */
export function neverTouched(relPath: string): { readonly why: string; readonly where: string } | undefined {
  const segs = relPath.split('/');
  for (let i = 0; i < segs.length; i++) {
    const isDir = i < segs.length - 1;
    const name = comparableName(segs[i]!);
    const hit = NEVER_UPLOAD.find((r) => r.test(name, isDir));
    if (hit) return { why: hit.why, where: `${segs.slice(0, i + 1).join('/')}${isDir ? '/' : ''}` };
  }
  return undefined;
}

export type UploadVerdict = { readonly upload: true } | { readonly upload: false; readonly reason: string };

export class SyncFilter {
  private readonly excludes: WildPattern[];

  /**
   * @param userExcludes `mwaa.sync.exclude`: gitignore-style globs relative to the bound folder
   *   (`**` crosses folders, a pattern without `/` matches a name at any depth, `!` re-includes).
   */
  constructor(
    userExcludes: readonly string[] = [],
    readonly airflowIgnore: AirflowIgnore = AirflowIgnore.empty('regexp'),
  ) {
    this.excludes = userExcludes.map((g) => compileWildPattern(g)).filter((p): p is WildPattern => p !== undefined);
  }

  /** Whether a file (folder-relative POSIX path) may be uploaded, and if not why. */
  verdict(relPath: string): UploadVerdict {
    const never = neverTouched(relPath);
    if (never) return { upload: false, reason: `'${relPath}' is never uploaded: ${never.why} (${never.where}).` };
    const segs = relPath.split('/');
    for (let i = 1; i <= segs.length; i++) {
      const prefix = segs.slice(0, i).join('/') + (i < segs.length ? '/' : '');
      if (matchWildPatterns(this.excludes, prefix)) {
        return { upload: false, reason: `'${relPath}' matches the \`mwaa.sync.exclude\` setting; remove the pattern there to upload it.` };
      }
    }
    return { upload: true };
  }

  shouldUpload(relPath: string): boolean {
    return this.verdict(relPath).upload;
  }

  /** Whether a folder's contents can be skipped entirely while listing (never-upload folders). */
  skipsDir(relDir: string): boolean {
    return this.dirSkipReason(relDir) !== undefined;
  }

  /** Why a whole folder is left out, or undefined when its files are looked at one by one. */
  dirSkipReason(relDir: string): string | undefined {
    const name = comparableName(relDir.slice(relDir.lastIndexOf('/') + 1));
    const hit = NEVER_UPLOAD.find((r) => r.test(name, true));
    if (hit) return `'${relDir}/' is never uploaded: ${hit.why}.`;
    if (matchWildPatterns(this.excludes, `${relDir}/`)) return `'${relDir}/' matches the \`mwaa.sync.exclude\` setting.`;
    return undefined;
  }

  /** Whether Airflow will parse the file once it is uploaded (for visible-to-Airflow tracking). */
  parsedByAirflow(relPath: string): boolean {
    return this.airflowIgnore.isScanned(relPath);
  }
}
