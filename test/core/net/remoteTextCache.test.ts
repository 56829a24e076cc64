import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import type { Logger, LogLevel } from '../../../src/core/logger';
import { DiskTextStore } from '../../../src/core/net/diskTextStore';
import { fetchPublicText, type FetchFunction } from '../../../src/core/net/publicFetch';
import { cacheKey, RemoteTextCache, type CachedText, type RemoteTextCacheOptions, type TextStore } from '../../../src/core/net/remoteTextCache';

const HOUR = 60 * 60_000;
const URL_A = 'https://files.example.org/constraints.txt';

/** Every line as the cache wrote it: no redacting sink in between, so a leak would show. */
function rawLogger(): Logger & { lines: [LogLevel, string][] } {
  const lines: [LogLevel, string][] = [];
  const at = (level: LogLevel) => (message: string) => void lines.push([level, message]);
  return { lines, trace: at('trace'), debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

class MemoryStore implements TextStore {
  readonly files = new Map<string, CachedText>();
  constructor(private readonly clock: () => number) {}
  read(key: string): CachedText | undefined {
    return this.files.get(key);
  }
  write(key: string, text: string): void {
    this.files.set(key, { text, savedAt: this.clock() });
  }
}

function setup(fetchText: (url: string) => Promise<string>, more: Partial<RemoteTextCacheOptions> = {}) {
  let now = Date.UTC(2025, 0, 1);
  const logger = rawLogger();
  const store = new MemoryStore(() => now);
  const fetched: string[] = [];
  const cache = new RemoteTextCache({
    logger,
    wording: { prefix: 'diagnostics', what: 'constraints', fallback: 'the bundled constraints' },
    canFetch: () => true,
    store,
    fetchText,
    onFetched: (url) => fetched.push(url),
    now: () => now,
    ...more,
  });
  return { cache, logger, store, fetched, advance: (ms: number) => (now += ms), now: () => now };
}

function countingFetch(answers: (string | Error)[]) {
  const calls: string[] = [];
  const fn = async (url: string) => {
    calls.push(url);
    const answer = answers[Math.min(calls.length, answers.length) - 1]!;
    if (answer instanceof Error) throw answer;
    return answer;
  };
  return Object.assign(fn, { calls });
}

test('the first read starts a fetch; the copy is served from then on and announced once', async () => {
  const fetch = countingFetch(['pinned==1\n']);
  const { cache, fetched } = setup(fetch);
  assert.equal(cache.read(URL_A), undefined);
  await cache.settled();
  assert.equal(cache.read(URL_A), 'pinned==1\n');
  assert.deepEqual(fetched, [URL_A]);
  assert.equal(fetch.calls.length, 1);
});

test('a copy expires after 24 hours: served while it is fetched again, then replaced', async () => {
  const fetch = countingFetch(['v1\n', 'v2\n']);
  const { cache, fetched, advance } = setup(fetch);
  cache.read(URL_A);
  await cache.settled();
  advance(23 * HOUR);
  assert.equal(cache.read(URL_A), 'v1\n');
  await cache.settled();
  assert.equal(fetch.calls.length, 1, 'fresh for a day');
  advance(2 * HOUR);
  assert.equal(cache.read(URL_A), 'v1\n', 'the expired copy is still served while the new one comes');
  await cache.settled();
  assert.equal(fetch.calls.length, 2);
  assert.equal(cache.read(URL_A), 'v2\n');
  assert.deepEqual(fetched, [URL_A, URL_A]);
});

test('an expired copy from the store stays in use when the refresh fails (offline), and the log says so', async () => {
  const offline = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ENOTFOUND' } });
  const fetch = countingFetch([offline, offline, 'v2\n']);
  const { cache, store, logger, advance, now, fetched } = setup(fetch);
  const savedAt = now() - 3 * 24 * HOUR;
  store.files.set(cacheKey(URL_A), { text: 'v1\n', savedAt });
  assert.equal(cache.read(URL_A), 'v1\n');
  await cache.settled();
  assert.equal(cache.read(URL_A), 'v1\n');
  const info = logger.lines.filter(([level]) => level === 'info').map(([, line]) => line);
  assert.deepEqual(info, [`diagnostics: cannot refresh constraints ${URL_A} (fetch failed (ENOTFOUND)); using the copy fetched ${new Date(savedAt).toISOString()}`]);
  // Not again at every re-check: only after the retry delay.
  cache.read(URL_A);
  await cache.settled();
  assert.equal(fetch.calls.length, 1);
  advance(11 * 60_000);
  cache.read(URL_A);
  await cache.settled();
  assert.equal(fetch.calls.length, 2);
  advance(11 * 60_000);
  cache.read(URL_A);
  await cache.settled();
  assert.equal(cache.read(URL_A), 'v2\n');
  assert.deepEqual(fetched, [URL_A]);
});

test('the same text fetched again is not announced again', async () => {
  const fetch = countingFetch(['same\n']);
  const { cache, fetched, advance } = setup(fetch);
  cache.read(URL_A);
  await cache.settled();
  advance(25 * HOUR);
  cache.read(URL_A);
  await cache.settled();
  assert.equal(fetch.calls.length, 2);
  assert.deepEqual(fetched, [URL_A]);
});

test('untrusted: nothing is fetched, a stored copy is still read', async () => {
  const fetch = countingFetch(['x']);
  const { cache, store, now } = setup(fetch, { canFetch: () => false });
  assert.equal(cache.read(URL_A), undefined);
  store.files.set(cacheKey('https://files.example.org/other.txt'), { text: 'kept\n', savedAt: now() - 48 * HOUR });
  assert.equal(cache.read('https://files.example.org/other.txt'), 'kept\n');
  await cache.settled();
  assert.equal(fetch.calls.length, 0);
});

test('copies are stored under the sha256 of the URL; info lines never show its query, debug only redacted', async () => {
  const url = 'https://files.example.org/c.txt?private_token=glpat-s3cr3t&v=2';
  const { cache, store, logger } = setup(countingFetch(['pinned==1\n']));
  cache.read(url);
  await cache.settled();
  assert.deepEqual([...store.files.keys()], [createHash('sha256').update(url).digest('hex')]);
  for (const [, line] of logger.lines) assert.doesNotMatch(line, /s3cr3t/);
  assert.deepEqual(logger.lines.filter(([l]) => l === 'info').map(([, line]) => line), ['diagnostics: fetched constraints https://files.example.org/c.txt?…']);
  assert.ok(logger.lines.some(([l, line]) => l === 'debug' && line.includes('c.txt?private_token=[redacted]&v=2')));
});

test('a URL the policy refuses is never requested, and the log says why once', async () => {
  let requests = 0;
  const fetch: FetchFunction = async () => {
    requests++;
    return new Response('x');
  };
  const viaPolicy = (url: string) => fetchPublicText(url, { maxBytes: 1024, timeoutMs: 1_000, fetch, lookup: async () => ['169.254.169.254'] });
  const { cache, logger, advance } = setup(viaPolicy);
  for (const url of ['http://files.example.org/c.txt', 'https://metadata.example.org/latest/meta-data/']) {
    for (let i = 0; i < 3; i++) {
      assert.equal(cache.read(url), undefined);
      await cache.settled();
      advance(20 * 60_000);
    }
  }
  assert.equal(requests, 0);
  const warnings = logger.lines.filter(([l]) => l === 'warn').map(([, line]) => line);
  assert.deepEqual(warnings, [
    'diagnostics: not fetching constraints from http://files.example.org/c.txt: only https URLs are fetched, not http; using the bundled constraints',
    'diagnostics: not fetching constraints from https://metadata.example.org/latest/meta-data/: metadata.example.org resolves to 169.254.169.254, a link-local address (where cloud metadata services answer); using the bundled constraints',
  ]);
});

test('no more than a few fetches run at once, however many URLs a file names', async () => {
  const calls: string[] = [];
  const { cache } = setup((url) => {
    calls.push(url);
    return new Promise<string>(() => undefined);
  });
  for (let i = 0; i < 50; i++) cache.read(`https://files.example.org/c${i}.txt`);
  assert.equal(calls.length, 4);
});

test('disk store: hashed file names, atomic writes, old URL-named files removed, the newest few kept', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mwaa-cache-'));
  try {
    const legacy = 'files.example.org_c.txt_private_token_glpat-s3cr3t.txt';
    fs.writeFileSync(path.join(dir, legacy), 'old');
    const store = new DiskTextStore(dir, 64, 3);
    const keys = ['a', 'b', 'c', 'd'].map((u) => cacheKey(`https://files.example.org/${u}.txt`));
    const old = Math.floor(Date.now() / 1000) - 3600;
    keys.forEach((key, i) => {
      store.write(key, `text ${i}`);
      fs.utimesSync(path.join(dir, `${key}.txt`), old + i, old + i);
    });
    const names = fs.readdirSync(dir).sort();
    assert.deepEqual(names, keys.slice(1).map((k) => `${k}.txt`).sort(), 'the legacy name and the oldest copy are gone');
    const newest = store.read(keys[3]!);
    assert.equal(newest?.text, 'text 3');
    assert.ok(Math.abs(newest.savedAt - (old + 3) * 1000) < 2, 'the fetch time is the file time');
    assert.equal(store.read(keys[0]!), undefined);
    fs.writeFileSync(path.join(dir, `${keys[1]}.txt`), 'x'.repeat(65));
    assert.equal(store.read(keys[1]!), undefined, 'a file over the cap is not read');
    assert.throws(() => store.write('../../escape', 'x'), /not a cache key/);
    assert.equal(store.read('../../escape'), undefined);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
