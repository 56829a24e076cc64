import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { cleanOptions } from '../../../../src/services/localRuntime/environmentFacts';
import { foldersUp, projectFilesOf } from '../../../../src/services/localRuntime/projectFiles';
import { estimatedSizeMb } from '../../../../src/services/localRuntime/runtimeDisk';
import type { RuntimeInputs } from '../../../../src/core/runtime/runtimeTypes';

function tmp(): string {
  return fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'project-files-')));
}

test('requirements.txt and plugins/ beside or above the DAGs folder, nearest first, never above the workspace folder', () => {
  const ws = tmp();
  fs.mkdirSync(path.join(ws, 'project', 'dags', 'team'), { recursive: true });
  fs.mkdirSync(path.join(ws, 'project', 'plugins'));
  fs.writeFileSync(path.join(ws, 'project', 'requirements.txt'), 'x\n');
  fs.writeFileSync(path.join(ws, 'requirements.txt'), 'outer\n');
  const dags = path.join(ws, 'project', 'dags');
  assert.deepEqual(projectFilesOf(dags, ws), { requirementsFile: path.join(ws, 'project', 'requirements.txt'), pluginsFolder: path.join(ws, 'project', 'plugins') });
  // A deeper DAGs folder finds the same files; the DAGs folder's own plugins/ is not MWAA's plugins.
  fs.mkdirSync(path.join(dags, 'team', 'plugins'));
  assert.equal(projectFilesOf(path.join(dags, 'team'), ws).pluginsFolder, path.join(ws, 'project', 'plugins'));
  // Stops at the workspace folder: the one above is not looked at.
  const inner = path.join(ws, 'project');
  fs.rmSync(path.join(inner, 'requirements.txt'));
  assert.equal(projectFilesOf(dags, inner).requirementsFile, undefined);
  assert.equal(projectFilesOf(dags, ws).requirementsFile, path.join(ws, 'requirements.txt'));
  // A folder named requirements.txt is not a file.
  assert.deepEqual(foldersUp(path.join(ws, 'elsewhere'), inner), [path.join(ws, 'elsewhere')]);
});

test('AirflowConfigurationOptions: only section.key names with bounded string values', () => {
  assert.deepEqual(cleanOptions({ 'core.dagbag_import_timeout': '45', 'Core.Parallelism': '8', 'no_section': '1', 'a.b': 3, 'x.y': 'v'.repeat(5000), 'bad key.x': 'y' }),
    { 'core.dagbag_import_timeout': '45', 'core.parallelism': '8' });
  assert.deepEqual(cleanOptions(undefined), {});
  assert.deepEqual(cleanOptions('text'), {});
});

test('the size a first build is said to take grows with the requirements', () => {
  const base = { airflowVersion: '2.11.2', pythonVersion: '3.12', basePackages: [], essentialConstraints: '', airflowConstraints: '', pluginsFolder: undefined, extraPackages: [] };
  const none = estimatedSizeMb({ ...base, requirements: undefined } as RuntimeInputs);
  const many = estimatedSizeMb({ ...base, requirements: { path: '/r', text: Array.from({ length: 20 }, (_, i) => `pkg${i}==1`).join('\n') } } as RuntimeInputs);
  assert.ok(none >= 200 && none % 50 === 0, String(none));
  assert.ok(many > none);
});
