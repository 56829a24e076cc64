import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import {
  baseInstallArgs, extrasInstallArgs, hasOwnConstraintLine, includedFiles, localizeRequirements, MWAA_PLUGINS_PATH,
  requirementsInstallArgs,
} from '../../../src/core/runtime/installerModel';

test('MWAA\'s constraint-line rule: any line with "-c " or "--constraint ", comments included', () => {
  const own = [
    '-c https://example.com/c.txt\nrequests',
    '--constraint "https://raw.githubusercontent.com/apache/airflow/constraints-2.11.2/constraints-3.12.txt"',
    '# --constraint https://example.com/c.txt\nboto3',
    '#    uv pip compile requirements.in --constraint constraints.txt -o requirements.txt\nrequests==2.32.3',
    'requests\r\n  -c local.txt\r\n',
  ];
  for (const text of own) assert.equal(hasOwnConstraintLine(text), true, text);
  const notOwn = [
    'requests\nboto3==1.35.0',
    '--constraint=https://example.com/c.txt', // no space after the option: MWAA's search misses it
    '-cconstraints.txt',
    'apache-airflow-providers-snowflake\n# constraints are Airflow\'s',
    '',
  ];
  for (const text of notOwn) assert.equal(hasOwnConstraintLine(text), false, text);
});

test('MWAA\'s plugins path maps to the local plugins folder, line for line', () => {
  const plugins = path.resolve('/work/proj/plugins');
  const text = ['# a comment', `--find-links ${MWAA_PLUGINS_PATH}`, '--no-index', `${MWAA_PLUGINS_PATH}/my_pkg-1.0-py3-none-any.whl`, 'requests'].join('\n');
  const out = localizeRequirements(text, '/work/proj/dags', plugins);
  assert.equal(out.changed, true);
  const lines = out.text.split('\n');
  assert.equal(lines.length, 5);
  assert.equal(lines[0], '# a comment');
  assert.equal(lines[1], `--find-links ${JSON.stringify(plugins)}`);
  assert.equal(lines[2], '--no-index');
  assert.equal(lines[3], path.join(plugins, 'my_pkg-1.0-py3-none-any.whl'));
  assert.equal(lines[4], 'requests');
});

test('without a local plugins folder, MWAA\'s --find-links line becomes a comment (same line count)', () => {
  const out = localizeRequirements(`requests\n-f ${MWAA_PLUGINS_PATH}\nboto3`, '/w', undefined);
  const lines = out.text.split('\n');
  assert.equal(lines.length, 3);
  assert.match(lines[1]!, /^# -f \/usr\/local\/airflow\/plugins/);
  assert.equal(lines[2], 'boto3');
});

test('relative -r/-c/-e/--find-links paths become absolute against the file\'s folder; URLs stay', () => {
  const dir = path.resolve('/w/reqs');
  const text = ['-r base.txt', '--constraint=../c.txt', '-e ./lib', '-c https://example.com/c.txt', './wheels/a-1.0-py3-none-any.whl', 'pandas>=2'].join('\n');
  const lines = localizeRequirements(text, dir, undefined).text.split('\n');
  assert.equal(lines[0], `-r ${JSON.stringify(path.join(dir, 'base.txt'))}`);
  assert.equal(lines[1], `--constraint ${JSON.stringify(path.resolve(dir, '../c.txt'))}`);
  assert.equal(lines[2], `-e ${JSON.stringify(path.join(dir, 'lib'))}`);
  assert.equal(lines[3], '-c https://example.com/c.txt');
  assert.equal(lines[4], path.join(dir, 'wheels/a-1.0-py3-none-any.whl'));
  assert.equal(lines[5], 'pandas>=2');
});

test('a file with nothing to map is unchanged', () => {
  const text = 'requests==2.32.3\n# -r nothing.txt\n-c https://example.com/c.txt\n';
  assert.deepEqual(localizeRequirements(text, '/w', '/p'), { text, changed: false });
});

test('included files: local -r and -c targets, not URLs or comments', () => {
  const dir = path.resolve('/w');
  assert.deepEqual(includedFiles('-r a.txt\n# -r b.txt\n-c https://x/c.txt\n--requirement=sub/d.txt\nrequests', dir),
    [path.join(dir, 'a.txt'), path.join(dir, 'sub', 'd.txt')]);
});

test('installer arguments: the image always under both constraint files; requirements per MWAA\'s rule', () => {
  const both = { essential: '/r/e.txt', airflow: '/r/a.txt' };
  const essentialOnly = { essential: '/r/e.txt', airflow: undefined };
  const base = baseInstallArgs('/r/bin/python', ['apache-airflow==2.11.2'], both);
  assert.deepEqual(base.slice(0, 4), ['pip', 'install', '--python', '/r/bin/python']);
  assert.ok(base.includes('apache-airflow==2.11.2'));
  assert.deepEqual(base.slice(-4), ['-c', '/r/e.txt', '-c', '/r/a.txt']);
  const req = requirementsInstallArgs('/r/bin/python', '/w/requirements.txt', essentialOnly, '/w/plugins');
  assert.deepEqual(req.slice(req.indexOf('-r')), ['-r', '/w/requirements.txt', '-c', '/r/e.txt', '--find-links', '/w/plugins']);
  // pip's choice between indexes (MWAA runs pip), not uv's first-index default.
  assert.equal(req[req.indexOf('--index-strategy') + 1], 'unsafe-best-match');
  const noPlugins = requirementsInstallArgs('/r/bin/python', '/w/requirements.txt', both, undefined);
  assert.ok(!noPlugins.includes('--find-links'));
  assert.deepEqual(noPlugins.slice(-4), ['-c', '/r/e.txt', '-c', '/r/a.txt']);
  assert.deepEqual(extrasInstallArgs('/p', ['debugpy'], essentialOnly).slice(-3), ['debugpy', '-c', '/r/e.txt']);
});

test('an Airflow constraints URL that is bundled reads the bundled copy; other URLs and -r lines are kept', () => {
  const url = 'https://raw.githubusercontent.com/apache/airflow/constraints-2.11.2/constraints-3.12.txt';
  const bundled = { [url]: '/data/constraints/constraints-2.11.2-py3.12.txt' };
  const text = [`--constraint "${url}"`, `-c ${url}`, '-c https://example.com/other.txt', `-r ${url}`, `# --constraint ${url}`, 'requests'].join('\n');
  const lines = localizeRequirements(text, '/proj', undefined, bundled).text.split('\n');
  assert.equal(lines[0], `--constraint ${JSON.stringify(bundled[url])}`);
  assert.equal(lines[1], `-c ${JSON.stringify(bundled[url])}`);
  assert.equal(lines[2], '-c https://example.com/other.txt');
  assert.equal(lines[3], `-r ${url}`, 'only constraint lines are mapped');
  assert.equal(lines[4], `# --constraint ${url}`, 'comments stay (MWAA still counts them as a constraint line)');
  assert.equal(localizeRequirements(text, '/proj', undefined).text.split('\n')[0], `--constraint "${url}"`, 'no map: unchanged');
});
