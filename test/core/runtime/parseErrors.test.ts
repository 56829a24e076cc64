// Airflow's import-error texts (captured from Airflow 2.11 and 3.3 by the parse worker, see
// test/fixtures/parse-corpus/tracebacks/) -> file line, kind and message; and the worker reply checks.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { exceptionLines, lineInFile, toParseError, toParseResult, MAX_ERROR_DETAIL, MAX_ERROR_MESSAGE } from '../../../src/core/runtime/parseErrors';
import { configOptionsEnv, workerEnv } from '../../../src/core/runtime/parseWorker';
import type { ParseErrorKind } from '../../../src/core/runtime/runtimeTypes';

const TRACEBACKS = path.resolve(__dirname, '../../../../test/fixtures/parse-corpus/tracebacks');
const file = (name: string) => `/corpus/dags/${name}.py`;
const text = (major: 'af2' | 'af3', name: string) => fs.readFileSync(path.join(TRACEBACKS, major, `${name}.txt`), 'utf8');

interface Case {
  readonly name: string;
  readonly kind: ParseErrorKind;
  /** The line the text alone gives (undefined: Airflow's depth-limited traceback lost the file's frame). */
  readonly line: number | undefined;
  readonly message: RegExp;
}

const COMMON: readonly Case[] = [
  { name: 'syntax_error', kind: 'syntax', line: 9, message: /^SyntaxError: expected ':'$/ },
  { name: 'missing_module', kind: 'import', line: 6, message: /^ModuleNotFoundError: No module named 'mwaa_corpus_module_that_does_not_exist'$/ },
  { name: 'missing_provider', kind: 'import', line: 5, message: /^ModuleNotFoundError: No module named 'airflow\.providers\.snowflake'$/ },
  { name: 'cycle', kind: 'cycle', line: undefined, message: /^AirflowDagCycleException: Cycle detected in (DAG|Dag): corpus_cycle/ },
  { name: 'duplicate_task', kind: 'duplicate-task', line: undefined, message: /^DuplicateTaskIdFound: Task id 'load' has already been added to the (DAG|Dag)$/ },
  { name: 'slow_top_level', kind: 'timeout', line: 8, message: /^AirflowTaskTimeout: DagBag import timeout for \/corpus\/dags\/slow_top_level\.py after 2\.0s\.$/ },
];

const BY_MAJOR: Record<'af2' | 'af3', readonly Case[]> = {
  af2: [...COMMON, { name: 'af3_api', kind: 'import', line: 4, message: /^ModuleNotFoundError: No module named 'airflow\.sdk'$/ }],
  af3: [
    ...COMMON,
    { name: 'removed_in_af3', kind: 'import', line: 5, message: /^ModuleNotFoundError: No module named 'airflow\.operators\.dummy'$/ },
    { name: 'af2_api', kind: 'other', line: 7, message: /^TypeError: DAG\.__init__\(\) got an unexpected keyword argument 'schedule_interval'$/ },
  ],
};

for (const major of ['af2', 'af3'] as const) {
  describe(`parseErrors on Airflow ${major === 'af2' ? '2.11' : '3.3'} texts`, () => {
    for (const c of BY_MAJOR[major]) {
      it(`${c.name}: ${c.kind} at line ${c.line ?? '(none in the text)'}`, () => {
        const detail = text(major, c.name);
        const e = toParseError({ file: file(c.name), detail });
        assert.equal(e.kind, c.kind);
        assert.equal(e.line, c.line);
        assert.match(e.message, c.message);
        assert.equal(e.file, file(c.name));
        assert.equal(e.detail, detail, 'the detail is Airflow\'s text as it is');
      });
    }
  });
}

