/**
 * "Why can't Airflow see it?" for one variable or connection key: the backend configuration,
 * prefix and lookup pattern, the secret under the name Airflow asks for (and near-miss names and
 * regions when it is not there), its format, and whether the backend's role may read and decrypt
 * it. Every result says what to change; none quotes a secret's value.
 */
import type { IAMClient } from '@aws-sdk/client-iam';
import type { KMSClient } from '@aws-sdk/client-kms';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { isRegionCode, quoteRegion } from '../aws/region';
import { backendSetupOptions, type SecretsBackendConfig } from './backendConfig';
import { nearMissNames, type NearMiss } from './nearMisses';
import { lookupPatternOf, patternAdmits, prefixOf, secretNameFor, validateKey, type SecretKind } from './secretNames';
import { SecretsStore, type SecretDescription } from './secretsStore';
import { errorText, kmsCheck, roleCheck, type AccessInput } from './visibilityAccess';
import { formatCheck } from './visibilityFormat';
import type { CheckResult } from './visibilityTypes';

export type { CheckResult } from './visibilityTypes';

export interface VisibilityInput {
  kind: SecretKind;
  key: string;
  cfg: SecretsBackendConfig | undefined;
  environmentRegion: string;
  executionRoleArn?: string;
  /** Secrets Manager in the region Airflow reads: `cfg.region ?? environmentRegion`. */
  secretsClient: SecretsManagerClient;
  iamClient?: IAMClient;
  kmsClient?: KMSClient;
  amazonProviderVersion?: string;
  signal?: AbortSignal;
  /** Secrets Manager in another region, to find a secret created in the wrong one. */
  secretsClientFor?: (region: string) => SecretsManagerClient;
}

type Check = CheckResult;

export async function explainVisibility(input: VisibilityInput): Promise<CheckResult[]> {
  const { kind, key, cfg } = input;
  const keyProblem = validateKey(kind, key);
  if (keyProblem) return [{ id: 'key', title: 'The key can be a secret', status: 'problem', detail: keyProblem, fix: 'Use a key made of letters, digits and _ . - only.' }];
  const setup = backendChecks(cfg);
  if (!cfg || cfg.kind !== 'secretsManager') return setup;
  const naming = namingChecks(cfg, kind, key);
  const results = [...setup, ...naming.checks];
  if (!naming.name) return results;
  input.signal?.throwIfAborted();
  const readRegion = cfg.region ?? input.environmentRegion;
  if (!isRegionCode(readRegion)) {
    results.push({ id: 'region', title: 'Airflow reads secrets in this region', status: 'problem', detail: `The backend would read secrets in ${quoteRegion(readRegion)}, which is not a region code.`, fix: 'Set region_name in secrets.backend_kwargs to a region code such as "eu-west-1", or remove it.' });
    return results;
  }
  const found = await findSecret(input, naming.name, readRegion);
  results.push(...found.checks);
  if (!found.secret || !found.store) return results;
  try {
    results.push(formatCheck(kind, naming.name, await found.store.getValue(naming.name, input.signal), cfg, input.amazonProviderVersion));
  } catch (err) {
    results.push({ id: 'format', title: 'The secret is in a format Airflow reads', status: 'unknown', detail: `The secret's value could not be read to check its format (${errorText(err)}).`, fix: 'Check its format in the Secrets Manager console: a variable is a plain string; a connection a URI or JSON.' });
  }
  const access: AccessInput = {
    ...((cfg.roleArn ?? input.executionRoleArn) ? { roleArn: cfg.roleArn ?? input.executionRoleArn } : {}),
    roleSource: cfg.roleArn ? 'role_arn in backend_kwargs' : 'the execution role',
    secretArn: found.secret.arn ?? naming.name,
    ...(found.secret.kmsKeyId ? { kmsKeyId: found.secret.kmsKeyId } : {}),
    ...(input.iamClient ? { iamClient: input.iamClient } : {}),
    ...(input.kmsClient ? { kmsClient: input.kmsClient } : {}),
    ...(input.signal ? { signal: input.signal } : {}),
  };
  results.push(await roleCheck(access, secretArnPattern(access.secretArn, prefixOf(cfg, kind) ?? '', cfg.sep)));
  results.push(await kmsCheck(access));
  return results;
}

