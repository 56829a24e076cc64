/**
 * IAM Identity Center sign-in from the extension, against the sandbox's emulated SSO-OIDC and
 * portal: the tree offers Sign In for a profile without a session, the device flow is approved on
 * the verification page (what the user's Allow does), the token cache lands where the AWS CLI
 * keeps it, and the profile's environments then list; an expired token offers Sign In again.
 */
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { findProfile, readProfiles } from '../../src/core/aws/profiles';
import { ssoTargetOf } from '../../src/core/aws/ssoCache';
import { activateExtension } from './extension';
import { find, REGION, refresh, tree, withConfigLines } from './credentialsHelpers';
import { waitFor } from './waitFor';

const SSO = process.env.AWS_ENDPOINT_URL_SSO_OIDC!;
// A session name of this run only: its cache file is ~/.aws/sso/cache/<sha1 of it>.json. HOME is a
// folder of this suite while it runs (the extension and the SDK read it per call), so the real
// home's token cache is never written, even by a run that dies half-way.
const SESSION = `mwaa-host-${process.pid}-${Date.now()}`;
const START_URL = `https://${SESSION}.awsapps.com/start`;
const HOME = fs.mkdtempSync(path.join(os.tmpdir(), 'mwaa-sso-home-'));
const CACHE_FILE = path.join(HOME, '.aws', 'sso', 'cache', `${createHash('sha1').update(SESSION).digest('hex')}.json`);
const REAL_HOME = process.env.HOME;
const PROFILE_LINES = [
  '[profile sso-host]', `sso_session = ${SESSION}`, 'sso_account_id = 123456789012', 'sso_role_name = Developer', `region = ${REGION}`,
  '', `[sso-session ${SESSION}]`, `sso_start_url = ${START_URL}`, 'sso_region = us-east-1', 'sso_registration_scopes = sso:account:access',
];

/** The pending code of our start URL, once the sign-in has started the device authorization. */
async function pendingCode(): Promise<string> {
  return waitFor('a pending device authorization', async () => {
    const res = await fetch(`${SSO}/__sandbox/sso/pending`);
    const body = (await res.json()) as { pending: Array<{ userCode: string; startUrl: string }> };
    return body.pending.find((p) => p.startUrl === START_URL)?.userCode;
  }, 20_000);
}

const decide = (userCode: string, verb: 'approve' | 'deny') => fetch(`${SSO}/device/${verb}`, { method: 'POST', body: new URLSearchParams({ user_code: userCode }) });

