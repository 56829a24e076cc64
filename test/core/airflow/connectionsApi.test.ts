import assert from 'node:assert/strict';
import { test } from 'node:test';
import { getConnection, listConnections, setConnection } from '../../../src/core/airflow/connectionsApi';
import { isUserFacingError } from '../../../src/core/errors';
import { FakeMetastore } from '../secrets/fakeMetastore';

for (const major of [2, 3] as const) {
  test(`Airflow ${major}: list, get without password, create then patch keeping the password`, async () => {
    const m = new FakeMetastore(major);
    const c = m.client();
    for (let i = 0; i < 130; i++) m.connections.set(`c${String(i).padStart(3, '0')}`, { connection_id: `c${String(i).padStart(3, '0')}`, conn_type: 'http', password: 'supersecret' });
    const list = await listConnections(c);
    assert.equal(list.length, 130);
    assert.deepEqual(list[0], { connectionId: 'c000', connType: 'http' });
    assert.equal(m.requests[0]!.query?.order_by, 'connection_id');

    assert.equal(await getConnection(c, 'pg'), undefined);
    await setConnection(c, 'pg', { connType: 'postgres', host: 'db', login: 'u', password: 'supersecret', port: 5432, extra: { sslmode: 'require' } });
    assert.equal(m.connections.get('pg')!.password, 'supersecret');
    const got = await getConnection(c, 'pg');
    assert.deepEqual(got, { connType: 'postgres', host: 'db', login: 'u', port: 5432, extra: { sslmode: 'require' } });
    await setConnection(c, 'pg', { ...got!, host: 'db2', extra: undefined });
    const row = m.connections.get('pg')!;
    assert.equal(row.password, 'supersecret', 'no password given: the stored one is kept');
    assert.equal(row.host, 'db2');
    assert.equal(row.extra, null, 'an absent field is cleared');
    assert.deepEqual(m.requests.filter((r) => r.path.startsWith('/connections/pg') || r.path === '/connections').map((r) => r.method).slice(-4), ['PATCH', 'POST', 'GET', 'PATCH']);
  });
}

test('invalid ids and fields are refused before any call, never quoting a value', async () => {
  const m = new FakeMetastore(3);
  const c = m.client();
  await assert.rejects(getConnection(c, '../x'), (e: unknown) => isUserFacingError(e));
  await assert.rejects(setConnection(c, 'ok', { connType: 'bad type', password: 'supersecret' }), (e: unknown) => isUserFacingError(e) && !/supersecret/.test((e as Error).message));
  assert.equal(m.requests.length, 0);
});

test('Airflow 2 would store a masked extra value as is: refused with what to do', async () => {
  const m = new FakeMetastore(2);
  await assert.rejects(setConnection(m.client(), 'aws', { connType: 'aws', extra: { aws_secret_access_key: '***' } }), /enter those values again/);
  assert.equal(m.requests.length, 0);
  const m3 = new FakeMetastore(3);
  m3.connections.set('aws', { connection_id: 'aws', conn_type: 'aws', extra: '{"aws_secret_access_key":"real"}' });
  await setConnection(m3.client(), 'aws', { connType: 'aws', extra: { aws_secret_access_key: '***' } });
  assert.equal(m3.requests.length, 1, 'Airflow 3 merges masked values itself');
});
