/**
 * Methods Airflow 3 removed from whole families of classes (every secrets backend, every auth
 * manager), where the rule table has one row per class at most. Facts checked on the real
 * runtimes: in apache-airflow 2.11.2 `BaseSecretsBackend` defines `get_conn_uri` and
 * `get_connections` (both warn RemovedInAirflow3Warning) and `BaseAuthManager` and the FAB
 * provider's `FabAuthManager` define `is_authorized_dataset`; in 3.3.1 none of
 * `airflow.secrets.*Backend`, the Amazon provider's SecretsManagerBackend and
 * SystemsManagerParameterStoreBackend, `airflow.sdk.bases.secrets_backend.BaseSecretsBackend`,
 * the FastAPI `BaseAuthManager`, `FabAuthManager` or `AwsAuthManager` has them.
 */

type Family = 'secretsBackend' | 'authManager';

export interface RemovedMember {
  readonly member: string;
  readonly family: Family;
  readonly deprecatedIn?: string;
  readonly removedIn: string;
  /** ruff's rule for the same finding (where ruff sees it, see ruffChecks). */
  readonly rule: 'AIR301';
  /** What to use instead. */
  readonly replacement: string;
  /** The replacement takes the same arguments and returns the same kind of value: offer a rename. */
  readonly renameFix: boolean;
  /** Said after the replacement when it differs (`get_connection` returns one connection). */
  readonly note?: string;
  /** For a method a subclass overrides: what Airflow 3 does with the override. */
  readonly overrideEffect: string;
}

export const REMOVED_MEMBERS: readonly RemovedMember[] = [
  {
    // Deprecated in 2.3.0 (apache-airflow 2.2.5 has no get_conn_value; 2.3.0 warns on get_conn_uri).
    member: 'get_conn_uri',
    family: 'secretsBackend',
    deprecatedIn: '2.3',
    removedIn: '3.0',
    rule: 'AIR301',
    replacement: 'get_conn_value',
    renameFix: true,
    overrideEffect: 'Airflow 3 never calls it, so this backend finds no connections',
  },
  {
    // Warns already in apache-airflow 2.0.2, the first Airflow 2 release MWAA ran.
    member: 'get_connections',
    family: 'secretsBackend',
    deprecatedIn: '2.0',
    removedIn: '3.0',
    rule: 'AIR301',
    replacement: 'get_connection',
    renameFix: false,
    note: 'it returns one Connection or None, not a list',
    overrideEffect: 'Airflow 3 never calls it',
  },
  {
    // Renamed with datasets -> assets; the 3.x BaseAuthManager declares is_authorized_asset abstract.
    member: 'is_authorized_dataset',
    family: 'authManager',
    removedIn: '3.0',
    rule: 'AIR301',
    replacement: 'is_authorized_asset',
    renameFix: true,
    overrideEffect: 'Airflow 3 never calls it and cannot create an auth manager that lacks is_authorized_asset',
  },
];

export const REMOVED_MEMBER_NAMES: ReadonlySet<string> = new Set(REMOVED_MEMBERS.map((m) => m.member));

/**
 * Where Airflow and its providers keep these classes, read from a dotted path's segments (no
 * regex: a path of hundreds of segments must not make one backtrack).
 */
function shape(classPath: string): { module: string[]; name: string } | undefined {
  const segs = classPath.split('.');
  if (segs.length < 3 || segs[0] !== 'airflow') return undefined;
  return { module: segs.slice(1, -1), name: segs[segs.length - 1]! };
}

/** `airflow.secrets.….XBackend` or a provider's `….secrets.….XBackend` (ruff's shape). */
function ruffSecretsBackend(classPath: string): boolean {
  const s = shape(classPath);
  if (!s?.name.endsWith('Backend')) return false;
  return s.module[0] === 'secrets' || (s.module[0] === 'providers' && s.module.includes('secrets'));
}

/** A provider's `….auth_manager.….XAuthManager` (ruff's shape). */
function ruffAuthManager(classPath: string): boolean {
  const s = shape(classPath);
  return !!s?.name.endsWith('AuthManager') && s.module[0] === 'providers' && s.module.includes('auth_manager');
}

/** The family of an Airflow class path: ruff's shapes, plus the Task SDK's base backend and core's auth managers. */
export function familyOf(classPath: string): Family | undefined {
  if (ruffSecretsBackend(classPath) || classPath === 'airflow.sdk.bases.secrets_backend.BaseSecretsBackend') return 'secretsBackend';
  if (ruffAuthManager(classPath)) return 'authManager';
  const s = shape(classPath);
  const core = s?.module.join('.');
  if (s?.name.endsWith('AuthManager') && (core?.startsWith('auth.managers') || core?.startsWith('api_fastapi.auth.managers'))) return 'authManager';
  return undefined;
}

/** The removed member `member` of a class at `classPath`, if the class is of a family that lost it. */
export function removedMemberOf(classPath: string, member: string): RemovedMember | undefined {
  if (!REMOVED_MEMBER_NAMES.has(member)) return undefined;
  const family = familyOf(classPath);
  return family ? REMOVED_MEMBERS.find((m) => m.member === member && m.family === family) : undefined;
}

// What ruff 0.17.3 (its wasm build) reports, read from its output on every class path shape (see
// ruffSecretsBackend, ruffAuthManager): only calls on variables assigned an instance; not
// LocalFilesystemBackend.get_conn_uri (its table has that class's get_connections only), not
// core's 2.x `airflow.auth.managers` classes nor the Task SDK's base backend.

/** Whether ruff's AIR301 reports `instance.member(...)` for an instance of `classPath`. */
export function ruffChecks(classPath: string, member: RemovedMember): boolean {
  if (member.family === 'authManager') return ruffAuthManager(classPath);
  if (member.member === 'get_conn_uri' && classPath === 'airflow.secrets.local_filesystem.LocalFilesystemBackend') return false;
  return ruffSecretsBackend(classPath);
}
