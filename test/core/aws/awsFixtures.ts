import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before } from 'node:test';
import { readProfiles, type ProfileCatalog } from '../../../src/core/aws/profiles';

export const REPO = path.resolve(__dirname, '..', '..', '..', '..');
export const AWS_FIXTURES = path.join(REPO, 'test', 'fixtures', 'aws');
export const FIXTURE_CONFIG = path.join(AWS_FIXTURES, 'config');
export const FIXTURE_CREDENTIALS = path.join(AWS_FIXTURES, 'credentials');

/**
 * Points the SDK (which reads process.env at call time) at the fixture files and a scratch HOME
 * with an empty SSO token cache, so nothing on this machine's ~/.aws leaks into a test.
 */
export function useFixtureAwsEnv(overrides: Record<string, string | undefined> = {}): { home: string; restore: () => void } {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'mwaa-aws-home-'));
  fs.mkdirSync(path.join(home, '.aws', 'sso', 'cache'), { recursive: true });
  const keys = [
    'HOME', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_PROFILE', 'AWS_REGION', 'AWS_ACCESS_KEY_ID',
    'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_MWAA', 'AWS_ENDPOINT_URL_S3',
    'AWS_ENDPOINT_URL_CLOUDWATCH_LOGS', 'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS', 'AWS_EC2_METADATA_DISABLED',
    ...Object.keys(overrides),
  ];
  const saved = new Map(keys.map((k) => [k, process.env[k]]));
  for (const k of keys) delete process.env[k];
  Object.assign(process.env, {
    HOME: home,
    AWS_CONFIG_FILE: FIXTURE_CONFIG,
    AWS_SHARED_CREDENTIALS_FILE: FIXTURE_CREDENTIALS,
    AWS_EC2_METADATA_DISABLED: 'true',
  });
  for (const [k, v] of Object.entries(overrides)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  return {
    home,
    restore: () => {
      for (const [k, v] of saved) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      fs.rmSync(home, { recursive: true, force: true });
    },
  };
}

/**
 * For a whole test file: the fixture AWS environment around every test and the profile catalog
 * read from it (`catalog()` is valid once the file's `before` hooks have run).
 */
export function useFixtureCatalog(): { catalog: () => ProfileCatalog; env: () => ReturnType<typeof useFixtureAwsEnv> } {
  let env: ReturnType<typeof useFixtureAwsEnv> | undefined;
  let catalog: ProfileCatalog | undefined;
  before(async () => {
    env = useFixtureAwsEnv();
    catalog = await readProfiles({ ignoreCache: true });
  });
  after(() => env?.restore());
  return {
    catalog: () => catalog ?? assert.fail('the fixture catalog is read in before()'),
    env: () => env ?? assert.fail('the fixture environment is set in before()'),
  };
}
