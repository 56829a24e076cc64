import * as os from 'node:os';
import * as path from 'node:path';

/**
 * Where installs that outlive a clone live (Airflow venvs, moto, code-server).
 * Outside the repo so a fresh clone on the same machine reuses them; overridable for CI or tests.
 */
export function cacheDir(...parts: string[]): string {
  const root = process.env.MWAA_TOOLKIT_CACHE
    || path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'mwaa-toolkit');
  return path.join(root, ...parts);
}
