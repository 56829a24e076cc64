/**
 * `mwaa.sync.exclude` (a workspace can set it) and `.airflowignore` come from the workspace. A
 * backtracking RegExp took 512 ms for `*a*a*a*a*a*a*a*a*a*a*b` on a 31-character name, 5x more per
 * 4 characters. Globs now match in linear time; Python regexes are used only within bounds, and a
 * pattern left out is named in the log with the reason.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AirflowIgnore } from '../../../src/core/sync/airflowIgnore';
import { compileWildPattern } from '../../../src/core/sync/gitWildMatch';
import { SyncFilter } from '../../../src/core/sync/syncFilter';

const ADVERSARIAL = '*a*a*a*a*a*a*a*a*a*a*b';
const timed = <T>(fn: () => T): [T, number] => {
  const t0 = performance.now();
  const out = fn();
  return [out, performance.now() - t0];
};

test('mwaa.sync.exclude: the adversarial glob answers for a 64-character name in under 50 ms', () => {
  const filter = new SyncFilter([ADVERSARIAL]);
  const [verdict, ms] = timed(() => filter.verdict('a'.repeat(64)));
  assert.equal(verdict.upload, true);
  assert.ok(ms < 50, `${ms.toFixed(1)} ms`);
  const [hit, ms2] = timed(() => filter.verdict(`${'a'.repeat(63)}b`));
  assert.equal(hit.upload, false);
  assert.ok(ms2 < 50, `${ms2.toFixed(1)} ms`);
});

test('glob .airflowignore (Airflow 3): the adversarial glob on a deep, long path stays fast', () => {
  const ig = new AirflowIgnore(new Map([['', `${ADVERSARIAL}\n**/${ADVERSARIAL}/**\n`]]), 'glob');
  const deep = Array.from({ length: 8 }, () => 'a'.repeat(64)).join('/');
  const [ignored, ms] = timed(() => ig.isIgnored(deep));
  assert.equal(ignored, false);
  assert.ok(ms < 50, `${ms.toFixed(1)} ms`);
});

test('the linear matcher reads globs as before (character classes, **, anchoring)', () => {
  const m = (p: string, s: string) => compileWildPattern(p)!.test(s);
  assert.equal(m('tenant_[!0-9].py', 'tenant_x.py'), true);
  assert.equal(m('tenant_[!0-9].py', 'tenant_1.py'), false);
  assert.equal(m('a/**/z.py', 'a/b/c/z.py'), true);
  assert.equal(m('a/**/z.py', 'a/z.py'), true);
  assert.equal(m('/x.py', 'sub/x.py'), false);
  assert.equal(m('*.sql', 'a/b/c.sql'), true);
  assert.equal(compileWildPattern('[z-a]'), undefined, 'an unreadable class is skipped, not thrown');
});

const regexpIgnore = (text: string) => {
  const logged: string[] = [];
  const ig = new AirflowIgnore(new Map([['', text]]), 'regexp', (w) => logged.push(w));
  return { ig, logged };
};

for (const [pattern, why] of [
  ['(a+)+$', /nested quantifiers/],
  ['(a|aa)*b', /nested quantifiers/],
  ['.*a.*a.*a.*a.*a.*a.*a.*a.*a.*a.*b', /more than 65536 ways to split a path/],
  [`${'a?'.repeat(20)}${'a'.repeat(20)}`, /more than 65536 ways/],
  [`${'(a|b)'.repeat(20)}c`, /more than 65536 ways/],
  [`x${'y'.repeat(600)}`, /longer than 512 characters/],
] as const) {
  test(`regexp .airflowignore: '${pattern.slice(0, 30)}' is not used, and the log says which and why`, () => {
    const { ig, logged } = regexpIgnore(`${pattern}\nhelpers\n`);
    const [ignored, ms] = timed(() => ig.isIgnored('a'.repeat(40)));
    assert.equal(ignored, false);
    assert.ok(ms < 50, `${ms.toFixed(1)} ms`);
    assert.equal(logged.length, 1, logged.join('\n'));
    assert.ok(logged[0]!.includes(pattern.slice(0, 30)), logged[0]);
    assert.match(logged[0]!, why);
    assert.equal(ig.isIgnored('lib/helpers.py'), true, 'the other lines still apply');
  });
}

test('regexp .airflowignore: the worst accepted pattern on the longest tested path stays bounded; longer paths are not tried (said once)', () => {
  const { ig, logged } = regexpIgnore('.*a.*b\n');
  ig.isIgnored('warm/up.py');
  const [ignored, ms] = timed(() => ig.isIgnored('a'.repeat(256)));
  assert.equal(ignored, false);
  assert.ok(ms < 50, `${ms.toFixed(1)} ms`);
  assert.equal(logged.length, 0);
  assert.equal(ig.isIgnored(`${'a'.repeat(300)}b`), false);
  assert.equal(ig.isIgnored(`${'c'.repeat(300)}ab`), false);
  assert.equal(logged.length, 1);
  assert.match(logged[0]!, /paths longer than 256 characters .* are not tested/);
});

test('regexp .airflowignore: the patterns Airflow users write are all used', () => {
  const { ig, logged } = regexpIgnore(['project_a', 'tenant_[\\d]', '^helpers/.*', '.*_test\\.py$', '(?i)^README', '(?P<x>tmp)_(?P=x)', '^(team_a|team_b)/.*\\.sql$', 'venv|node_modules'].join('\n'));
  assert.equal(ig.isIgnored('project_a_dag.py'), true);
  assert.equal(ig.isIgnored('helpers/db.py'), true);
  assert.equal(ig.isIgnored('x/y_test.py'), true);
  assert.equal(ig.isIgnored('team_b/q.sql'), true);
  assert.equal(ig.isIgnored('dag.py'), false);
  assert.deepEqual(logged, []);
});
