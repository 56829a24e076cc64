import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { innermostFolder } from '../../../src/core/sync/folderLookup';
import { rolloutReason, routeSavedFile } from '../../../src/core/sync/saveRouting';
import { SyncFilter } from '../../../src/core/sync/syncFilter';

let root: string;
before(async () => {
  root = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'route-')));
  for (const d of ['dags/team', 'dags/tests']) await fs.mkdir(path.join(root, d), { recursive: true });
  for (const f of ['dags/a.py', 'dags/team/b.py', 'dags/.env', 'dags/requirements.txt', 'dags/tests/t.py', 'outside.py']) await fs.writeFile(path.join(root, f), 'x');
  await fs.symlink(path.join(root, 'outside.py'), path.join(root, 'dags', 'link.py'));
});
after(() => fs.rm(root, { recursive: true, force: true }));

test('the innermost bound folder wins; siblings with a common name prefix do not match', () => {
  const folders = [[path.join(root, 'dags'), 'outer'], [path.join(root, 'dags', 'team'), 'inner'], [path.join(root, 'dags2'), 'other']] as const;
  assert.equal(innermostFolder(path.join(root, 'dags', 'team', 'b.py'), folders)?.value, 'inner');
  assert.equal(innermostFolder(path.join(root, 'dags', 'a.py'), folders)?.value, 'outer');
  assert.equal(innermostFolder(path.join(root, 'dags2x', 'a.py'), folders), undefined);
  assert.equal(innermostFolder(path.join(root, 'outside.py'), folders), undefined);
  assert.equal(innermostFolder(path.join(root, 'dags'), folders), undefined, 'the folder itself is not a file in it');
  assert.equal(innermostFolder(path.join(root, 'dags', '..hidden', 'x.py'), folders)?.value, 'outer', 'a name starting with two dots is inside');
});

test('rollout files are never uploaded on save, with the reason', () => {
  for (const rel of ['requirements.txt', 'sub/requirements-dev.txt', 'plugins.zip', 'plugins/my_plugin.py', 'startup.sh']) {
    assert.match(rolloutReason(rel) ?? '', /not uploaded on save: the (requirements file|plugins|startup script) is installed by an environment update/, rel);
  }
  for (const rel of ['dag.py', 'sub/plugins/x.py', 'requirements.py', 'startup.py']) assert.equal(rolloutReason(rel), undefined, rel);
});

test('routes a saved file to its key, or says why it stays local', async () => {
  const binding = { folder: path.join(root, 'dags'), bucket: 'b', prefix: 'dags' };
  const filter = new SyncFilter(['tests/']);
  assert.deepEqual(await routeSavedFile(path.join(root, 'dags', 'team', 'b.py'), binding, filter), { upload: true, key: 'dags/team/b.py', rel: 'team/b.py' });
  const reasons = {
    env: await routeSavedFile(path.join(root, 'dags', '.env'), binding, filter),
    excluded: await routeSavedFile(path.join(root, 'dags', 'tests', 't.py'), binding, filter),
    rollout: await routeSavedFile(path.join(root, 'dags', 'requirements.txt'), binding, filter),
    outside: await routeSavedFile(path.join(root, 'outside.py'), binding, filter),
    link: await routeSavedFile(path.join(root, 'dags', 'link.py'), binding, filter),
    gone: await routeSavedFile(path.join(root, 'dags', 'deleted.py'), binding, filter),
  };
  const why = (r: Awaited<ReturnType<typeof routeSavedFile>>) => (r.upload ? '' : r.reason);
  assert.match(why(reasons.env), /never uploaded: environment files hold secrets/);
  assert.match(why(reasons.excluded), /mwaa\.sync\.exclude/);
  assert.match(why(reasons.rollout), /requirements file is installed by an environment update/);
  assert.match(why(reasons.outside), /outside the bound DAG folder/);
  assert.match(why(reasons.link), /link to .* outside the bound DAG folder/);
  assert.match(why(reasons.gone), /no longer exists/);
});
