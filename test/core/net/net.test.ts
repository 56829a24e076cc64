import assert from 'node:assert/strict';
import { test } from 'node:test';
import { networkCode } from '../../../src/core/airflow/transportErrors';
import { classifyAwsError } from '../../../src/core/aws/awsErrors';
import { isLoopbackHost } from '../../../src/core/net/loopback';
import { isNetworkErrorCode, NETWORK_ERROR_CODES, socketErrnoInMessage } from '../../../src/core/net/networkErrors';

const ALL = [
  'ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'ECONNRESET', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH',
  'EPIPE', 'ECONNABORTED', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_SOCKET', 'TimeoutError', 'RequestTimeout', 'NetworkingError',
];

test('network error codes: the union of what the AWS classifier and the Airflow transports knew', () => {
  assert.deepEqual([...NETWORK_ERROR_CODES].sort(), [...ALL].sort());
  for (const code of ALL) assert.equal(isNetworkErrorCode(code), true, code);
  for (const other of ['EACCES', 'ENOENT', 'AccessDeniedException', '', 23, undefined, null]) assert.equal(isNetworkErrorCode(other), false, String(other));
});

test('socket errno codes are found inside messages, as whole words only', () => {
  assert.equal(socketErrnoInMessage('connect ECONNREFUSED 127.0.0.1:443'), 'ECONNREFUSED');
  assert.equal(socketErrnoInMessage('getaddrinfo EAI_AGAIN airflow.eu-west-1.amazonaws.com'), 'EAI_AGAIN');
  assert.equal(socketErrnoInMessage('read ECONNRESETX'), undefined);
  assert.equal(socketErrnoInMessage('write EPIPE'), undefined, 'only the socket errnos are looked for in text');
  assert.equal(socketErrnoInMessage(''), undefined);
});

test('both the AWS classifier and the Airflow transports recognise every code', () => {
  for (const code of ALL) {
    assert.equal(classifyAwsError(Object.assign(new Error('fetch failed'), { code })).kind, 'network', code);
    assert.equal(classifyAwsError(Object.assign(new TypeError('fetch failed'), { cause: { code } })).kind, 'network', code);
    assert.equal(networkCode(Object.assign(new TypeError('fetch failed'), { cause: { code } })), code);
    assert.equal(networkCode({ code }), code);
  }
  assert.equal(networkCode(Object.assign(new Error('x'), { code: 'EACCES' })), undefined);
  assert.equal(networkCode({ cause: { code: 'EACCES' }, code: 'ECONNRESET' }), undefined, 'the cause decides when it has a code');
  assert.equal(networkCode(undefined), undefined);
});

test('loopback hosts: localhost, 127.0.0.1 and [::1], any case; nothing else', () => {
  for (const host of ['localhost', 'LocalHost', '127.0.0.1', '[::1]']) assert.equal(isLoopbackHost(host), true, host);
  for (const host of ['localhost.example.com', 'evil.example', '127.0.0.1.nip.io', '', 'abc.c2.us-east-1.airflow.amazonaws.com']) assert.equal(isLoopbackHost(host), false, host);
  assert.equal(isLoopbackHost(new URL('http://[::1]:4566').hostname), true, "a URL's hostname");
});