function backendChecks(cfg: SecretsBackendConfig | undefined): Check[] {
  const title = 'A secrets backend is configured';
  if (!cfg) {
    const opts = backendSetupOptions();
    return [{
      id: 'backend', title, status: 'problem',
      detail: 'The environment configures no secrets backend: Airflow reads variables and connections from AIRFLOW_VAR_/AIRFLOW_CONN_ environment variables and its metastore only.',
      fix: `Add the configuration options ${Object.entries(opts).map(([k, v]) => `${k} = ${v}`).join(' and ')}.`,
    }];
  }
  if (cfg.kind !== 'secretsManager') {
    return [{ id: 'backend', title, status: 'unknown', detail: `The environment's secrets backend is ${cfg.className}, not the Secrets Manager backend: its lookups are not checked here.`, fix: 'Check that backend\'s own naming rules.' }];
  }
  const checks: Check[] = [{ id: 'backend', title, status: 'ok', detail: `Airflow asks the Secrets Manager backend first (${cfg.source ?? 'secrets.backend'}).` }];
  if (cfg.problems.length) {
    checks.push({ id: 'config', title: 'The backend\'s options are read as meant', status: 'problem', detail: cfg.problems.join(' '), fix: 'Correct secrets.backend_kwargs in the environment\'s Airflow configuration options.' });
  }
  return checks;
}

function namingChecks(cfg: SecretsBackendConfig, kind: SecretKind, key: string): { checks: Check[]; name?: string } {
  const plural = kind === 'variable' ? 'variables' : 'connections';
  const prefix = prefixOf(cfg, kind);
  if (prefix === undefined) {
    return { checks: [{
      id: 'prefix', title: `The backend looks up ${plural}`, status: 'problem',
      detail: `${plural}_prefix is null (or not a string) in backend_kwargs: Airflow never asks Secrets Manager for ${plural}.`,
      fix: `Set "${plural}_prefix" (for example "airflow/${plural}") in secrets.backend_kwargs.`,
    }] };
  }
  const pattern = lookupPatternOf(cfg, kind);
  const admits = patternAdmits(cfg, kind, key);
  if (pattern && admits === false) {
    return { checks: [{
      id: 'pattern', title: 'The lookup pattern admits the key', status: 'problem',
      detail: `${plural}_lookup_pattern ${JSON.stringify(pattern)} does not match "${key}" (Python's re.match: from the start, ignoring case), so Airflow never asks Secrets Manager for it.`,
      fix: `Rename the key to match the pattern, or widen ${plural}_lookup_pattern in secrets.backend_kwargs.`,
    }] };
  }
  const name = secretNameFor(cfg, kind, key)!;
  const checks: Check[] = [];
  if (pattern && admits === undefined) {
    checks.push({ id: 'pattern', title: 'The lookup pattern admits the key', status: 'unknown', detail: `${plural}_lookup_pattern ${JSON.stringify(pattern)} cannot be evaluated here.`, fix: `Check in Python that re.match(pattern, "${key}", re.IGNORECASE) matches.` });
  }
  checks.push({ id: 'prefix', title: 'The secret name Airflow asks for', status: 'ok', detail: `Airflow asks Secrets Manager for ${name}${pattern && admits ? ` (the key matches ${plural}_lookup_pattern)` : ''}.` });
  return { checks, name };
}

interface Found {
  checks: Check[];
  secret?: SecretDescription;
  /** Secrets Manager where the secret was found. */
  store?: SecretsStore;
}

