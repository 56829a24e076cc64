import assert from 'node:assert/strict';
import { test } from 'node:test';
import { getVariable, listVariables, setVariable } from '../../../src/core/airflow/variablesApi';
import { isUserFacingError } from '../../../src/core/errors';
import { FakeMetastore } from '../secrets/fakeMetastore';

for (const major of [2, 3] as const) {
  test(`Airflow ${major}: listing pages through every variable, keys and descriptions only (values dropped)`, async () => {
    const m = new FakeMetastore(major);
    for (let i = 0; i < 250; i++) m.variables.set(`k${String(i).padStart(3, '0')}`, { value: `supersecret${i}`, ...(i === 3 ? { description: 'third' } : {}) });
    const list = await listVariables(m.client());
    assert.equal(list.length, 250);
    assert.deepEqual(list[3], { key: 'k003', description: 'third' });
    assert.doesNotMatch(JSON.stringify(list), /supersecret/);
    assert.deepEqual(m.requests.map((r) => r.query), [0, 100, 200].map((offset) => ({ limit: 100, offset, order_by: 'key' })));
    assert.equal((await listVariables(m.client(), { max: 120 })).length, 120);
  });

  test(`Airflow ${major}: get on demand (undefined when absent), set creates then updates keeping the description`, async () => {
    const m = new FakeMetastore(major);
    const c = m.client();
    assert.equal(await getVariable(c, 'missing'), undefined);
    await setVariable(c, 'env name', 'one');
    assert.equal(await getVariable(c, 'env name'), 'one');
    m.variables.get('env name')!.description = 'kept';
    await setVariable(c, 'env name', 'two');
    assert.deepEqual(m.variables.get('env name'), { value: 'two', description: 'kept' });
    const patch = m.requests.filter((r) => r.method === 'PATCH').at(-1)!;
    assert.equal(patch.path, '/variables/env%20name');
    assert.deepEqual(patch.query, major === 3 ? { update_mask: 'value' } : undefined);
  });

  test(`Airflow ${major}: a key with "/" is read and written (Airflow 2 by listing and POST)`, async () => {
    const m = new FakeMetastore(major);
    const c = m.client();
    await setVariable(c, 'team/key', 'v1');
    m.variables.get('team/key')!.description = 'desc';
    await setVariable(c, 'team/key', 'v2');
    assert.deepEqual(m.variables.get('team/key'), { value: 'v2', description: 'desc' });
    assert.equal(await getVariable(c, 'team/key'), 'v2');
    if (major === 2) assert.ok(m.requests.every((r) => !r.path.startsWith('/variables/')), 'no request with the key in the path');
    else assert.ok(m.requests.some((r) => r.path === '/variables/team/key'));
  });
}

test('keys that would change the request path, or bad keys, are refused before any call', async () => {
  const m = new FakeMetastore(3);
  const c = m.client();
  for (const key of ['..', 'a/../b', 'a//b', '', 'x'.repeat(251), 'tab\there']) {
    await assert.rejects(getVariable(c, key), (e: unknown) => isUserFacingError(e), key);
  }
  await assert.rejects(setVariable(c, 'k', 'v'.repeat(1024 * 1024 + 1)), /at most/);
  assert.equal(m.requests.length, 0);
});

test('Airflow 3: POST racing a create (409) falls back to PATCH', async () => {
  const m = new FakeMetastore(3);
  const c = m.client();
  let first = true;
  const original = m.variables.get.bind(m.variables);
  // The variable appears between the PATCH (404) and the POST.
  m.variables.get = (k: string) => {
    if (first && k === 'race') {
      first = false;
      const v = original(k);
      m.variables.set('race', { value: 'theirs' });
      return v;
    }
    return original(k);
  };
  await setVariable(c, 'race', 'ours');
  assert.equal(original('race')?.value, 'ours');
  assert.deepEqual(m.requests.map((r) => r.method), ['PATCH', 'POST', 'PATCH']);
});
