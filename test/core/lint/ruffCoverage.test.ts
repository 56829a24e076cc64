/**
 * Coverage of ruff's Airflow 3 findings: ruff (its wasm build, the version package.json pins) runs
 * on every file of test/fixtures/lint/ruff-corpus, and each of its AIR3xx diagnostics must be
 * covered by a finding of ours on the same line with the same code, or by one with the same code
 * on the import that binds the name used there (ruff reports each use; we report the import once,
 * where one quick fix mends every use). Ours may find more; that is not checked here.
 *
 * ruff's AIR0xx rules (task-id naming, a DAG without `schedule`, ...) are style checks this linter
 * does not have; only `AIR3` is selected. Preview is on: AIR321 (moved in 3.1) is a preview rule
 * in ruff 0.17.3, and in preview the wasm build names a diagnostic by its rule name, not its code.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { Workspace, PositionEncoding, type Diagnostic } from '@astral-sh/ruff-wasm-nodejs';
import { compareVersions } from '../../../src/core/lint/airflowVersion';
import { loadConstraintsIndex } from '../../../src/core/lint/constraints';
import type { Finding } from '../../../src/core/lint/types';
import { DATA_DIR, lintPy } from './lintSetup';

const CORPUS = path.resolve(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'lint', 'ruff-corpus');

/** The newest MWAA Airflow 3 version: every ruff rule (AIR321 is about 3.1) applies there. */
const TARGET = loadConstraintsIndex(DATA_DIR).versions.map((v) => v.airflow).filter((v) => v.startsWith('3.')).sort(compareVersions).pop()!;

const corpusFiles = fs.readdirSync(CORPUS).filter((f) => f.endsWith('.py')).sort();

/** ruff's AIR3 rule names and codes (each checked with `select = [code]` in ruff 0.17.3's wasm build). */
const RULE_CODES: Readonly<Record<string, string>> = {
  'airflow3-removal': 'AIR301',
  'airflow3-moved-to-provider': 'AIR302',
  'airflow3-dag-dynamic-value': 'AIR304',
  'airflow3-suggested-update': 'AIR311',
  'airflow3-suggested-to-move-to-provider': 'AIR312',
  'airflow31-moved': 'AIR321',
};

/** ruff's diagnostics with their AIR3xx code (an unknown rule name fails the test by name). */
function ruffFindings(ws: Workspace, text: string): (Diagnostic & { code: string })[] {
  return (ws.check(text) as Diagnostic[]).map((d) => ({ ...d, code: RULE_CODES[d.code ?? ''] ?? d.code ?? '?' }));
}

/** The local names each import statement of the file binds, by the statement's line range. */
interface ImportLines {
  readonly first: number;
  readonly last: number;
  readonly names: ReadonlySet<string>;
}

/**
 * Import statements read from the text (the corpus is plain, readable Python): `import a.b [as m]`
 * binds `m` or `a`; `from x import (A as B, C)` binds B and C. 0-based lines.
 */
function importsOf(text: string): ImportLines[] {
  const lines = text.split('\n');
  const out: ImportLines[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = /^\s*(from\s+[\w.]+\s+import\s+|import\s+)(.*)$/.exec(lines[i]!);
    if (!m) continue;
    let body = m[2]!;
    let last = i;
    if (body.trimStart().startsWith('(')) {
      while (!body.includes(')') && last + 1 < lines.length) body += ' ' + lines[++last]!;
    }
    const items = body.replace(/#.*$/gm, '').replace(/[()]/g, ' ').split(',').map((s) => s.trim()).filter(Boolean);
    const names = new Set<string>();
    for (const item of items) {
      const [name, alias] = item.split(/\s+as\s+/);
      names.add(alias ?? (m[1]!.startsWith('from') ? name! : name!.split('.')[0]!));
    }
    out.push({ first: i, last, names });
  }
  return out;
}

/** The name a ruff diagnostic's site starts with (`@decos.apply_defaults` -> `decos`). */
function firstName(text: string, d: Diagnostic): string | undefined {
  const line = text.split('\n')[d.start_location.row - 1] ?? '';
  return /^@?\s*([A-Za-z_][A-Za-z0-9_]*)/.exec(line.slice(d.start_location.column - 1))?.[1];
}

function covered(text: string, d: Diagnostic, ours: readonly Finding[], imports: readonly ImportLines[]): boolean {
  const line = d.start_location.row - 1;
  if (ours.some((f) => f.code === d.code && f.range.start.line === line)) return true;
  const name = firstName(text, d);
  const binding = name ? imports.filter((i) => i.names.has(name) && i.first <= line).pop() : undefined;
  return !!binding && ours.some((f) => f.code === d.code && f.range.start.line >= binding.first && f.range.start.line <= binding.last);
}

test(`ruff corpus: every ruff AIR3xx finding is covered by ours at Airflow ${TARGET} (${corpusFiles.length} files)`, async () => {
  assert.ok(corpusFiles.length >= 15, `the corpus has ${corpusFiles.length} files`);
  const ws = new Workspace({ lint: { select: ['AIR3'], preview: true } }, PositionEncoding.Utf16);
  const missing: string[] = [];
  let ruffCount = 0;
  try {
    for (const file of corpusFiles) {
      const text = fs.readFileSync(path.join(CORPUS, file), 'utf8');
      const diagnostics = ruffFindings(ws, text);
      ruffCount += diagnostics.length;
      const ours = await lintPy(text, TARGET);
      const imports = importsOf(text);
      for (const d of diagnostics) {
        if (covered(text, d, ours, imports)) continue;
        const row = d.start_location.row;
        const onLine = ours.filter((f) => f.range.start.line === row - 1).map((f) => `${f.code} ${f.message.slice(0, 90)}`);
        missing.push(`${file}:${row}:${d.start_location.column} ruff ${d.code} ${d.message}\n      ours on that line: ${onLine.join(' | ') || 'nothing'}`);
      }
    }
  } finally {
    ws.free();
  }
  console.log(`# ruff reported ${ruffCount} AIR3xx findings in ${corpusFiles.length} files; ${missing.length} not covered`);
  assert.ok(ruffCount >= 100, `ruff found only ${ruffCount} AIR3xx findings: is the corpus still exercising the rules?`);
  assert.equal(missing.length, 0, `${missing.length} ruff finding(s) not covered by ours:\n  ${missing.join('\n  ')}`);
});
