import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { AwsClientFactory, type ClientTarget } from '../../src/core/aws/clientFactory';
import { loadSdk } from '../../src/core/aws/loadSdk';
import { findProfile, readProfiles } from '../../src/core/aws/profiles';
import type { EnvironmentsState } from '../../src/features/environments/testSeams';
import { find, PROFILE, REGION, refresh, tree, withConfigLines } from './credentialsHelpers';
import { activateExtension } from './extension';
import { waitFor } from './waitFor';

// The explorer of the running extension, read through its test-seam commands: the same
// getChildren/getTreeItem calls VS Code makes, against the sandbox MWAA the runner started.
const state = () => vscode.commands.executeCommand<EnvironmentsState>('_mwaa.environmentsState');
const key = (name: string) => JSON.stringify([PROFILE, REGION, name]);

async function faults(rules: object[] | undefined): Promise<void> {
  const url = process.env.MWAA_SANDBOX_FAULTS_URL!;
  const res = await fetch(url, rules ? { method: 'POST', body: JSON.stringify({ rules }), headers: { 'content-type': 'application/json' } } : { method: 'DELETE' });
  assert.ok(res.ok, `fault endpoint answered ${res.status}`);
}

// How long this suite's waits may take: an update carried out by the sandbox and followed by the
// poller, a change of the AWS config file picked up.
const WAIT_MS = 40_000;

/** Calls AWS from outside the extension, as the console or the CLI would, with the sandbox's profile. */
async function outside<T>(call: (factory: AwsClientFactory, target: ClientTarget) => Promise<T>): Promise<T> {
  const catalog = await readProfiles({ ignoreCache: true });
  const factory = new AwsClientFactory({ extensionVersion: 'test' });
  try {
    return await call(factory, { profile: findProfile(catalog, PROFILE)! });
  } finally {
    factory.dispose();
  }
}

const updateOutside = (input: { Name: string; MinWorkers?: number; MaxWorkers?: number }) =>
  outside((factory, target) => factory.mwaa(target).send(new (loadSdk().UpdateEnvironmentCommand)(input)));

