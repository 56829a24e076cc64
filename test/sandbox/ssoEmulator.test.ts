/**
 * The sandbox's emulated IAM Identity Center (SSO-OIDC, the access portal, the verification page)
 * read by boto3 through AWS's own service models, botocore reading the token cache our sign-in
 * writes (what the AWS CLI v2 does), the extension's device flow against it end to end, and the
 * MFA check of the STS front.
 */
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { ensureMoto } from '../../sandbox/src/moto';
import { clientConfig } from '../../sandbox/src/mwaa/testing/helpers';
import { signInWithDeviceFlow } from '../../src/core/aws/deviceFlow';
import { ssoCacheFile } from '../../src/core/aws/ssoCache';
import { fetchOidcApi } from '../../src/core/aws/ssoOidc';
import { useSandbox } from './useSandbox';

const BOTO_CHECK = String.raw`
import json, sys, urllib.request, urllib.parse
import boto3, botocore.exceptions
endpoint = sys.argv[1]
def check(value, shape, path):
    kind = shape.type_name
    if kind == "structure":
        if not isinstance(value, dict): return [path + ": not a structure"]
        p = [path + "." + k + ": not in the model" for k in value if k not in shape.members]
        p += [path + "." + k + ": required but missing" for k in shape.required_members if k not in value]
        for k, v in value.items():
            if k in shape.members: p += check(v, shape.members[k], path + "." + k)
        return p
    if kind == "list":
        return [q for i, v in enumerate(value) for q in check(v, shape.member, path + "[" + str(i) + "]")]
    return []
def checked(client, op, **kw):
    out = getattr(client, op)(**kw)
    out.pop("ResponseMetadata", None)
    model = client.meta.service_model.operation_model(client.meta.method_to_api_mapping[op]).output_shape
    return out, (check(out, model, op) if model else [])
def error_of(fn):
    try:
        fn(); return None
    except botocore.exceptions.ClientError as e:
        return e.response["Error"]["Code"]
oidc = boto3.client("sso-oidc", region_name="us-east-1", endpoint_url=endpoint)
sso = boto3.client("sso", region_name="us-east-1", endpoint_url=endpoint, aws_access_key_id="x", aws_secret_access_key="y")
problems = []
reg, p = checked(oidc, "register_client", clientName="boto-check", clientType="public", scopes=["sso:account:access"]); problems += p
auth, p = checked(oidc, "start_device_authorization", clientId=reg["clientId"], clientSecret=reg["clientSecret"], startUrl="https://sandbox.awsapps.com/start"); problems += p
poll = lambda: oidc.create_token(clientId=reg["clientId"], clientSecret=reg["clientSecret"], grantType="urn:ietf:params:oauth:grant-type:device_code", deviceCode=auth["deviceCode"])
pending = error_of(poll)
slow = error_of(poll)
page = urllib.request.urlopen(auth["verificationUriComplete"]).read().decode()
urllib.request.urlopen(urllib.request.Request(endpoint + "/device/approve", data=urllib.parse.urlencode({"user_code": auth["userCode"]}).encode()))
import time; time.sleep(1.1)
tok, p = checked(oidc, "create_token", clientId=reg["clientId"], clientSecret=reg["clientSecret"], grantType="urn:ietf:params:oauth:grant-type:device_code", deviceCode=auth["deviceCode"]); problems += p
ref, p = checked(oidc, "create_token", clientId=reg["clientId"], clientSecret=reg["clientSecret"], grantType="refresh_token", refreshToken=tok["refreshToken"]); problems += p
accts, p = checked(sso, "list_accounts", accessToken=tok["accessToken"]); problems += p
roles, p = checked(sso, "list_account_roles", accessToken=tok["accessToken"], accountId=accts["accountList"][0]["accountId"]); problems += p
creds, p = checked(sso, "get_role_credentials", accessToken=ref["accessToken"], accountId="123456789012", roleName="Developer"); problems += p
print(json.dumps({
  "problems": problems, "pending": pending, "slow": slow, "pageHasCode": auth["userCode"] in page,
  "tokenKeys": sorted(tok), "accounts": [a["accountId"] for a in accts["accountList"]], "roles": [r["roleName"] for r in roles["roleList"]],
  "credKeys": sorted(creds["roleCredentials"]),
  "badToken": error_of(lambda: sso.get_role_credentials(accessToken="nope", accountId="123456789012", roleName="Developer")),
  "reusedRefresh": error_of(lambda: oidc.create_token(clientId=reg["clientId"], clientSecret=reg["clientSecret"], grantType="refresh_token", refreshToken=tok["refreshToken"])),
}))
`;

/** botocore (the AWS CLI v2's credential code) resolving an sso-session profile from the cache file alone. */
const BOTO_CACHE = String.raw`
import json, boto3
creds = boto3.Session(profile_name="sso-dev").get_credentials().get_frozen_credentials()
print(json.dumps({"accessKey": creds.access_key, "hasToken": bool(creds.token)}))
`;

function run(file: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(file, args, { env, timeout: 60_000 }, (err, stdout, stderr) => resolve({ code: err ? 1 : 0, stdout, stderr }));
  });
}

