import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConstraints } from '../../../src/core/lint/constraints';
import { checkRequirements } from '../../../src/core/lint/requirements/constraintsChecker';
import { parseRequirements } from '../../../src/core/lint/requirements/requirementsParser';
import { archiveName, eggName } from '../../../src/core/lint/requirements/urlProjectName';
import { DATA_DIR } from './lintSetup';

const env = loadConstraints(DATA_DIR, '2.10.3')!;

/** The regexes these functions replace: same results, but quadratic on long URLs. */
const EGG = /#(?:.*&)?egg=([A-Za-z0-9][A-Za-z0-9._-]*)/;
const WHEEL = /([A-Za-z0-9][A-Za-z0-9._]*?)-\d[^/]*\.(whl|zip|tar\.gz|tar\.bz2|tgz)$/;

function elapsed(run: () => void): number {
  const t0 = performance.now();
  run();
  return performance.now() - t0;
}

test('URL project names: #egg= and wheel or sdist names, as the old regexes found them', () => {
  const cases = [
    'git+https://x/y.git#egg=yy', 'git+https://x/y.git#subdirectory=a&egg=z_z-1', 'git+https://x/y.git#egg=a&egg=b', '#egg=&egg=ok', '#a&egg=-x#egg=c',
    '#x\n&egg=a', '#egg=a\u2028&egg=b', 'x#&', 'egg=a', '#egg=', '&egg=a#',
    'https://f/foo_bar-2.0-py3-none-any.whl', 'pkg-2.0.tar.gz', 'a/b-1/c.whl', 'A.b-c-1.0.zip', '_x-1.tgz', 'x-1.tar.bz2', '-1.whl', 'a-1.WHL', 'a-.whl',
    'x-y-2.0.whl', 'a-1whl', 'a-1.whl/x', 'é-1.whl', 'a.-1.whl', '..a_-1-2.whl', 'a/-1/b-c-2.tar.gz',
  ];
  for (const url of cases) {
    assert.equal(eggName(url), EGG.exec(url)?.[1], `egg of ${JSON.stringify(url)}`);
    assert.equal(archiveName(url), WHEEL.exec(url)?.[1], `archive of ${JSON.stringify(url)}`);
  }
  const [wheel, vcs] = parseRequirements('https://f/foo_bar-2.0-py3-none-any.whl\n-e git+https://x/y.git#egg=Yy\n').requirements;
  assert.equal(wheel!.normalizedName, 'foo-bar');
  assert.equal(vcs!.normalizedName, 'yy');
});

test('a 100 KB URL line (fuzz shape longUrl) is checked in well under 1 s', () => {
  const text = `https://x/${'a'.repeat(100_000)}#egg=\n`;
  let findings: ReturnType<typeof checkRequirements>['findings'] = [];
  const ms = elapsed(() => ({ findings } = checkRequirements(text, { constraints: env, filePath: '/w/req.txt', readFile: () => undefined })));
  assert.ok(ms < 1000, `took ${ms.toFixed(0)} ms`);
  assert.deepEqual(findings.map((f) => f.code), ['REQ001']);
  for (const url of [`https://x/${'a'.repeat(100_000)}.whl`, `${'a-'.repeat(50_000)}.whl`, `#${'&'.repeat(100_000)}egg`, '#&'.repeat(50_000), '#egg'.repeat(25_000)]) {
    const t = elapsed(() => {
      eggName(url);
      archiveName(url);
    });
    assert.ok(t < 200, `${url.slice(0, 12)}… took ${t.toFixed(0)} ms`);
  }
});
