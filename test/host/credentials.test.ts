/**
 * Credentials the way the AWS CLI takes them, against the sandbox: the default chain (keys in the
 * environment, no profile needed) as its own node, and a role profile with mfa_serial asking for
 * the code (answered and cancelled through the scripted prompts).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activateExtension } from './extension';
import { find, PROFILE, REGION, refresh, tree, withConfigLines, withEnv } from './credentialsHelpers';
import { mwaaLogLines } from './mwaaLog';
import { waitFor } from './waitFor';

type Asked = { id: string; message: string; answered: boolean };
const resetPrompts = () => vscode.commands.executeCommand<Asked[]>('_mwaa.resetPrompts');
const SANDBOX_KEYS = { AWS_ACCESS_KEY_ID: 'AKIDSANDBOX', AWS_SECRET_ACCESS_KEY: 'sandbox-secret' };

describe('credentials: default chain and MFA', function () {
  this.timeout(90_000);

  before(async () => {
    await activateExtension();
    await vscode.commands.executeCommand('mwaa.environments.focus');
  });

  afterEach(async () => {
    await resetPrompts();
    await refresh();
  });

  it('keys in the environment show a "default credentials" node next to the profiles, listing its environments', async () => {
    await withEnv(SANDBOX_KEYS, async () => {
      await refresh();
      const roots = await tree(3);
      const chain = find(roots, 'default credentials');
      assert.equal(chain.description, 'environment variables');
      assert.equal(chain.icon, 'key');
      assert.match(chain.tooltip!, /Credentials from environment variables, not from a profile/);
      find(chain.children, 'sandbox-af2');
      find(find(roots, PROFILE).children, 'sandbox-af2');
    });
    await refresh();
    assert.ok(!(await tree(1)).some((n) => n.label === 'default credentials'), 'gone with the keys');
  });

  it('with no profile in the files, the default chain is the one node; with nothing found the view is left to its welcome', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'no-profiles-'));
    const empty = { AWS_CONFIG_FILE: path.join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'credentials'), AWS_PROFILE: undefined, AWS_EC2_METADATA_DISABLED: 'true' };
    await withEnv({ ...empty, ...SANDBOX_KEYS }, async () => {
      await refresh();
      const roots = await tree(3);
      assert.deepEqual(roots.map((n) => n.label), ['default credentials']);
      find(roots[0]!.children, 'sandbox-af2');
    });
    const noKeys = { ...empty, AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined };
    await withEnv(noKeys, async () => {
      // An empty tree is what shows the view's welcome (how to start), not an error node.
      await refresh();
      assert.deepEqual(await tree(3), []);
      // The log says where the chain looked. Instance metadata is off here (AWS_EC2_METADATA_DISABLED).
      const said = await waitFor('the log says why the view is empty', async () => mwaaLogLines().filter((l) => l.includes('the default chain found nothing')).at(-1), 10_000);
      assert.match(said, /Could not load credentials: none in environment variables\. Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY/);
    });
    // A container is a source to blame: its failure shows as the node's error.
    await withEnv({ ...noKeys, AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://127.0.0.1:9/creds' }, async () => {
      await refresh();
      const chain = find(await tree(3), 'default credentials');
      assert.equal(chain.description, 'container credentials · has errors');
      assert.ok(chain.children!.some((c) => c.contextValue?.startsWith('mwaa.error.')), JSON.stringify(chain.children));
    });
  });

  const MFA_PROFILE = [
    '[profile mfa-role]', 'role_arn = arn:aws:iam::123456789012:role/mfa-role', `source_profile = ${PROFILE}`,
    'mfa_serial = arn:aws:iam::123456789012:mfa/tester', `region = ${REGION}`,
  ];

  // Editing the config file re-reads it (the watcher's own refresh), and re-reading asks again: a
  // code is good once. So answers are scripted before the edit, one per possible question.
  const scriptMfa = (answer: string | null) => vscode.commands.executeCommand('_mwaa.answerPrompts', { 'credentials.mfaCode': [answer, answer, answer] });
  const mfaAsked = async () => (await resetPrompts()).filter((a) => a.id === 'credentials.mfaCode');

  it('a role profile with mfa_serial asks for the code, naming device and profile, and lists with it', async () => {
    await resetPrompts();
    await scriptMfa('123456');
    await withConfigLines(MFA_PROFILE, async () => {
      await refresh();
      const roots = await tree(3);
      find(find(roots, 'mfa-role').children, 'sandbox-af2');
      const asked = await mfaAsked();
      assert.ok(asked.length >= 1 && asked.length <= 3, JSON.stringify(asked));
      for (const a of asked) assert.deepEqual(a, { id: 'credentials.mfaCode', message: 'Code from MFA device arn:aws:iam::123456789012:mfa/tester', answered: true });
    });
  });

  it('a wrong code is refused by STS and shown; cancelling says so and does not ask again until a refresh', async () => {
    // 000000 is the sandbox STS's wrong code.
    await scriptMfa('000000');
    await withConfigLines(MFA_PROFILE, async () => {
      await refresh();
      let node = find(await tree(3), 'mfa-role');
      assert.match(JSON.stringify(node.children), /MultiFactorAuthentication failed/);

      await resetPrompts();
      await scriptMfa(null);
      await refresh();
      node = find(await tree(3), 'mfa-role');
      const error = node.children!.find((c) => c.contextValue?.startsWith('mwaa.error.'))!;
      assert.match(error.tooltip!, /No MFA code was entered for AWS profile 'mfa-role' \(device arn:aws:iam::123456789012:mfa\/tester\)/);
      find(error.children, 'Refresh');
      // A listing without an explicit refresh (a regions change) does not reopen the box.
      assert.ok((await mfaAsked()).length >= 1);
      await scriptMfa(null); // so a wrong extra question is answered (and counted), not left open
      await vscode.workspace.getConfiguration('mwaa').update('regions', [REGION], vscode.ConfigurationTarget.Global);
      try {
        await new Promise((r) => setTimeout(r, 1500));
        assert.match(JSON.stringify(find(await tree(3), 'mfa-role').children), /No MFA code was entered/);
        assert.deepEqual(await mfaAsked(), [], 'not asked again');
      } finally {
        await vscode.workspace.getConfiguration('mwaa').update('regions', undefined, vscode.ConfigurationTarget.Global);
      }
    });
  });
});