/** The secret under its name in the region Airflow reads, else near misses there and the name in other regions. */
async function findSecret(input: VisibilityInput, name: string, readRegion: string): Promise<Found> {
  const title = 'The secret exists where Airflow looks';
  const clientRegion = await regionOf(input.secretsClient);
  const primary = clientRegion && clientRegion !== readRegion && input.secretsClientFor ? input.secretsClientFor(readRegion) : input.secretsClient;
  const lookedIn = clientRegion && clientRegion !== readRegion && !input.secretsClientFor ? clientRegion : readRegion;
  const store = new SecretsStore(primary);
  let secret: SecretDescription | undefined;
  try {
    secret = await store.describe(name, input.signal);
  } catch (err) {
    return { checks: [{ id: 'secret', title, status: 'unknown', detail: `Secrets Manager could not be asked for ${name} in ${lookedIn} (${errorText(err)}).`, fix: `Check in the Secrets Manager console of ${readRegion} that ${name} exists.` }] };
  }
  const regionCheck = regionResult(input, readRegion, lookedIn);
  if (secret?.deletedDate) {
    return { checks: [regionCheck, { id: 'secret', title, status: 'problem', detail: `The secret ${name} is scheduled for deletion (since ${secret.deletedDate.toISOString()}): Airflow cannot read it.`, fix: 'Restore it in Secrets Manager (RestoreSecret), or create the variable or connection again.' }] };
  }
  if (secret) {
    return { secret, store, checks: [regionCheck, { id: 'secret', title, status: 'ok', detail: `The secret ${name} exists in ${lookedIn}${secret.lastChanged ? ` (last changed ${secret.lastChanged.toISOString()})` : ''}.` }] };
  }
  const misses = await existing(store, nearMissNames(input.cfg!, input.kind, input.key), input.signal);
  const elsewhere = await otherRegions(input, name, lookedIn);
  if (elsewhere.length) {
    return { checks: [{ ...regionCheck, status: 'problem', detail: `The secret ${name} exists in ${elsewhere.join(', ')}, but Airflow reads secrets in ${readRegion}.`, fix: readRegion === input.environmentRegion ? `Create it in ${readRegion}, or set "region_name": "${elsewhere[0]}" in secrets.backend_kwargs.` : `Create it in ${readRegion}, or remove region_name from secrets.backend_kwargs.` }, { id: 'secret', title, status: 'problem', detail: `There is no secret ${name} in ${readRegion}.`, fix: `Create it in ${readRegion}.` }] };
  }
  if (misses.length) {
    const list = misses.map((m) => `${m.name} (${m.why})`).join('; ');
    return { checks: [regionCheck, { id: 'secret', title, status: 'problem', detail: `There is no secret ${name} in ${lookedIn}, but there is ${list}.`, fix: `Create the secret as ${name} (Secrets Manager cannot rename one: create it anew and delete the other).` }] };
  }
  return { checks: [regionCheck, { id: 'secret', title, status: 'problem', detail: `There is no secret ${name} in ${lookedIn}: Airflow falls back to environment variables and the metastore.`, fix: `Create the ${input.kind} as a secret (named ${name}).` }] };
}

function regionResult(input: VisibilityInput, readRegion: string, lookedIn: string): Check {
  const title = 'Airflow reads secrets in this region';
  const why = input.cfg?.region ? `region_name in secrets.backend_kwargs; the environment is in ${input.environmentRegion}` : 'the environment\'s region';
  if (lookedIn !== readRegion) {
    return { id: 'region', title, status: 'unknown', detail: `Airflow reads secrets in ${readRegion} (${why}), but this check could only look in ${lookedIn}.`, fix: `Look for the secret in the Secrets Manager console of ${readRegion}.` };
  }
  return { id: 'region', title, status: 'ok', detail: `Airflow reads secrets in ${readRegion} (${why}).` };
}

/** Near-miss names that exist (describe calls, four at a time, bounded by MAX_NEAR_MISSES). */
async function existing(store: SecretsStore, candidates: NearMiss[], signal?: AbortSignal): Promise<NearMiss[]> {
  const found: NearMiss[] = [];
  for (let i = 0; i < candidates.length; i += 4) {
    const batch = candidates.slice(i, i + 4);
    const hits = await Promise.all(batch.map((c) => store.describe(c.name, signal).then((d) => d && !d.deletedDate, () => false)));
    batch.forEach((c, j) => hits[j] && found.push(c));
  }
  return found;
}

/** Regions other than the one looked in where the name exists (the environment's, the client's). */
async function otherRegions(input: VisibilityInput, name: string, lookedIn: string): Promise<string[]> {
  if (!input.secretsClientFor) return [];
  const candidates = [...new Set([input.environmentRegion, await regionOf(input.secretsClient)].filter((r): r is string => !!r && r !== lookedIn))];
  const out: string[] = [];
  for (const region of candidates.slice(0, 3)) {
    const d = await new SecretsStore(input.secretsClientFor(region)).describe(name, input.signal).catch(() => undefined);
    if (d && !d.deletedDate) out.push(region);
  }
  return out;
}

/** The region an SDK client is configured for, when it says. */
async function regionOf(client: SecretsManagerClient): Promise<string | undefined> {
  const region = (client as { config?: { region?: unknown } }).config?.region;
  try {
    const r = typeof region === 'function' ? await (region as () => Promise<unknown>)() : region;
    return typeof r === 'string' ? r : undefined;
  } catch {
    return undefined;
  }
}

/** The ARN pattern covering the kind's secrets ("arn:…:secret:airflow/variables/*"). */
function secretArnPattern(secretArn: string, prefix: string, sep: string): string {
  const base = /^(arn:[^:]+:secretsmanager:[^:]*:[^:]*:secret:)/.exec(secretArn)?.[1];
  if (!base) return secretArn;
  return `${base}${prefix ? `${prefix}${sep}` : ''}*`;
}
