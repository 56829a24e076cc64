// mwaa-lint's --parse and --resolve through main(), as CI runs them: the runtime of the version is
// built (or found) in the toolkit's cache, shared with the sandbox's own Airflow.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../src/cli/mwaaLint';

const CORPUS = path.resolve(__dirname, '../../../test/fixtures/parse-corpus/dags');

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { stdout: (s) => { out += s; }, stderr: (s) => { err += s; } });
  return { code, out, err };
}

describe('mwaa-lint --parse and --resolve', { timeout: 15 * 60_000 }, () => {
  it('--parse reports a syntax error at its line and exits 1; a healthy file exits 0 with its DAG', async () => {
    const bad = await cli(['--parse', '--airflow-version', '2.11.2', path.join(CORPUS, 'syntax_error.py')]);
    assert.equal(bad.code, 1, bad.err);
    assert.match(bad.out, /syntax_error\.py:9: error: .*\[syntax\]/);
    const good = await cli(['--parse', '--airflow-version', '2.11.2', '--format', 'json', path.join(CORPUS, 'healthy_with_helper.py')]);
    assert.equal(good.code, 0, good.err);
    const json = JSON.parse(good.out) as { airflow: string; dags: number; errors: number };
    assert.equal(json.airflow, '2.11.2');
    assert.equal(json.dags, 1);
    assert.equal(json.errors, 0);
  });

  it('--resolve puts a conflict on its requirements line (exit 1) and accepts a clean file (exit 0)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mwaa-cli-resolve-'));
    try {
      const bad = path.join(dir, 'requirements.txt');
      fs.writeFileSync(bad, '# comment\nrequests\ndbt-core==1.9.0\n');
      const r = await cli(['--resolve', '--airflow-version', '2.11.2', bad]);
      assert.equal(r.code, 1, r.err);
      assert.match(r.out, /requirements\.txt:3:1: error RESOLVE .*dbt-core/);
      const good = path.join(dir, 'ok.txt');
      fs.writeFileSync(good, 'requests\n');
      const ok = await cli(['--resolve', '--airflow-version', '2.11.2', good]);
      assert.equal(ok.code, 0, ok.out + ok.err);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--resolve reads a bundled Airflow constraints URL from the bundle (the sample project resolves without GitHub)', async () => {
    const sample = path.resolve(__dirname, '../../../sandbox/sample-project/requirements.txt');
    assert.match(fs.readFileSync(sample, 'utf8'), /--constraint "https:\/\/raw\.githubusercontent\.com/);
    const r = await cli(['--resolve', '--airflow-version', '2.11.2', '--format', 'json', sample]);
    assert.equal(r.code, 0, r.out + r.err);
    assert.equal((JSON.parse(r.out) as { status: string }).status, 'ok', r.out);
  });

  it('bad usage and unknown versions are clear one-line errors (exit 2)', async () => {
    const both = await cli(['--parse', '--resolve', 'x']);
    assert.equal(both.code, 2);
    assert.match(both.err, /cannot be combined/);
    const unknown = await cli(['--resolve', '--airflow-version', '2.3.0', path.join(CORPUS, 'syntax_error.py')]);
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /2\.3\.0/);
    assert.match(unknown.err, /2\.11\.2/, 'the message lists the versions there are');
  });
});
