/**
 * The three things a dependency rollout activates (requirements.txt, plugins.zip, a startup
 * script): where each goes in the environment's bucket, which UpdateEnvironment fields carry it,
 * and which log streams show it being installed.
 */
import { UserFacingError } from '../errors';
import type { MwaaEnvironment, S3Artifact } from '../mwaa/environment';

export type ArtifactKind = 'requirements' | 'plugins' | 'startupScript';

export interface ArtifactSpec {
  readonly kind: ArtifactKind;
  /** For messages: "requirements.txt", "plugins.zip", "startup script". */
  readonly label: string;
  /** Key at the bucket root when the environment has none yet. */
  readonly defaultKey: string;
  /** UpdateEnvironment's field stem: `${field}S3Path`, `${field}S3ObjectVersion`. */
  readonly field: 'Requirements' | 'Plugins' | 'StartupScript';
  /** Log streams the install writes (`requirements_install_{host}_{epoch}.log`); none for plugins. */
  readonly streamPrefix?: string;
}

export const ARTIFACTS: Readonly<Record<ArtifactKind, ArtifactSpec>> = {
  requirements: { kind: 'requirements', label: 'requirements.txt', defaultKey: 'requirements.txt', field: 'Requirements', streamPrefix: 'requirements_install_' },
  plugins: { kind: 'plugins', label: 'plugins.zip', defaultKey: 'plugins.zip', field: 'Plugins' },
  startupScript: { kind: 'startupScript', label: 'startup script', defaultKey: 'startup.sh', field: 'StartupScript', streamPrefix: 'startup_script_execution_' },
};

/** Where an upload goes and what it replaces. */
export interface RolloutTarget {
  readonly bucket: string;
  readonly key: string;
  /** The environment's path for this artifact, when it has one (else `key` is the default). */
  readonly currentPath?: string;
  readonly currentVersion?: string;
}

type EnvArtifacts = Pick<MwaaEnvironment, 'name' | 'bucket' | 'requirements' | 'plugins' | 'startupScript'>;

export function currentArtifact(env: EnvArtifacts, kind: ArtifactKind): S3Artifact | undefined {
  return kind === 'requirements' ? env.requirements : kind === 'plugins' ? env.plugins : env.startupScript;
}

/**
 * The key to upload to: the environment's current path for the artifact, else the default at the
 * bucket root. Whatever the environment reports, the key stays inside its own bucket.
 */
export function rolloutTarget(env: EnvArtifacts, kind: ArtifactKind): RolloutTarget {
  const spec = ARTIFACTS[kind];
  if (!env.bucket) {
    throw new UserFacingError(`${env.name} reports no source bucket, so there is nowhere to upload its ${spec.label}.`);
  }
  const current = currentArtifact(env, kind);
  const key = current?.path ?? spec.defaultKey;
  const problem = keyProblem(key);
  if (problem) {
    throw new UserFacingError(
      `Refusing to upload the ${spec.label} of ${env.name}: its path '${key}' ${problem}. Uploads go only to keys inside the environment's bucket s3://${env.bucket}/; fix the path in the environment's settings.`,
    );
  }
  return {
    bucket: env.bucket,
    key,
    ...(current ? { currentPath: current.path } : {}),
    ...(current?.objectVersion ? { currentVersion: current.objectVersion } : {}),
  };
}

/** Why a key would not name an object inside the bucket; undefined when it is fine. */
export function keyProblem(key: string): string | undefined {
  if (!key) return 'is empty';
  // normaliseEnvironment keeps a path naming another bucket whole (`s3://other/x`).
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(key)) return 'names another bucket';
  if (key.startsWith('/')) return 'is absolute';
  if (key.split('/').some((part) => part === '..' || part === '.' || part === '')) return 'has empty, `.` or `..` segments';
  if (Buffer.byteLength(key, 'utf8') > 1024) return 'is longer than 1,024 bytes';
  if (/[\u0000-\u001f\u007f]/.test(key)) return 'contains control characters';
  return undefined;
}

/** UpdateEnvironment's input for activating one new object version. */
export function updateEnvironmentInput(envName: string, kind: ArtifactKind, key: string, version: string): { Name: string } & Record<string, string> {
  const { field } = ARTIFACTS[kind];
  return { Name: envName, [`${field}S3Path`]: key, [`${field}S3ObjectVersion`]: version };
}
