import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import * as vscode from 'vscode';
import { answer, child, deleteSecrets, envKey, filesHolding, putSecret, readSecret, sandboxSecrets, secretsState, secretsTree, uniqueValue } from './secretsSandbox';
import { waitFor } from './waitFor';

/** What a save returns (no value). */
interface SaveResult {
  key: string;
  destination: 'secret' | 'metastore';
  secretName?: string;
  format?: string;
}

/**
 * Variables and connections of one real Airflow behind the sandbox's MWAA, with moto's Secrets
 * Manager as the configured secrets backend (prefixes airflow/variables and airflow/connections).
 * The tests run in order and share the keys made in `before`. Values are compared, never printed:
 * an assertion message names the key, not what it holds.
 */
export function secretsSuite(env: 'sandbox-af2' | 'sandbox-af3', major: 2 | 3, options: { form: boolean; leaks: boolean }): void {
  describe(`variables and connections on ${env} (real Airflow ${major}, Secrets Manager)`, function () {
    this.timeout(600_000);
    const key = envKey(env);
    const sfx = `${major}_${Date.now() % 100000}`;
    const k = { secret: `secb_sv_${sfx}`, meta: `secb_mv_${sfx}`, both: `secb_both_${sfx}`, wrong: `secb_wrong_${sfx}`, created: `secb_new_${sfx}`, picked: `secb_pick_${sfx}`, conn: `secb_conn_${sfx}`, form: `secb_form_${sfx}` };
    const v = {
      secret: uniqueValue('sv'), meta: uniqueValue('mv'), meta2: uniqueValue('mv2'), bothSecret: uniqueValue('bs'), bothMeta: uniqueValue('bm'), wrong: uniqueValue('wr'),
      created: uniqueValue('nv'), created2: uniqueValue('nv2'), picked: uniqueValue('pv'), connPassword: uniqueValue('cp'), formPassword: uniqueValue('fp'),
    };
    const made: string[] = [];
    let sm: SecretsManagerClient;

    /** The keys under Variables: depth 1 the keys alone, 2 with what is under each. */
    const variables = async (depth = 2) => child(await secretsTree(key, depth + 1), 'Variables').children ?? [];
    const create = (input: Record<string, unknown>) => vscode.commands.executeCommand<SaveResult | undefined>('mwaa.createVariable', key, input);

    before(async function () {
      const client = sandboxSecrets();
      if (!client) this.skip(); // only under the sandbox-backed host runner
      sm = client!;
      await vscode.commands.executeCommand('_extensionTests.setLogLevel', 'trace');
      for (const [name, value] of [[`airflow/variables/${k.secret}`, v.secret], [`airflow/variables/${k.both}`, v.bothSecret], [`airflow/variable/${k.wrong}`, v.wrong]] as const) {
        await putSecret(sm, name, value);
        made.push(name);
      }
      // The metastore's, through the extension (the Airflow API): Airflow starts on the first call.
      await waitFor('Airflow to take a metastore variable', async () => (await create({ key: k.meta, secretValue: v.meta, target: 'metastore' }))?.destination === 'metastore', 420_000, 5000);
      assert.equal((await create({ key: k.both, secretValue: v.bothMeta, target: 'metastore' }))?.destination, 'metastore');
    });

    after(async () => {
      await vscode.commands.executeCommand('_extensionTests.setLogLevel', 'info');
      if (sm) await deleteSecrets(sm, made);
    });

    it('lists a secret-backed and a metastore variable, and says which one Airflow uses', async () => {
      await vscode.commands.executeCommand('mwaa.refreshSecrets', key);
      const vars = await variables();
      const secret = child(vars, k.secret);
      assert.equal(secret.description, 'Secrets Manager');
      assert.equal(secret.contextValue, 'mwaa.secret.variable.secret');
      assert.equal(secret.icon, 'lock');
      assert.match(secret.tooltip!, new RegExp(`Secrets Manager: \`airflow/variables/${k.secret}\`, last changed`));
      assert.match(secret.tooltip!, /Airflow uses \*\*the secret\*\*\. Airflow looks up a variable in the secrets backend first, then in environment variables/);
      const meta = child(vars, k.meta);
      assert.equal(meta.description, 'metastore');
      assert.equal(meta.contextValue, 'mwaa.secret.variable.metastore');
      assert.equal(meta.icon, 'database');
      assert.match(meta.tooltip!, /Airflow uses \*\*the metastore entry\*\*/);
      const both = child(vars, k.both);
      assert.equal(both.description, 'Secrets Manager · shadows metastore');
      assert.equal(both.contextValue, 'mwaa.secret.variable.secret');
      assert.equal(child(both.children, 'Metastore (Airflow API)').description, 'shadowed by the secret');
      assert.match(child(both.children, `Secrets Manager: airflow/variables/${k.both}`).description!, /· used$/);
      // Under the wrong prefix: Airflow never sees it, and neither does the list.
      assert.ok(!vars.some((n) => n.label === k.wrong));
      assert.ok(!Object.values(v).some((value) => JSON.stringify(vars).includes(value)), 'no value in the listed tree');
      const groups = await secretsTree(key, 1);
      assert.deepEqual(groups.map((g) => [g.label, g.contextValue]), [['Variables', 'mwaa.secrets.variable'], ['Connections', 'mwaa.secrets.connection']]);
    });

    it('shows a value only when asked, from the source Airflow uses, and drops it when the key collapses', async () => {
      assert.equal(await vscode.commands.executeCommand('mwaa.showSecretValue', { envKey: key, kind: 'variable', key: k.both }), true);
      const id = child(await variables(1), k.both).id!;
      assert.deepEqual((await secretsState()).revealed, [id]);
      const shown = child(await variables(), k.both);
      assert.match(shown.description!, /value shown$/);
      assert.equal(shown.contextValue, 'mwaa.secret.variable.secret.revealed');
      const line = child(shown.children, 'Value');
      assert.ok(line.description === v.bothSecret, `${k.both} shows the secret's value (the secret wins over the metastore)`);
      assert.equal(await vscode.commands.executeCommand('_mwaa.secretsCollapse', id), true);
      assert.deepEqual((await secretsState()).revealed, []);
      assert.ok(!child(await variables(), k.both).children!.some((c) => c.label === 'Value'));
      // Hide Value does the same from the menu.
      await vscode.commands.executeCommand('mwaa.showSecretValue', { envKey: key, kind: 'variable', key: k.secret });
      assert.ok(child(child(await variables(), k.secret).children, 'Value').description === v.secret, `${k.secret} shows its value`);
      assert.equal(await vscode.commands.executeCommand('mwaa.hideSecretValue', { envKey: key, kind: 'variable', key: k.secret }), true);
      assert.deepEqual((await secretsState()).revealed, []);
    });

    it('creates a variable as a secret named by the prefix, as the plain string (read back through the SDK), and asks before overwriting', async () => {
      const r = await create({ key: k.created, secretValue: v.created, target: 'secret' });
      assert.deepEqual(r, { key: k.created, destination: 'secret', secretName: `airflow/variables/${k.created}` });
      made.push(r!.secretName!);
      assert.ok((await readSecret(sm, r!.secretName!)) === v.created, 'the secret holds exactly the value typed');
      await answer({ 'secrets.overwrite': null });
      assert.equal(await create({ key: k.created, secretValue: v.created2, target: 'secret' }), undefined, 'declined: nothing saved');
      assert.ok((await readSecret(sm, r!.secretName!)) === v.created, 'the secret is unchanged after a declined overwrite');
      await answer({ 'secrets.overwrite': 'Overwrite' });
      assert.equal((await create({ key: k.created, secretValue: v.created2, target: 'secret' }))?.destination, 'secret');
      assert.ok((await readSecret(sm, r!.secretName!)) === v.created2, 'the secret holds the new value');
      // Without a target the user picks one.
      await answer({ 'secrets.destination': { label: 'Airflow metastore' } });
      assert.deepEqual(await create({ key: k.picked, secretValue: v.picked }), { key: k.picked, destination: 'metastore' });
      const vars = await variables(1);
      assert.equal(child(vars, k.created).description, 'Secrets Manager');
      assert.equal(child(vars, k.picked).description, 'metastore');
      // A key Airflow refuses is refused before any call.
      assert.equal(await create({ key: 'bad key/..', secretValue: 'x', target: 'secret' }), undefined);
    });

    it('edits a metastore variable through the Airflow API after confirming', async () => {
      await answer({ 'secrets.overwrite': 'Overwrite' });
      const r = await vscode.commands.executeCommand<SaveResult>('mwaa.editVariable', { envKey: key, kind: 'variable', key: k.meta }, { secretValue: v.meta2 });
      assert.deepEqual(r, { key: k.meta, destination: 'metastore' });
      await vscode.commands.executeCommand('mwaa.showSecretValue', { envKey: key, kind: 'variable', key: k.meta });
      assert.ok(child(child(await variables(), k.meta).children, 'Value').description === v.meta2, `${k.meta} holds the edited value in the metastore`);
      await vscode.commands.executeCommand('mwaa.hideSecretValue', { envKey: key, kind: 'variable', key: k.meta });
    });

    it('creates a connection as a secret in the format the environment\'s Amazon provider reads; bad fields are refused', async () => {
      const fields = { connType: 'postgres', host: 'db.internal', login: 'app', password: v.connPassword, port: 5432, schema: 'orders', extra: { sslmode: 'require' } };
      const r = await vscode.commands.executeCommand<SaveResult>('mwaa.createConnection', key, { connectionId: k.conn, fields, target: 'secret' });
      assert.equal(r.secretName, `airflow/connections/${k.conn}`);
      made.push(r.secretName!);
      // Both sandbox providers (9.x) read JSON by themselves.
      assert.equal(r.format, 'json');
      const stored = JSON.parse((await readSecret(sm, r.secretName!))!) as Record<string, unknown>;
      assert.ok(stored.password === v.connPassword, 'the password is stored as typed');
      delete stored.password;
      assert.deepEqual(stored, { conn_type: 'postgres', host: 'db.internal', login: 'app', schema: 'orders', port: 5432, extra: { sslmode: 'require' } });
      const conns = child(await secretsTree(key, 2), 'Connections').children!;
      assert.equal(child(conns, k.conn).contextValue, 'mwaa.secret.connection.secret');
      // Show Value reads the secret back as the connection Airflow builds, field by field.
      await vscode.commands.executeCommand('mwaa.showSecretValue', { envKey: key, kind: 'connection', key: k.conn });
      const shown = child(child(await secretsTree(key, 3), 'Connections').children, k.conn).children!;
      assert.equal(child(shown, 'Host').description, 'db.internal');
      assert.ok(child(shown, 'Password').description === v.connPassword, `${k.conn} shows its password when asked`);
      await vscode.commands.executeCommand('mwaa.hideSecretValue', { envKey: key, kind: 'connection', key: k.conn });
      // Edit without a password keeps the current one (the form never receives it).
      await answer({ 'secrets.overwrite': 'Overwrite' });
      const edited = await vscode.commands.executeCommand<SaveResult>('mwaa.editConnection', { envKey: key, kind: 'connection', key: k.conn }, { fields: { connType: 'postgres', host: 'db2.internal', login: 'app', port: 5433 } });
      assert.equal(edited.secretName, r.secretName);
      const after = JSON.parse((await readSecret(sm, r.secretName!))!) as Record<string, unknown>;
      assert.equal(after.host, 'db2.internal');
      assert.equal(after.port, 5433);
      assert.ok(after.password === v.connPassword, 'the current password is kept when none is given');
      const bad = await vscode.commands.executeCommand('mwaa.createConnection', key, { connectionId: `${k.conn}_bad`, fields: { ...fields, connType: '' }, target: 'secret' });
      assert.equal(bad, undefined);
      await assert.rejects(readSecret(sm, `airflow/connections/${k.conn}_bad`), /ResourceNotFound|can't find|not find/i);
    });

    it('explains why Airflow cannot see a secret under the wrong prefix, and finds nothing wrong with a good one', async () => {
      const results = await vscode.commands.executeCommand<{ id: string; status: string; detail: string; fix?: string }[]>('mwaa.explainSecretVisibility', key, 'variable', k.wrong);
      const problems = results.filter((c) => c.status === 'problem');
      assert.ok(problems.length >= 1, JSON.stringify(results.map((c) => [c.id, c.status])));
      assert.ok(problems.some((c) => `${c.detail} ${c.fix ?? ''}`.includes(`airflow/variable/${k.wrong}`)), 'a problem names the near-miss secret');
      assert.ok(!JSON.stringify(results).includes(v.wrong), 'no value in the report');
      const state = await secretsState();
      assert.equal(state.lastReport?.key, k.wrong);
      const good = await vscode.commands.executeCommand<{ id: string; status: string }[]>('mwaa.explainSecretVisibility', { envKey: key, kind: 'variable', key: k.secret });
      assert.deepEqual(good.filter((c) => c.status === 'problem').map((c) => c.id), []);
    });

    if (options.form) {
      it('the connection form refuses a broken Extra where it breaks, keeps the form open, then saves', async () => {
        await answer({ 'secrets.destination': { label: 'Secrets Manager' } });
        const pending = vscode.commands.executeCommand<SaveResult | undefined>('mwaa.createConnection', key);
        await waitFor('the connection form', async () => (await secretsState()).openForms === 1, 30_000);
        const typed = { type: 'save', connectionId: k.form, connType: 'http', host: 'api.example.com', login: 'svc', password: v.formPassword, port: '443', schema: '', extra: '{"timeout": }' };
        const refused = await vscode.commands.executeCommand<{ saved: boolean; errors?: { field?: string; message: string }[] }>('_mwaa.secretsFormMessage', typed);
        assert.equal(refused.saved, false);
        assert.equal(refused.errors?.[0]?.field, 'extra');
        assert.match(refused.errors![0]!.message, /^Extra is not valid JSON at line 1, column 13/);
        assert.equal((await secretsState()).openForms, 1, 'the form stays open with what was typed');
        const saved = await vscode.commands.executeCommand<{ saved: boolean }>('_mwaa.secretsFormMessage', { ...typed, extra: '{"timeout": 30}' });
        assert.equal(saved.saved, true);
        const r = await pending;
        assert.equal(r?.secretName, `airflow/connections/${k.form}`);
        made.push(r!.secretName!);
        const stored = JSON.parse((await readSecret(sm, r!.secretName!))!) as Record<string, unknown>;
        assert.ok(stored.password === v.formPassword, 'the form\'s password is stored');
        assert.deepEqual(stored.extra, { timeout: 30 });
        assert.equal((await secretsState()).openForms, 0);
      });
    }

    if (options.leaks) {
      it('no value reaches the log, the settings, global or workspace state, or the extension\'s storage', async () => {
        const values = Object.values(v);
        const { storage } = await secretsState();
        // The log was really read: our own lines are there (debug ones too, at trace level).
        const ours = filesHolding(storage.logDir, [`secrets: variable ${k.created}`, 'command mwaa.createVariable']);
        assert.equal(ours.length, 2, `the log under ${storage.logDir} holds the feature's lines`);
        assert.deepEqual(filesHolding(storage.logDir, values), []);
        assert.deepEqual(filesHolding(storage.userDir, values), [], 'settings.json, globalStorage, workspaceStorage, state databases');
        assert.deepEqual(filesHolding(vscode.workspace.workspaceFolders![0]!.uri.fsPath, values), []);
        assert.ok(!values.some((value) => storage.stateText.includes(value)), 'global and workspace state');
        assert.ok(path.isAbsolute(storage.userDir));
      });
    }
  });
}
