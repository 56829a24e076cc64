import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { MWAAClient } from '@aws-sdk/client-mwaa';
import { UserFacingError } from '../../../src/core/errors';
import { createCliToken, createWebLoginToken } from '../../../src/core/mwaa/tokens';

interface Sent {
  readonly command: string;
  readonly input: unknown;
  readonly options: unknown;
}

/** An MWAA client that answers every command with `answer` and records what was sent. */
function fakeClient(answer: Record<string, unknown>): { client: MWAAClient; sent: Sent[] } {
  const sent: Sent[] = [];
  const client = {
    send: async (command: { constructor: { name: string }; input: unknown }, options: unknown) => {
      sent.push({ command: command.constructor.name, input: command.input, options });
      return answer;
    },
  } as unknown as MWAAClient;
  return { client, sent };
}

const calls = [
  {
    call: createWebLoginToken,
    command: 'CreateWebLoginTokenCommand',
    answer: { WebToken: 'web-token', WebServerHostname: 'abc.airflow.example' },
    token: { webToken: 'web-token', hostname: 'abc.airflow.example' },
    missing: [{ WebServerHostname: 'abc.airflow.example' }, { WebToken: 'web-token' }, {}],
    message: 'MWAA returned no web login token for analytics.',
  },
  {
    call: createCliToken,
    command: 'CreateCliTokenCommand',
    answer: { CliToken: 'cli-token', WebServerHostname: 'abc.airflow.example' },
    token: { cliToken: 'cli-token', hostname: 'abc.airflow.example' },
    missing: [{ WebServerHostname: 'abc.airflow.example' }, { CliToken: 'cli-token' }, {}],
    message: 'MWAA returned no CLI token for analytics.',
  },
];

for (const c of calls) {
  test(`${c.command}: the token and the host MWAA named, the signal passed on`, async () => {
    const { client, sent } = fakeClient(c.answer);
    assert.deepEqual(await c.call(client, 'analytics'), c.token);
    const signal = new AbortController().signal;
    assert.deepEqual(await c.call(client, 'analytics', signal), c.token);
    assert.deepEqual(sent, [
      { command: c.command, input: { Name: 'analytics' }, options: {} },
      { command: c.command, input: { Name: 'analytics' }, options: { abortSignal: signal } },
    ]);
  });

  test(`${c.command}: an answer without the token or the host is a user-facing error`, async () => {
    for (const answer of c.missing) {
      await assert.rejects(c.call(fakeClient(answer).client, 'analytics'), (e: unknown) => e instanceof UserFacingError && e.message === c.message);
    }
  });
}

test('CreateWebLoginToken: the caller can say what was not done', async () => {
  await assert.rejects(
    createWebLoginToken(fakeClient({}).client, 'analytics', undefined, 'the Airflow UI was not opened'),
    (e: unknown) => e instanceof UserFacingError && e.message === 'MWAA returned no web login token for analytics; the Airflow UI was not opened.',
  );
});
