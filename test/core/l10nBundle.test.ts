import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { REPO as root, sourceFiles } from './architecture/importGraph';

const cli = path.join(root, 'node_modules', '@vscode', 'l10n-dev', 'dist', 'cli.js');

test('l10n/bundle.l10n.json holds exactly the strings src/ passes to vscode.l10n.t (npm run l10n)', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mwaa-l10n-'));
  try {
    execFileSync(process.execPath, [cli, 'export', '-o', tmp, './src'], { cwd: root, stdio: 'pipe', timeout: 60_000 });
    const exported = JSON.parse(fs.readFileSync(path.join(tmp, 'bundle.l10n.json'), 'utf8')) as Record<string, unknown>;
    const committed = JSON.parse(fs.readFileSync(path.join(root, 'l10n', 'bundle.l10n.json'), 'utf8')) as Record<string, unknown>;
    assert.ok(Object.keys(exported).length > 0, 'the export found no string: is it reading src/?');
    const missing = Object.keys(exported).filter((k) => !(k in committed));
    const stale = Object.keys(committed).filter((k) => !(k in exported));
    assert.deepEqual({ missing, stale }, { missing: [], stale: [] }, 'run `npm run l10n` and commit l10n/bundle.l10n.json');
    assert.deepEqual(committed, exported);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

test('package.json points VS Code at the l10n folder', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { l10n?: string };
  assert.equal(pkg.l10n, './l10n');
});

test('every vscode.l10n.t call passes its English text as a literal, so the export can see it', () => {
  const bad: string[] = [];
  for (const file of sourceFiles()) {
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\bl10n\.t\(\s*([^\s])/g)) {
      if (!`'"\``.includes(m[1] ?? '')) bad.push(`${path.relative(root, file)}: ${text.slice(m.index, m.index + 60)}`);
      // A template literal with ${...} is not one string: the export would skip or mangle it.
      if (m[1] === '`' && /^`[^`]*\$\{/.test(text.slice(m.index + m[0].length - 1))) bad.push(`${path.relative(root, file)}: template with \${} in l10n.t`);
    }
  }
  assert.deepEqual(bad, [], 'write vscode.l10n.t(\'text with {0}\', value) instead');
});