describe('parseErrors details', () => {
  it('a line the worker saw wins over the text (frames cut by dagbag_import_error_traceback_depth)', () => {
    const e = toParseError({ file: file('duplicate_task'), detail: text('af2', 'duplicate_task'), line: 9 });
    assert.equal(e.line, 9);
    assert.equal(e.kind, 'duplicate-task');
    assert.equal(toParseError({ file: 'x', detail: 'E: y', line: 0 }).line, undefined, 'not a line number');
  });

  it('the innermost frame of the file counts, not a helper module\'s', () => {
    const tb = [
      'Traceback (most recent call last):',
      '  File "/d/dag.py", line 3, in <module>',
      '    import helper',
      '  File "/d/helper.py", line 10, in <module>',
      '    import nope',
      "ModuleNotFoundError: No module named 'nope'",
    ].join('\n');
    assert.equal(lineInFile(tb, '/d/dag.py'), 3);
    assert.equal(lineInFile(tb, '/d/helper.py'), 10);
    assert.equal(lineInFile(tb, '/d/other.py'), undefined);
  });

  it('a chained traceback gives the last exception', () => {
    const tb = [
      'Traceback (most recent call last):',
      '  File "/d/dag.py", line 4, in <module>',
      '    x = {}["k"]',
      "KeyError: 'k'",
      '',
      'During handling of the above exception, another exception occurred:',
      '',
      'Traceback (most recent call last):',
      '  File "/d/dag.py", line 6, in <module>',
      '    raise ImportError("wrapped")',
      'ImportError: wrapped',
    ].join('\n');
    const e = toParseError({ file: '/d/dag.py', detail: tb });
    assert.equal(e.message, 'ImportError: wrapped');
    assert.equal(e.kind, 'import');
    assert.equal(e.line, 6);
  });

  it('errors the worker made itself keep their kind and message', () => {
    const e = toParseError({ file: '/d/x.py', detail: 'x.py did not finish importing within 50s', kind: 'timeout', message: 'did not finish' });
    assert.deepEqual([e.kind, e.message, e.line], ['timeout', 'did not finish', undefined]);
  });

  it('text is redacted and bounded', () => {
    const e = toParseError({ file: '/d/x.py', detail: `OperationalError: could not connect to postgresql://etl:hunter2@db.internal/x\n${'y'.repeat(40_000)}` });
    assert.ok(!e.detail.includes('hunter2') && !e.message.includes('hunter2'), e.message);
    assert.ok(e.detail.length <= MAX_ERROR_DETAIL);
    assert.ok(e.message.length <= MAX_ERROR_MESSAGE);
    assert.equal(toParseError({ file: 'f', detail: `E: ${'m'.repeat(5000)}` }).message.length <= MAX_ERROR_MESSAGE, true);
  });

  it('exceptionLines skips the frames, code and caret lines', () => {
    assert.deepEqual(exceptionLines(text('af2', 'syntax_error')), ["SyntaxError: expected ':'"]);
    assert.equal(exceptionLines(text('af3', 'slow_top_level')).length, 4, 'the timeout message has four lines');
  });
});

describe('worker replies and configuration', () => {
  it('configuration options become AIRFLOW__SECTION__KEY; bad keys are skipped and only the key is logged', () => {
    const logged: string[] = [];
    const env = configOptionsEnv({ 'core.dagbag_import_timeout': '5', 'Secrets.Backend_Kwargs': '{"p":"s3cr3t"}', 'bad key': 'v1', 'core.x=y': 'v2', 'nodot': 'v3' }, (l) => logged.push(l));
    assert.deepEqual(env, { AIRFLOW__CORE__DAGBAG_IMPORT_TIMEOUT: '5', AIRFLOW__SECRETS__BACKEND_KWARGS: '{"p":"s3cr3t"}' });
    assert.equal(logged.length, 3);
    assert.ok(logged.every((l) => !/v1|v2|v3|s3cr3t/.test(l)), logged.join('\n'));
  });

  it('the environment\'s secrets backend never reaches the local parse (no AWS calls with this machine\'s credentials)', () => {
    const env = workerEnv({
      python: '/py', airflowHome: '/tmp/h', dagsFolder: '/tmp/d', env: { PATH: '/bin', AIRFLOW__SECRETS__BACKEND: 'from.the.shell' },
      configOptions: {
        'secrets.backend': 'airflow.providers.amazon.aws.secrets.secrets_manager.SecretsManagerBackend',
        'secrets.backend_kwargs': '{"variables_prefix": "airflow/variables"}',
        'workers.secrets_backend': 'x', 'core.dagbag_import_timeout': '7',
      },
    });
    assert.deepEqual(Object.keys(env).filter((k) => /SECRETS/.test(k)), []);
    assert.equal(env.AIRFLOW__CORE__DAGBAG_IMPORT_TIMEOUT, '7');
    assert.equal(env.PATH, '/bin');
  });

  it('too many options: the first 500 apply', () => {
    const many = Object.fromEntries(Array.from({ length: 600 }, (_, i) => [`s.k${i}`, String(i)]));
    assert.equal(Object.keys(configOptionsEnv(many)).length, 500);
  });

  it('a reply becomes a bounded ParseResult; malformed entries are dropped', () => {
    const reply = {
      id: 1, parseMs: 12.5, timeoutSeconds: 5,
      dags: [{ dagId: 'a', file: '/d/a.py', line: 7, taskCount: 2 }, { dagId: 3 }, ...Array.from({ length: 1500 }, (_, i) => ({ dagId: `d${i}`, file: '/d/a.py', taskCount: 1 }))],
      errors: [{ file: '/d/a.py', detail: "ModuleNotFoundError: No module named 'x'" }, { file: '/d/a.py' }, { file: '/d/a.py', detail: 'E', kind: 'bogus' }],
    };
    const r = toParseResult('/d/a.py', reply, 30);
    assert.equal(r.dags.length, 999, '1000 kept, the malformed one dropped');
    assert.deepEqual(r.dags[0], { dagId: 'a', file: '/d/a.py', line: 7, taskCount: 2 });
    assert.equal(r.errors.length, 2);
    assert.equal(r.errors[0]!.kind, 'import');
    assert.equal(r.errors[1]!.kind, 'other', 'an unknown kind from the wire is not trusted');
    assert.equal(r.parseMs, 12.5);
    assert.equal(r.timeoutSeconds, 5);
    assert.equal(toParseResult('/d/a.py', {}, 30).timeoutSeconds, 30);
  });
});