describe('environments explorer', function () {
  this.timeout(90_000);

  before(async () => {
    await activateExtension();
    // Visible view: that is what loads it and what keeps status polling on.
    await vscode.commands.executeCommand('mwaa.environments.focus');
  });

  afterEach(async () => {
    await faults(undefined);
    process.env.AWS_PROFILE = PROFILE;
    const config = vscode.workspace.getConfiguration('mwaa');
    if (config.inspect('regions')?.globalValue !== undefined) await config.update('regions', undefined, vscode.ConfigurationTarget.Global);
  });

  it('lists both sandbox environments with status, version and details', async () => {
    await refresh();
    const roots = await tree(3);
    // One profile, one region: both levels collapse away and environments are the roots.
    const af2 = find(roots, 'sandbox-af2');
    // Versions are those of the Airflow the sandbox installed (2.x and 3.x).
    assert.match(af2.description!, /^2\.\d+\.\d+ · Available$/);
    assert.equal(af2.icon, 'pass');
    assert.equal(af2.color, 'charts.green');
    assert.equal(af2.contextValue, 'mwaa.environment.available');
    assert.match(af2.tooltip!, /Ready to use/);
    assert.match(af2.tooltip!, /Class: mw1\./);
    assert.match(af2.tooltip!, new RegExp(`Profile: ${PROFILE} · ${REGION}`));
    const af3 = find(roots, 'sandbox-af3');
    assert.match(af3.description!, /^3\.\d+\.\d+ · Available$/);

    const details = af2.children!;
    assert.equal(find(details, 'Airflow').description, af2.description!.split(' · ')[0]);
    assert.match(find(details, 'Class').description!, /^mw1\.\w+, workers \d+–\d+/);
    // The sandbox's web server speaks plain http on loopback, and the row says so.
    assert.match(find(details, 'Web server').description!, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(find(details, 'DAGs folder').description, 's3://airflow-sandbox-af2/dags/');
    assert.equal(find(details, 'DAGs folder').contextValue, 'mwaa.detail.copyable');
    assert.equal(find(details, 'ARN').description, `arn:aws:airflow:${REGION}:123456789012:environment/sandbox-af2`);
    const logs = find(details, 'Log groups');
    assert.equal(logs.description, '5 of 5 enabled');
    assert.equal(find(logs.children, 'Task').description, 'airflow-sandbox-af2-Task (INFO)');
  });

  it('shows failed statuses with their error, and an Airflow version it does not know', async () => {
    const roots = await tree(2);
    const failed = find(roots, 'sandbox-synthetic-001');
    assert.equal(failed.icon, 'warning');
    assert.equal(failed.color, 'charts.yellow');
    assert.equal(failed.contextValue, 'mwaa.environment.update_failed');
    assert.match(failed.tooltip!, /INCORRECT\\_CONFIGURATION: requirements\.txt/);
    const created = find(roots, 'sandbox-synthetic-002');
    assert.equal(created.icon, 'error');
    assert.equal(created.description, '3.9.0 · Create failed');
    assert.match(find(created.children, 'Airflow').description!, /3\.9\.0 \(newer than this extension knows\)/);
    assert.ok(find(failed.children, 'Update error').description!.includes('nosuchpkg'));
  });

  it('follows an update live: UPDATING, then AVAILABLE with a notification', async () => {
    await updateOutside({ Name: 'sandbox-af3', MaxWorkers: 3 });
    await refresh();
    const updating = find(await tree(1), 'sandbox-af3');
    assert.match(updating.description!, /^3\.\d+\.\d+ · Updating$/);
    assert.equal(updating.icon, 'sync~spin');
    assert.equal(updating.contextValue, 'mwaa.environment.updating');
    assert.ok((await state()).polling.includes(key('sandbox-af3')), 'no poller for the updating environment');

    // No refresh from here on: only polling can bring the new status.
    await waitFor('sandbox-af3 to become available', async () => {
      const n = find(await tree(1), 'sandbox-af3');
      return /· Available$/.test(n.description!) ? n : undefined;
    }, WAIT_MS);
    const s = await waitFor('the poller to stop', async () => ((await state()).polling.length === 0 ? state() : undefined), WAIT_MS);
    assert.ok(s.notifications.some((m) => /sandbox-af3 is available: the update finished/.test(m)), JSON.stringify(s.notifications));
    const details = find(await tree(2), 'sandbox-af3').children!;
    assert.match(find(details, 'Class').description!, /workers \d+–3/);
  });

  it('follows a failing update to UPDATE_FAILED and says why', async () => {
    await outside(async (factory, target) => {
      const sdk = loadSdk();
      // A plugins.zip that is not a zip: MWAA (and the sandbox) rolls the update back.
      const put = await factory.s3(target).send(new sdk.PutObjectCommand({ Bucket: 'airflow-sandbox-af3', Key: 'plugins.zip', Body: 'not a zip' }));
      await factory.mwaa(target).send(new sdk.UpdateEnvironmentCommand({ Name: 'sandbox-af3', PluginsS3Path: 'plugins.zip', PluginsS3ObjectVersion: put.VersionId! }));
    });
    await refresh();
    const failed = await waitFor('sandbox-af3 to fail its update', async () => {
      const n = find(await tree(2), 'sandbox-af3');
      return /· Update failed$/.test(n.description!) ? n : undefined;
    }, WAIT_MS);
    assert.equal(failed.icon, 'warning');
    assert.match(find(failed.children, 'Update error').description!, /INCORRECT_CONFIGURATION: plugins\.zip .*not a zip/);
    const s = await waitFor('the notification', async () => ((await state()).polling.length === 0 ? state() : undefined), WAIT_MS);
    assert.ok(s.notifications.some((m) => /sandbox-af3: update failed\. INCORRECT_CONFIGURATION/.test(m)), JSON.stringify(s.notifications));
  });

  it('shows AccessDenied in one region as an error node while the other region lists', async () => {
    await faults([{ kind: 'accessDenied', service: 'mwaa', operation: 'ListEnvironments', region: 'eu-west-1' }]);
    await vscode.workspace.getConfiguration('mwaa').update('regions', [REGION, 'eu-west-1'], vscode.ConfigurationTarget.Global);
    await refresh();
    const roots = await tree(3);
    // Two regions now: the region level shows.
    const home = find(roots, REGION);
    find(home.children, 'sandbox-af2');
    const denied = find(roots, 'eu-west-1');
    assert.equal(denied.description, 'has errors');
    const error = find(denied.children, 'Access denied in eu-west-1');
    assert.equal(error.contextValue, 'mwaa.error.access-denied');
    assert.match(error.tooltip!, /airflow:ListEnvironments/);
    assert.deepEqual(error.children!.map((c) => c.command?.command), ['mwaa.refreshEnvironments']);
  });

  it('shows a profile missing from the config files as an error node with what to do', async () => {
    process.env.AWS_PROFILE = 'no-such-profile';
    await refresh();
    const roots = await tree(3);
    // Two profiles now (the sandbox one and the missing one): the profile level shows.
    find(find(roots, PROFILE).children, 'sandbox-af2');
    const missing = find(roots, 'no-such-profile');
    const error = find(missing.children, "Profile 'no-such-profile' not found");
    assert.equal(error.contextValue, 'mwaa.error.config');
    assert.match(error.tooltip!, /not defined in .*config/);
    assert.ok(error.children!.some((c) => c.command?.command === 'mwaa.openAwsConfig'));
  });

  it('retries throttled listing calls, and shows a dropped connection as a network error node', async () => {
    // Two throttles: the SDK's retries absorb them and the environments list as usual.
    await faults([{ kind: 'throttle', service: 'mwaa', operation: 'ListEnvironments', count: 2 }]);
    await refresh();
    find(await tree(1), 'sandbox-af2');
    // Every attempt dropped: after the retries, a node that says so and offers a refresh.
    await faults([{ kind: 'drop', service: 'mwaa', operation: 'ListEnvironments' }]);
    await refresh();
    const error = find(await tree(2), 'Network unreachable');
    assert.equal(error.contextValue, 'mwaa.error.network');
    assert.equal(error.icon, 'warning');
    assert.match(error.tooltip!, /Check the network, proxy or the endpoint override/);
    assert.deepEqual(error.children!.map((c) => c.command?.command), ['mwaa.refreshEnvironments']);
  });

  it('polls only while the view is visible', async () => {
    await updateOutside({ Name: 'sandbox-af2', MinWorkers: 2 });
    await refresh();
    assert.ok((await state()).polling.includes(key('sandbox-af2')));
    await vscode.commands.executeCommand('workbench.view.explorer');
    await waitFor('polling to stop while the view is hidden', async () => (await state()).polling.length === 0, 10_000);
    await vscode.commands.executeCommand('mwaa.environments.focus');
    // Visible again: polling resumes and the update is followed to its end.
    await waitFor('sandbox-af2 to settle', async () => /· Available$/.test(find(await tree(1), 'sandbox-af2').description!), WAIT_MS);
  });

  it('re-reads the profiles when the AWS config file changes', async () => {
    const configFile = process.env.AWS_CONFIG_FILE!;
    const original = fs.readFileSync(configFile, 'utf8');
    await refresh();
    try {
      // A second profile with its own keys and region: the tree grows a profile level by itself.
      fs.appendFileSync(configFile, `\n[profile second]\nregion = ${REGION}\naws_access_key_id = test\naws_secret_access_key = test\n`);
      const second = await waitFor('the new profile to appear', async () => (await tree(2)).find((n) => n.label === 'second'), WAIT_MS);
      find(second.children, 'sandbox-af2');
    } finally {
      fs.writeFileSync(configFile, original);
    }
    await waitFor('the profile to go again', async () => !(await tree(1)).some((n) => n.label === 'second'), WAIT_MS);
  });

  it('shows an SSO profile without a login as an error node offering aws sso login', async () => {
    // No token in the SSO cache for this session: what an expired or never-run login looks like.
    await withConfigLines([
      '[profile sso-dev]', 'sso_session = corp', 'sso_account_id = 123456789012', 'sso_role_name = Developer', `region = ${REGION}`,
      '', '[sso-session corp]', 'sso_start_url = https://example.invalid/start', `sso_region = ${REGION}`,
    ], async () => {
      await refresh();
      const roots = await tree(3);
      find(find(roots, PROFILE).children, 'sandbox-af2');
      const error = find(find(roots, 'sso-dev').children, 'SSO login needed');
      assert.equal(error.contextValue, 'mwaa.error.sso-login');
      assert.match(error.tooltip!, /Run `aws sso login --profile sso-dev`/);
      const login = find(error.children, 'Run aws sso login --profile sso-dev');
      assert.deepEqual(login.command, { command: 'mwaa.ssoLogin', arguments: ['sso-dev'] });
    });
  });

  it('runs aws sso login for a profile in a terminal', async () => {
    const opened = new Promise<vscode.Terminal>((resolve) => {
      const d = vscode.window.onDidOpenTerminal((t) => {
        d.dispose();
        resolve(t);
      });
    });
    await vscode.commands.executeCommand('mwaa.ssoLogin', 'dev profile');
    const terminal = await opened;
    assert.equal(terminal.name, 'AWS SSO login');
    terminal.dispose();
  });

  it('opens the Airflow UI only on the host the web-login token call returned', async () => {
    await refresh();
    const webserver = find(find(await tree(2), 'sandbox-af2').children, 'Web server').description!;
    const origin = await vscode.commands.executeCommand<string>('mwaa.openAirflowUi', key('sandbox-af2'));
    // The sandbox's web server is plain http on loopback: the only case http is allowed.
    assert.equal(origin, webserver);
  });

  it('shows environment details as a read-only markdown document without secrets', async () => {
    const uri = await vscode.commands.executeCommand<string>('mwaa.showEnvironmentDetails', key('sandbox-af2'));
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri)!;
    assert.ok(doc, 'details document not open');
    assert.equal(doc.uri.scheme, 'mwaa-environment');
    assert.equal(doc.languageId, 'markdown');
    const text = doc.getText();
    assert.match(text, /^# sandbox-af2/);
    assert.match(text, /\| DAGs folder \| s3:\/\/airflow-sandbox-af2\/dags\/ \|/);
    assert.doesNotMatch(text, /AirflowConfigurationOptions|aws_secret|SecretAccessKey/i);
    // Shown rendered: a Markdown preview tab (it opens a moment after the command returns).
    await waitFor('the rendered details', async () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).some((t) => /^Preview sandbox-af2/.test(t.label)) || undefined, 10_000);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('binds an environment to the workspace folder, shown in the tree and the status bar', async () => {
    const folder = vscode.workspace.workspaceFolders![0]!;
    await vscode.commands.executeCommand('_mwaa.answerPrompts', { 'environments.bind': 'Bind' });
    const bound = await vscode.commands.executeCommand<string>('mwaa.bindEnvironment', key('sandbox-af2'), folder.uri);
    assert.equal(bound, key('sandbox-af2'));
    const node = find(await tree(1), 'sandbox-af2');
    assert.equal(node.contextValue, 'mwaa.environment.available.bound');
    assert.match(node.description!, new RegExp(`bound to ${folder.name}`));
    assert.equal((await state()).statusBar, '$(pass) sandbox-af2');
    await vscode.commands.executeCommand('mwaa.unbindEnvironment', folder.uri);
    assert.equal((await state()).statusBar, undefined);
    assert.equal(find(await tree(1), 'sandbox-af2').contextValue, 'mwaa.environment.available');
  });
});
