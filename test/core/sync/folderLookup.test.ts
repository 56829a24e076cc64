import assert from 'node:assert/strict';
import { test } from 'node:test';
import { foldersBeside, innermostFolder } from '../../../src/core/sync/folderLookup';

test('a requirements.txt next to a bound dags/ is beside it; one inside dags/ is in it', () => {
  const bound = [['/p/sample/dags', 'af2'] as const];
  assert.deepEqual(foldersBeside('/p/sample/requirements.txt', bound), [{ folder: '/p/sample/dags', value: 'af2' }]);
  assert.deepEqual(foldersBeside('/p/sample/plugins/hooks.py', bound), [{ folder: '/p/sample/dags', value: 'af2' }]);
  assert.equal(innermostFolder('/p/sample/requirements.txt', bound), undefined);
  assert.deepEqual(innermostFolder('/p/sample/dags/requirements.txt', bound), { folder: '/p/sample/dags', value: 'af2' });
});

test('files in another project, or above the parent, are beside nothing', () => {
  const bound = [['/p/sample/dags', 'af2'] as const];
  assert.deepEqual(foldersBeside('/p/other/requirements.txt', bound), []);
  assert.deepEqual(foldersBeside('/p/requirements.txt', bound), []);
  assert.deepEqual(foldersBeside('/p/sample-2/requirements.txt', bound), []);
});

test('the nearest parent wins; folders sharing it are all returned', () => {
  const bound = [['/p/a/dags', 'outer'] as const, ['/p/a/team/dags', 'inner'] as const, ['/p/a/team/dags2', 'inner2'] as const];
  assert.deepEqual(foldersBeside('/p/a/team/requirements.txt', bound).map((f) => f.value).sort(), ['inner', 'inner2']);
  assert.deepEqual(foldersBeside('/p/a/requirements.txt', bound).map((f) => f.value), ['outer']);
});

test('a bound filesystem root has no parent and is beside nothing', () => {
  assert.deepEqual(foldersBeside('/requirements.txt', [['/', 'root'] as const]), []);
});
