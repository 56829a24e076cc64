/**
 * AIR301 means "ruff reports this too", MWAA3xx "the same Airflow 3 removal at a site ruff does
 * not check". For the member, context and plugin checks, each file
 * test/fixtures/lint/ruff-corpus/members_*.py marks its lines with `# expect: CODE ...`; ruff's
 * wasm build (the version package.json pins) must report exactly the AIR301s there, and we
 * exactly the AIR301s and MWAA3xxs, line by line.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { Workspace, PositionEncoding, type Diagnostic } from '@astral-sh/ruff-wasm-nodejs';
import { lintPy } from './lintSetup';

const CORPUS = path.resolve(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'lint', 'ruff-corpus');
const FILES = fs.readdirSync(CORPUS).filter((f) => /^members_.*\.py$/.test(f)).sort();
/** The codes compared: ruff's removal rule and ours beyond it (other codes are the name table's, see ruffCoverage). */
const COMPARED = /^(AIR301|MWAA3\d\d)$/;

/** `# expect: A B` per 1-based line, as sorted "line code" strings. */
function expectations(text: string): string[] {
  const out: string[] = [];
  text.split('\n').forEach((line, i) => {
    const m = /#\s*expect:\s*([A-Z0-9 ]+)$/.exec(line);
    for (const code of m?.[1]!.trim().split(/\s+/) ?? []) out.push(`${i + 1} ${code}`);
  });
  return out.sort();
}

test(`members_*.py: AIR301 exactly where ruff reports it, MWAA3xx beyond it (${FILES.length} files)`, async () => {
  assert.ok(FILES.length >= 5, `only ${FILES.length} members_*.py files`);
  const ws = new Workspace({ lint: { select: ['AIR3'] } }, PositionEncoding.Utf16);
  try {
    let total = 0;
    for (const file of FILES) {
      const text = fs.readFileSync(path.join(CORPUS, file), 'utf8');
      const expected = expectations(text);
      total += expected.length;
      const ruff = (ws.check(text) as Diagnostic[]).filter((d) => d.code === 'AIR301').map((d) => `${d.start_location.row} AIR301`).sort();
      assert.deepEqual(ruff, expected.filter((e) => e.endsWith('AIR301')), `${file}: ruff's AIR301 lines`);
      const ours = (await lintPy(text, '3.3.1')).filter((f) => COMPARED.test(f.code)).map((f) => `${f.range.start.line + 1} ${f.code}`).sort();
      assert.deepEqual(ours, expected, `${file}: our AIR301/MWAA3xx lines`);
    }
    assert.ok(total >= 25, `only ${total} expectations`);
  } finally {
    ws.free();
  }
});

test('ruff does not read context keys off get_current_context() (so ours there stay MWAA301)', async () => {
  const text = [
    'from airflow.sdk import get_current_context, task',
    '@task',
    'def a():',
    '    context = get_current_context()',
    '    return context["execution_date"], context.get("next_ds"), context["dag_run"].external_trigger',
    '',
  ].join('\n');
  const ws = new Workspace({ lint: { select: ['AIR3'] } }, PositionEncoding.Utf16);
  try {
    assert.deepEqual(ws.check(text), []);
  } finally {
    ws.free();
  }
  const ours = await lintPy(text, '3.3.1');
  assert.deepEqual(ours.map((f) => f.code), ['MWAA301', 'MWAA301', 'MWAA301']);
});
