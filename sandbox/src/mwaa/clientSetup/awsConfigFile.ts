import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { TEST_CREDENTIALS } from '../backends/motoClients';

export const SANDBOX_PROFILE = 'mwaa-sandbox';

export interface ScratchAwsConfig {
  configFile: string;
  credentialsFile: string;
  profile: string;
}

/**
 * A scratch shared config/credentials pair in the run folder (never ~/.aws): profile
 * `mwaa-sandbox` with a region, static test keys and per-service `endpoint_url`s (the
 * `services` section SDKs read since the "configured endpoints" feature).
 */
export async function writeScratchAwsConfig(
  dir: string, region: string,
  endpoints: { mwaa: string; s3: string; logs: string; secretsManager?: string; iam?: string; kms?: string; sts?: string },
): Promise<ScratchAwsConfig> {
  await fs.mkdir(dir, { recursive: true });
  const configFile = path.join(dir, 'config');
  const credentialsFile = path.join(dir, 'credentials');
  const config = [
    `[profile ${SANDBOX_PROFILE}]`,
    `region = ${region}`,
    `services = ${SANDBOX_PROFILE}-services`,
    '',
    `[services ${SANDBOX_PROFILE}-services]`,
    'mwaa =',
    `  endpoint_url = ${endpoints.mwaa}`,
    's3 =',
    `  endpoint_url = ${endpoints.s3}`,
    'cloudwatch_logs =',
    `  endpoint_url = ${endpoints.logs}`,
    ...serviceLines('secrets_manager', endpoints.secretsManager),
    ...serviceLines('iam', endpoints.iam),
    ...serviceLines('kms', endpoints.kms),
    ...serviceLines('sts', endpoints.sts),
    '',
  ].join('\n');
  const credentials = [
    `[${SANDBOX_PROFILE}]`,
    `aws_access_key_id = ${TEST_CREDENTIALS.accessKeyId}`,
    `aws_secret_access_key = ${TEST_CREDENTIALS.secretAccessKey}`,
    '',
  ].join('\n');
  await fs.writeFile(configFile, config, { mode: 0o600 });
  await fs.writeFile(credentialsFile, credentials, { mode: 0o600 });
  return { configFile, credentialsFile, profile: SANDBOX_PROFILE };
}

function serviceLines(id: string, url: string | undefined): string[] {
  return url ? [`${id} =`, `  endpoint_url = ${url}`] : [];
}