describe('credentials: IAM Identity Center sign-in', function () {
  this.timeout(90_000);

  before(async () => {
    assert.ok(SSO, 'the sandbox exports AWS_ENDPOINT_URL_SSO_OIDC');
    process.env.HOME = HOME;
    await activateExtension();
    await vscode.commands.executeCommand('mwaa.environments.focus');
  });

  after(async () => {
    if (REAL_HOME === undefined) delete process.env.HOME;
    else process.env.HOME = REAL_HOME;
    fs.rmSync(HOME, { recursive: true, force: true });
    await refresh();
  });

  it('offers Sign In, signs in with the device flow, writes the CLI\'s cache and lists the profile\'s environments', async () => {
    await withConfigLines(PROFILE_LINES, async () => {
      await refresh();
      const error = find(find(await tree(3), 'sso-host').children, 'SSO login needed');
      const signIn = find(error.children, 'Sign In');
      assert.deepEqual(signIn.command, { command: 'mwaa.ssoSignIn', arguments: ['sso-host'] });

      const running = vscode.commands.executeCommand<{ profile: string; cacheFile: string; expiresAt: string; verificationUri: string }>('mwaa.ssoSignIn', 'sso-host');
      const code = await pendingCode();
      assert.match(code, /^[A-Z]{4}-[A-Z]{4}$/);
      assert.equal((await decide(code, 'approve')).status, 200);
      const result = await running;
      assert.equal(result.profile, 'sso-host');
      assert.equal(result.cacheFile, CACHE_FILE);
      assert.equal(result.verificationUri, `${SSO}/device`);
      assert.equal(fs.statSync(CACHE_FILE).mode & 0o777, 0o600);
      const cached = JSON.parse(fs.readFileSync(CACHE_FILE, 'utf8')) as Record<string, string>;
      assert.deepEqual(Object.keys(cached).sort(), ['accessToken', 'clientId', 'clientSecret', 'expiresAt', 'refreshToken', 'region', 'registrationExpiresAt', 'startUrl']);
      assert.equal(cached.startUrl, START_URL);

      // The sign-in refreshes the view; the SDK's fromSSO takes the session from the cache file.
      await waitFor('sso-host lists sandbox-af2', async () => (await tree(3)).find((n) => n.label === 'sso-host')?.children?.some((c) => c.label === 'sandbox-af2'), 30_000);
    });
  });

  it('an expired token with its refresh token is renewed by the SDK through the emulated SSO-OIDC, in the same file', async () => {
    await withConfigLines(PROFILE_LINES, async () => {
      const cached = JSON.parse(fs.readFileSync(CACHE_FILE, 'utf8')) as Record<string, string>;
      fs.writeFileSync(CACHE_FILE, JSON.stringify({ ...cached, expiresAt: new Date(Date.now() - 60_000).toISOString() }), { mode: 0o600 });
      await refresh();
      find(find(await tree(3), 'sso-host').children, 'sandbox-af2');
      const renewed = JSON.parse(fs.readFileSync(CACHE_FILE, 'utf8')) as Record<string, string>;
      assert.notEqual(renewed.accessToken, cached.accessToken);
      assert.ok(Date.parse(renewed.expiresAt!) > Date.now());
    });
  });

  it('a malformed token cache is an SSO problem with Sign In, not a crash', async () => {
    await withConfigLines(PROFILE_LINES, async () => {
      const good = fs.readFileSync(CACHE_FILE, 'utf8');
      fs.writeFileSync(CACHE_FILE, '{ not json', { mode: 0o600 });
      try {
        await refresh();
        const node = find(await tree(3), 'sso-host');
        const error = node.children!.find((c) => c.contextValue?.startsWith('mwaa.error.'));
        assert.ok(error, JSON.stringify(node.children));
        assert.equal(error.contextValue, 'mwaa.error.sso-login', error.tooltip);
        find(error.children, 'Sign In');
      } finally {
        fs.writeFileSync(CACHE_FILE, good, { mode: 0o600 });
      }
    });
  });

  it('an expired token without a refresh token brings Sign In back', async () => {
    await withConfigLines(PROFILE_LINES, async () => {
      const cached = JSON.parse(fs.readFileSync(CACHE_FILE, 'utf8')) as Record<string, string>;
      delete cached.refreshToken;
      fs.writeFileSync(CACHE_FILE, JSON.stringify({ ...cached, expiresAt: '2020-01-01T00:00:00Z' }), { mode: 0o600 });
      await refresh();
      const error = find(await tree(3), 'sso-host').children!.find((c) => c.contextValue === 'mwaa.error.sso-login');
      assert.ok(error, 'an SSO error node');
      assert.deepEqual(find(error.children, 'Sign In').command, { command: 'mwaa.ssoSignIn', arguments: ['sso-host'] });
    });
  });

  it('a denied sign-in says so and leaves the cache as it was', async () => {
    await withConfigLines(PROFILE_LINES, async () => {
      const before = fs.readFileSync(CACHE_FILE, 'utf8');
      const running = Promise.resolve(vscode.commands.executeCommand('mwaa.ssoSignIn', 'sso-host'));
      await decide(await pendingCode(), 'deny');
      // The command wrapper shows the error and resolves with nothing; the cache is untouched.
      assert.equal(await running, undefined);
      assert.equal(fs.readFileSync(CACHE_FILE, 'utf8'), before);
    });
  });

  it('from the palette it asks which SSO profile; a role profile on top of one signs in that one', async () => {
    const role = ['[profile sso-role]', 'role_arn = arn:aws:iam::123456789012:role/on-sso', 'source_profile = sso-host', `region = ${REGION}`];
    await withConfigLines([...PROFILE_LINES, '', ...role], async () => {
      await vscode.commands.executeCommand('_mwaa.resetPrompts');
      await vscode.commands.executeCommand('_mwaa.answerPrompts', { 'credentials.ssoProfile': 'sso-host' });
      const picked = vscode.commands.executeCommand<{ profile: string }>('mwaa.ssoSignIn');
      await decide(await pendingCode(), 'approve');
      assert.equal((await picked).profile, 'sso-host');
      const asked = await vscode.commands.executeCommand<Array<{ id: string; answered: boolean }>>('_mwaa.resetPrompts');
      assert.deepEqual(asked.map((a) => [a.id, a.answered]), [['credentials.ssoProfile', true]]);

      const chained = vscode.commands.executeCommand<{ profile: string }>('mwaa.ssoSignIn', 'sso-role');
      await decide(await pendingCode(), 'approve');
      assert.equal((await chained).profile, 'sso-host');
    });
  });

  it('a profile whose sso-session has no sso_region is refused with what to add', async () => {
    await withConfigLines(['[profile sso-broken]', 'sso_session = broken', 'sso_account_id = 123456789012', 'sso_role_name = Developer', '', '[sso-session broken]', `sso_start_url = ${START_URL}`], async () => {
      const profile = findProfile(await readProfiles({ ignoreCache: true }), 'sso-broken')!;
      assert.throws(() => ssoTargetOf(profile), /\[sso-session broken\] has no sso_region: add the region of your IAM Identity Center/);
    });
    // The SDK caches the files it parsed: read the restored file again, so later suites reading
    // profiles without ignoreCache do not see sso-broken.
    await readProfiles({ ignoreCache: true });
  });
});
