import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { COMMANDS } from '../../src/host/commandIds';

const flatten = (o: object): string[] => Object.values(o).flatMap((v) => (typeof v === 'string' ? [v] : flatten(v as object)));

test('the command id table holds exactly the commands package.json contributes', () => {
  const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as { contributes: { commands: { command: string }[] } };
  const contributed = pkg.contributes.commands.map((c) => c.command).sort();
  const ids = flatten(COMMANDS);
  assert.equal(new Set(ids).size, ids.length, 'an id appears twice in COMMANDS');
  assert.deepEqual([...ids].sort(), contributed);
  assert.ok(ids.every((id) => /^mwaa\.[a-z][A-Za-z0-9]+$/.test(id)), 'ids are mwaa.<verb><Noun>');
});
