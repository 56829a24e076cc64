import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { isDagFileCandidate, listDagFiles } from '../../../src/core/runtime/parseFolder';

function folder(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mwaa-candidate-'));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

const DAG = 'from airflow import DAG\n';

test('one file is a parse candidate exactly when the folder listing would hold it', async () => {
  const dir = folder({
    'a.py': DAG, 'helper.py': 'x = 1\n', 'skip/b.py': DAG, 'sub/c.py': DAG, 'sub/.airflowignore': 'c_.*\n', 'sub/c_old.py': DAG,
    '__pycache__/d.py': DAG, '.airflowignore': 'skip/\n',
  });
  try {
    const listed = new Set((await listDagFiles(dir, { airflowMajor: 2 })).files);
    for (const rel of ['a.py', 'helper.py', 'skip/b.py', 'sub/c.py', 'sub/c_old.py', '__pycache__/d.py']) {
      const file = path.join(dir, rel);
      assert.equal(await isDagFileCandidate(dir, file, { airflowMajor: 2 }), listed.has(file), rel);
    }
    assert.deepEqual([...listed].map((f) => path.relative(dir, f)).sort(), ['a.py', 'sub/c.py']);
    assert.equal(await isDagFileCandidate(dir, path.join(dir, 'helper.py'), { airflowMajor: 2, safeMode: false }), true, 'safe mode off: every .py');
    assert.equal(await isDagFileCandidate(dir, path.join(os.tmpdir(), 'elsewhere.py')), false, 'outside the folder');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