describe('sandbox IAM Identity Center (SSO-OIDC and portal) and the STS MFA check', () => {
  const sandbox = useSandbox();

  it('exports its endpoint the way the SDKs and the extension read it', () => {
    const sb = sandbox();
    assert.equal(sb.exports.AWS_ENDPOINT_URL_SSO_OIDC, sb.endpoints.sso);
    assert.equal(sb.exports.AWS_ENDPOINT_URL_SSO, sb.endpoints.sso);
  });

  it('boto3 reads every answer through AWS\'s service models: pending, slow_down, approval, tokens, refresh, portal', async () => {
    const python = (await ensureMoto()).python;
    const r = await run(python, ['-c', BOTO_CHECK, sandbox().endpoints.sso]);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    assert.deepEqual(out, {
      problems: [], pending: 'AuthorizationPendingException', slow: 'SlowDownException', pageHasCode: true,
      tokenKeys: ['accessToken', 'expiresIn', 'refreshToken', 'tokenType'], accounts: ['123456789012'], roles: ['Developer', 'ReadOnly'],
      credKeys: ['accessKeyId', 'expiration', 'secretAccessKey', 'sessionToken'], badToken: 'UnauthorizedException', reusedRefresh: 'InvalidGrantException',
    });
  });

  it('the extension\'s sign-in, approved on the page, writes a cache botocore then signs in with', async () => {
    const sb = sandbox();
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'sso-home-'));
    const cacheDir = path.join(home, '.aws', 'sso', 'cache');
    const target = { profile: 'sso-dev', startUrl: 'https://sandbox.awsapps.com/start', ssoRegion: 'us-east-1', session: 'corp' };
    const result = await signInWithDeviceFlow(fetchOidcApi(sb.endpoints.sso), target, {
      cacheDir,
      onAuthorization: async (auth) => {
        // What the user's click on Allow does.
        const page = await fetch(auth.verificationUriComplete);
        assert.match(await page.text(), new RegExp(auth.userCode));
        const approved = await fetch(`${sb.endpoints.sso}/device/approve`, { method: 'POST', body: new URLSearchParams({ user_code: auth.userCode }) });
        assert.equal(approved.status, 200);
      },
    });
    assert.equal(result.file, ssoCacheFile(target, cacheDir));
    const config = path.join(home, 'config');
    fs.writeFileSync(config, [
      '[profile sso-dev]', 'sso_session = corp', 'sso_account_id = 123456789012', 'sso_role_name = Developer', 'region = us-east-1', '',
      '[sso-session corp]', `sso_start_url = ${target.startUrl}`, 'sso_region = us-east-1', 'sso_registration_scopes = sso:account:access', '',
    ].join('\n'));
    const python = (await ensureMoto()).python;
    const env = { PATH: process.env.PATH, HOME: home, AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: path.join(home, 'none'), AWS_ENDPOINT_URL_SSO: sb.endpoints.sso, AWS_ENDPOINT_URL_SSO_OIDC: sb.endpoints.sso };
    const r = await run(python, ['-c', BOTO_CACHE], env);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { accessKey: 'AKIDSANDBOX', hasToken: true });

    // A denied code ends the sign-in with a message; nothing is written over the good cache.
    const before = fs.readFileSync(result.file, 'utf8');
    await assert.rejects(signInWithDeviceFlow(fetchOidcApi(sb.endpoints.sso), target, {
      cacheDir,
      onAuthorization: async (auth) => void await fetch(`${sb.endpoints.sso}/device/deny`, { method: 'POST', body: new URLSearchParams({ user_code: auth.userCode }) }),
    }), /denied in the browser/);
    assert.equal(fs.readFileSync(result.file, 'utf8'), before);
  });

  it('an unapproved code expires and the sign-in says so', async () => {
    // A server of its own with a 2 s device code: the real sandbox keeps 600 s.
    const { startSsoServer } = await import('../../sandbox/src/mwaa/fronts/ssoFront');
    const server = await startSsoServer({ deviceExpiresS: 2, intervalS: 1 });
    try {
      const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sso-expire-'));
      await assert.rejects(signInWithDeviceFlow(fetchOidcApi(server.endpoint), { profile: 'p', startUrl: 'https://x/start', ssoRegion: 'us-east-1' }, { cacheDir, onAuthorization: () => undefined }), /code expired before it was approved/);
      assert.deepEqual(fs.readdirSync(cacheDir), []);
    } finally {
      await server.stop();
    }
  });

  it('STS AssumeRole with an MFA device needs a 6-digit code (moto checks none)', async () => {
    const sts = new STSClient(clientConfig(sandbox().endpoints.sts));
    const params = { RoleArn: 'arn:aws:iam::123456789012:role/mfa-role', RoleSessionName: 's', SerialNumber: 'arn:aws:iam::123456789012:mfa/me' };
    await assert.rejects(sts.send(new AssumeRoleCommand(params)), /MultiFactorAuthentication failed/);
    await assert.rejects(sts.send(new AssumeRoleCommand({ ...params, TokenCode: '000000' })), /MultiFactorAuthentication failed/);
    const ok = await sts.send(new AssumeRoleCommand({ ...params, TokenCode: '123456' }));
    assert.ok(ok.Credentials?.AccessKeyId);
    sts.destroy();
  });
});
