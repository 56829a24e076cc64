import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AirflowClient } from '../../../src/core/airflow/airflowClient';
import { isNotFound } from '../../../src/core/airflow/metastorePages';
import { AirflowHttpError, isAirflowHttpError } from '../../../src/core/airflow/transportErrors';
import { getVariable } from '../../../src/core/airflow/variablesApi';

/**
 * Another bundle's copy of the class (what the services bundle's client throws into the secrets
 * bundle): same brand in the global symbol registry, a different constructor.
 */
const FOREIGN_BRAND: unique symbol = Symbol.for('mwaa-toolkit.AirflowHttpError') as never;
class ForeignHttpError extends Error {
  readonly [FOREIGN_BRAND] = true;
  constructor(readonly status: number, readonly body: unknown, readonly via: string) {
    super(`Airflow answered ${status} (via ${via})`);
    this.name = 'AirflowHttpError';
  }
}

test('a 404 from another bundle\'s client reads as "not there"', async () => {
  const foreign = { major: 2, call: async () => { throw new ForeignHttpError(404, { detail: 'Variable does not exist' }, 'InvokeRestApi'); } } as unknown as AirflowClient;
  assert.equal(new ForeignHttpError(404, {}, 'x') instanceof AirflowHttpError, false);
  assert.equal(await getVariable(foreign, 'k'), undefined);
  assert.equal(isNotFound(new ForeignHttpError(404, {}, 'x')), true);
  assert.equal(isNotFound(new ForeignHttpError(500, {}, 'x')), false);
});

test('only Airflow\'s HTTP errors carry the brand: a look-alike without it, or another error, is not one', () => {
  const lookalike = Object.assign(new Error('Airflow answered 404'), { name: 'AirflowHttpError', status: 404 });
  assert.equal(isAirflowHttpError(lookalike), false);
  assert.equal(isAirflowHttpError(new TypeError('network down')), false);
  assert.equal(isAirflowHttpError(new AirflowHttpError(409, {}, 'x'), 409), true);
  assert.equal(isAirflowHttpError(new AirflowHttpError(409, {}, 'x'), 404), false);
});
