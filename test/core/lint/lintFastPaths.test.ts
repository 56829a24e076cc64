import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { decodeFile } from '../../../src/cli/fileInput';
import { gateRule } from '../../../src/core/lint/airflowVersion';
import { readBounded } from '../../../src/core/lint/requirements/boundedRead';
import type { Finding } from '../../../src/core/lint/types';
import { getLinter, py } from './lintSetup';

// The CLI's shortcuts (no fixes, one read per file, no decoder per file) must give what the slow
// paths give: the same findings, the same bytes, the same text.

const FIXTURES = path.resolve(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'lint');

function pythonFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? pythonFiles(full) : e.name.endsWith('.py') ? [full] : [];
  });
}

const withoutFixes = (findings: readonly Finding[]) => findings.map((f) => ({ ...f, fixes: [] }));

test('lintText { fixes: false }: the same findings as with fixes, every fixes list empty', async () => {
  const linter = await getLinter();
  const files = pythonFiles(FIXTURES);
  assert.ok(files.length >= 10, `fixtures at ${FIXTURES}`);
  let fixed = 0;
  for (const target of [{ airflowVersion: '3.0.6' }, { airflowVersion: '2.7.2', upgradeTarget: '3.0' }]) {
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      const full = linter.lintText(text, target);
      const lean = linter.lintText(text, target, { fixes: false });
      fixed += full.findings.filter((f) => f.fixes.length > 0).length;
      assert.deepEqual(lean.findings, withoutFixes(full.findings), file);
      assert.deepEqual(lean.dags, full.dags, file);
    }
  }
  // The fixtures do have fixes: the comparison above is not of two empty lists.
  assert.ok(fixed > 50, `only ${fixed} findings with fixes`);
});

test('lintText { fixes: false }: import rewrites, renames and provider requirements all skipped', async () => {
  const linter = await getLinter();
  const src = py(
    'from airflow.operators.bash_operator import BashOperator',
    'from airflow.operators.dummy import DummyOperator',
    'from airflow.utils.trigger_rule import TriggerRule',
    'BashOperator(task_id="b", bash_command="x", trigger_rule=TriggerRule.NONE_FAILED_OR_SKIPPED)',
    'DummyOperator(task_id="x")',
  );
  const full = linter.lintText(src, { airflowVersion: '3.0.6' });
  const kinds = new Set<string>(full.findings.flatMap((f) => f.fixes.map((x) => x.kind)));
  for (const kind of ['rewriteImport', 'replaceName', 'addRequirement']) assert.ok(kinds.has(kind), `no ${kind} fix in ${[...kinds].join(', ')}`);
  const lean = linter.lintText(src, { airflowVersion: '3.0.6' }, { fixes: false });
  assert.deepEqual(lean.findings, withoutFixes(full.findings));
});

test('decodeFile: a view into a larger buffer, one BOM dropped (not two), empty input', () => {
  const backing = Buffer.from('xx\ufeff\ufeffa = "é"\nyy', 'utf8');
  const view = new Uint8Array(backing.buffer, backing.byteOffset + 2, backing.length - 4);
  assert.deepEqual(decodeFile(view), { text: '\ufeffa = "é"\n', utf8: true });
  assert.deepEqual(decodeFile(new Uint8Array(0)), { text: '', utf8: true });
  // Invalid UTF-8 (a lone continuation byte, an overlong form): Latin-1, every byte kept.
  assert.deepEqual(decodeFile(Buffer.from([0x61, 0x80])), { text: 'a\x80', utf8: false });
  assert.equal(decodeFile(Buffer.from([0xc0, 0xaf])).utf8, false);
});

test('readBounded: exact bytes for small, empty and cap-sized files; one byte over the cap is too large', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mwaa-bounded-'));
  try {
    const write = (name: string, bytes: Buffer) => {
      fs.writeFileSync(path.join(dir, name), bytes);
      return path.join(dir, name);
    };
    const small = Buffer.from('print("hi")\n');
    assert.deepEqual(readBounded(write('small.py', small), 1024), { kind: 'read', bytes: small });
    assert.deepEqual(readBounded(write('empty.py', Buffer.alloc(0)), 1024), { kind: 'read', bytes: Buffer.alloc(0) });
    const big = Buffer.alloc(200 * 1024, 0x61);
    assert.deepEqual(readBounded(write('cap.py', big), big.length), { kind: 'read', bytes: big });
    assert.deepEqual(readBounded(path.join(dir, 'cap.py'), big.length - 1), { kind: 'tooLarge', size: big.length });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('readBounded: a file whose stat size is 0 (/proc) is read to its end, in more than one read', (t) => {
  if (!fs.existsSync('/proc/self/maps')) return t.skip('no /proc here');
  assert.equal(fs.statSync('/proc/self/maps').size, 0);
  const r = readBounded('/proc/self/maps', 4 * 1024 * 1024);
  assert.equal(r.kind, 'read');
  const text = r.kind === 'read' ? r.bytes.toString('utf8') : '';
  // Many lines, ending with a whole one: not cut at the first (1-byte) buffer.
  assert.ok(text.split('\n').length > 10, text.slice(0, 200));
  assert.ok(text.endsWith('\n'));
});

test('gateRule: remembered per rule and target, never mixed up between targets or rules', () => {
  const removed = { deprecatedIn: '2.4', removedIn: '3.0' };
  const later = { deprecatedIn: '3.1' };
  const t3 = { airflowVersion: '3.0.6' };
  const t2 = { airflowVersion: '2.5.1' };
  const up = { airflowVersion: '2.5.1', upgradeTarget: '3.0' };
  for (let round = 0; round < 3; round++) {
    assert.equal(gateRule(removed, t3)?.severity, 'error');
    assert.equal(gateRule(removed, t2)?.severity, 'warning');
    assert.deepEqual(gateRule(removed, up), { severity: 'error', reason: 'removed in Airflow 3.0', upgradeOnly: true, at: '3.0' });
    // A new object with the same fields gives the same gate.
    assert.equal(gateRule(removed, { airflowVersion: '3.0.6' })?.reason, 'removed in Airflow 3.0');
    assert.equal(gateRule(later, t3), undefined);
    assert.equal(gateRule(later, { airflowVersion: '3.1.0' })?.severity, 'warning');
  }
});
