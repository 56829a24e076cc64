import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { loadConstraints } from '../../../../src/core/lint/constraints';
import { amazonProviderVersion } from '../../../../src/features/secrets/amazonProvider';

// The real bundled data: out-*/test/core/features/secrets -> repo/src/data.
const DATA = path.resolve(__dirname, '..', '..', '..', '..', '..', 'src', 'data');
const pinned = (airflow: string) => loadConstraints(DATA, airflow)!.pins.get('apache-airflow-providers-amazon');

test('the Amazon provider is the one the environment\'s constraints pin', () => {
  for (const v of ['2.4.3', '2.7.2', '2.11.2', '3.3.1']) {
    assert.deepEqual(amazonProviderVersion(DATA, v), { version: pinned(v), fromAirflow: v }, v);
  }
  // Spot checks against the files themselves, so a wrong lookup cannot agree with itself.
  assert.equal(amazonProviderVersion(DATA, '2.11.2')?.version, '9.22.0');
  assert.equal(amazonProviderVersion(DATA, '3.3.1')?.version, '9.34.0');
});

test('a version this build does not bundle takes the newest bundled one of its major that is not newer', () => {
  assert.deepEqual(amazonProviderVersion(DATA, '3.9.0'), { version: pinned('3.3.1'), fromAirflow: '3.3.1' });
  assert.deepEqual(amazonProviderVersion(DATA, '2.11.1'), { version: pinned('2.11.0'), fromAirflow: '2.11.0' });
  // Nothing of that major at or below it: unknown, not a guess from another major.
  assert.equal(amazonProviderVersion(DATA, '1.0.0'), undefined);
  assert.equal(amazonProviderVersion(DATA, '4.0.0'), undefined);
});

test('no data folder, a broken one, or a version that is not one: unknown, never a throw', () => {
  assert.equal(amazonProviderVersion(undefined, '2.11.2'), undefined);
  assert.equal(amazonProviderVersion('/nonexistent/dir', '2.11.2'), undefined);
  for (const bad of ['', 'latest', '2.11.2; rm -rf /', '../../etc/passwd', '2.11.2rc1']) assert.equal(amazonProviderVersion(DATA, bad), undefined, bad);
});
