import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RevealedValues } from '../../../../src/features/secrets/revealedValues';
import { oneLine, valueLines } from '../../../../src/features/secrets/secretValues';
import type { SecretDetailNode, SecretKeyNode } from '../../../../src/features/secrets/secretsNodes';

const line = (id: string): SecretDetailNode => ({ kind: 'secretDetail', id, envKey: 'e', label: 'Value', description: 'v', icon: 'eye', revealed: true });

test('a revealed value is held until dropped, and its lines are emptied with it', () => {
  const expired: string[] = [];
  const r = new RevealedValues((id) => expired.push(id), 60_000);
  const lines = [line('a:value')];
  r.set('a', lines);
  r.set('b', [line('b:value')]);
  assert.ok(r.has('a'));
  assert.equal(r.lines('a'), lines);
  assert.equal(r.drop('a'), true);
  assert.equal(r.drop('a'), false);
  assert.equal(lines.length, 0, 'the dropped lines hold nothing any more');
  assert.deepEqual(r.dropWhere((id) => id === 'b'), ['b']);
  assert.deepEqual(r.ids, []);
  assert.deepEqual(expired, [], 'a drop is not an expiry');
  r.clear();
});

test('a revealed value expires by itself and says so', async () => {
  const expired: string[] = [];
  const r = new RevealedValues((id) => expired.push(id), 20);
  r.set('a', [line('a:value')]);
  await new Promise((resolve) => setTimeout(resolve, 60));
  assert.deepEqual(expired, ['a']);
  assert.equal(r.has('a'), false);
});

test('a value is shown on one line: control characters replaced, cut with an ellipsis', () => {
  assert.equal(oneLine('a\nb\r\nc\u001b[31m\u009b', 100), 'a⏎b⏎c\uFFFD[31m\uFFFD');
  assert.equal(oneLine('x'.repeat(10), 4), 'xxxx…');
});

test('a connection is revealed field by field, each line marked revealed', () => {
  const node = { kind: 'secretKey', id: 'k', envKey: 'e', what: 'connection', key: 'db', metastore: false, winner: 'secret' } as SecretKeyNode;
  const lines = valueLines(node, { what: 'connection', fields: { connType: 'postgres', host: 'h', password: 'p', port: 5432, extra: { a: 1 } } });
  assert.deepEqual(lines.map((l) => [l.label, l.description]), [
    ['Connection type', 'postgres'], ['Host', 'h'], ['Login', '(not set)'], ['Password', 'p'], ['Port', '5432'], ['Schema', '(not set)'], ['Extra', '{"a":1}'],
  ]);
  assert.ok(lines.every((l) => l.revealed && l.parentId === 'k'));
  const raw = valueLines(node, { what: 'connection', raw: 'not-a-uri', problem: 'no scheme' });
  assert.deepEqual(raw.map((l) => [l.label, l.description]), [['Value (not read as a connection: no scheme)', 'not-a-uri']]);
});
