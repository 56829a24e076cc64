import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { createRedactingLogger } from '../../src/core/logger';
import { parseDiagnosticsSettings, type Settings } from '../../src/core/settings';
import { SettingsStore } from '../../src/host/settingsStore';
import { waitFor } from './waitFor';

function workspaceSettingsFile(): string {
  return path.join(vscode.workspace.workspaceFolders![0]!.uri.fsPath, '.vscode', 'settings.json');
}

function nextChange(store: SettingsStore): Promise<Settings> {
  return new Promise((resolve) => {
    const d = store.onDidChange((s) => {
      d.dispose();
      resolve(s);
    });
  });
}

describe('typed settings', () => {
  const warnings: string[] = [];
  let store: SettingsStore;
  before(() => {
    store = new SettingsStore(createRedactingLogger((level, line) => level === 'warn' && warnings.push(line)));
  });
  after(async () => {
    const config = vscode.workspace.getConfiguration('mwaa');
    await config.update('regions', undefined, vscode.ConfigurationTarget.Global);
    await config.update('endpoints', undefined, vscode.ConfigurationTarget.Global);
    await config.update('diagnostics.rules', undefined, vscode.ConfigurationTarget.Global);
    fs.rmSync(workspaceSettingsFile(), { force: true });
    store.dispose();
  });

  it('reads the defaults', () => {
    assert.deepEqual(store.current, { regions: [], endpoints: {} });
  });

  it('re-reads and parses when the user changes a setting', async () => {
    const changed = nextChange(store);
    await vscode.workspace.getConfiguration('mwaa').update('regions', ['eu-west-1', 'bogus', 'eu-west-1'], vscode.ConfigurationTarget.Global);
    const s = await changed;
    assert.deepEqual(s.regions, ['eu-west-1']);
    assert.ok(warnings.some((w) => w.includes('mwaa.regions') && w.includes('bogus')));
  });

  it('takes endpoint overrides from user settings only', async () => {
    const config = vscode.workspace.getConfiguration('mwaa');
    let changed = nextChange(store);
    await config.update('endpoints', { mwaa: 'http://127.0.0.1:4566/' }, vscode.ConfigurationTarget.Global);
    assert.deepEqual((await changed).endpoints, { mwaa: 'http://127.0.0.1:4566' });
    // A workspace (a cloned repository's .vscode/settings.json) cannot redirect calls: the user's
    // value stays in force. VS Code refuses to write it there, so write the file as a repo would.
    changed = nextChange(store);
    fs.mkdirSync(path.dirname(workspaceSettingsFile()), { recursive: true });
    fs.writeFileSync(workspaceSettingsFile(), JSON.stringify({ 'mwaa.endpoints': { mwaa: 'http://attacker.example' }, 'mwaa.regions': ['ap-south-1'] }));
    const s = await changed; // the regions change proves VS Code read the file
    assert.deepEqual(s.regions, ['ap-south-1']);
    assert.deepEqual(s.endpoints, { mwaa: 'http://127.0.0.1:4566' });
    assert.deepEqual(store.current.endpoints, { mwaa: 'http://127.0.0.1:4566' });
  });

  it('reads mwaa.diagnostics.* with their declared defaults; rules merge user and workspace entries, the workspace winning', async () => {
    const read = () => {
      const c = vscode.workspace.getConfiguration('mwaa.diagnostics');
      return parseDiagnosticsSettings((k) => c.get<unknown>(k));
    };
    const defaults = read();
    assert.deepEqual([defaults.settings.enable, defaults.settings.rules, defaults.settings.ruffOverlap, defaults.problems], [true, [], 'leaveToRuff', []]);
    await vscode.workspace.getConfiguration('mwaa').update('diagnostics.rules', { REQ: 'information', MWAA004: 'warning' }, vscode.ConfigurationTarget.Global);
    fs.mkdirSync(path.dirname(workspaceSettingsFile()), { recursive: true });
    fs.writeFileSync(workspaceSettingsFile(), JSON.stringify({ 'mwaa.diagnostics.rules': { MWAA004: 'off', AIR3: 'loud' } }));
    const merged = await waitFor('both scopes read', async () => {
      const r = read();
      return r.settings.rules.some((e) => e.selector.text === 'MWAA004' && e.value === 'off') ? r : undefined;
    }, 20_000, 50);
    assert.deepEqual(merged.settings.rules.map((e) => `${e.selector.text}=${e.value}`).sort(), ['MWAA004=off', 'REQ=information']);
    assert.deepEqual(merged.problems.map((p) => p.message), ['ignored "AIR3": "loud" is not one of off, error, warning, information, hint']);
  });
});
