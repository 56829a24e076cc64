import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fetchPublicText, RefusedUrlError, type FetchFunction, type PublicFetchOptions } from '../../../src/core/net/publicFetch';

const URL_OK = 'https://files.example.org/airflow/constraints.txt';

/** A fetch that answers from a table by URL and records what was asked. */
function fakeFetch(routes: Record<string, () => Response>): FetchFunction & { calls: { url: string; redirect: string }[] } {
  const calls: { url: string; redirect: string }[] = [];
  const fn = async (url: string, init: { redirect: 'manual'; signal: AbortSignal }) => {
    calls.push({ url, redirect: init.redirect });
    const route = routes[url];
    if (!route) throw new TypeError(`fetch failed: no route for ${url}`);
    return route();
  };
  return Object.assign(fn, { calls });
}

const publicLookup = async () => ['93.184.216.34'];
const options = (fetch: FetchFunction, more: Partial<PublicFetchOptions> = {}): PublicFetchOptions => ({ maxBytes: 1024, timeoutMs: 5_000, fetch, lookup: publicLookup, ...more });
const redirect = (location: string, status = 302) => () => new Response(null, { status, headers: { location } });

test('fetches the text of a public https URL, never letting fetch follow redirects itself', async () => {
  const fetch = fakeFetch({ [URL_OK]: () => new Response('apache-airflow==2.10.3\n') });
  assert.equal(await fetchPublicText(URL_OK, options(fetch)), 'apache-airflow==2.10.3\n');
  assert.deepEqual(fetch.calls, [{ url: URL_OK, redirect: 'manual' }]);
});

test('refuses http and non-public hosts before any lookup or request', async () => {
  const fetch = fakeFetch({});
  let lookups = 0;
  const lookup = async () => {
    lookups++;
    return ['93.184.216.34'];
  };
  for (const url of ['http://files.example.org/c.txt', 'https://169.254.169.254/latest/meta-data/', 'https://[fd00:ec2::254]/', 'https://localhost/c.txt']) {
    await assert.rejects(fetchPublicText(url, options(fetch, { lookup })), RefusedUrlError, url);
  }
  assert.equal(lookups, 0);
  assert.equal(fetch.calls.length, 0);
});

test('refuses a host name that resolves to a metadata or private address, without a request', async () => {
  const fetch = fakeFetch({ [URL_OK]: () => new Response('x') });
  for (const addresses of [['169.254.169.254'], ['93.184.216.34', 'fd00:ec2::254'], ['10.0.0.7']]) {
    await assert.rejects(fetchPublicText(URL_OK, options(fetch, { lookup: async () => addresses })), (err: Error) => {
      assert.ok(err instanceof RefusedUrlError);
      assert.match(err.message, /files\.example\.org resolves to/);
      return true;
    });
  }
  assert.equal(fetch.calls.length, 0);
});

test('follows a few same-origin redirects itself', async () => {
  const fetch = fakeFetch({
    [URL_OK]: redirect('/airflow/v2/constraints.txt', 301),
    'https://files.example.org/airflow/v2/constraints.txt': redirect('https://files.example.org/airflow/v3/constraints.txt', 307),
    'https://files.example.org/airflow/v3/constraints.txt': () => new Response('pinned==1\n'),
  });
  assert.equal(await fetchPublicText(URL_OK, options(fetch)), 'pinned==1\n');
  assert.equal(fetch.calls.length, 3);
});

test('refuses a redirect to another origin (the metadata service, another host, http) without following it', async () => {
  for (const location of ['https://169.254.169.254/latest/meta-data/iam/', 'https://other.example.org/c.txt', 'http://files.example.org/c.txt', 'https://files.example.org:8443/c.txt']) {
    const fetch = fakeFetch({ [URL_OK]: redirect(location) });
    await assert.rejects(fetchPublicText(URL_OK, options(fetch)), (err: Error) => {
      assert.ok(err instanceof RefusedUrlError, location);
      assert.match(err.message, /redirects to another origin/);
      return true;
    });
    assert.equal(fetch.calls.length, 1, location);
  }
});

test('names only the origin of a refused redirect: its query may carry a token', async () => {
  const fetch = fakeFetch({ [URL_OK]: redirect('https://signed.example.net/c.txt?X-Amz-Signature=deadbeef') });
  await assert.rejects(fetchPublicText(URL_OK, options(fetch)), (err: Error) => !err.message.includes('deadbeef') && /signed\.example\.net/.test(err.message));
});

test('stops after the redirect limit, and on a redirect without a Location', async () => {
  const loop = fakeFetch({ [URL_OK]: redirect(URL_OK) });
  await assert.rejects(fetchPublicText(URL_OK, options(loop, { maxRedirects: 3 })), /redirects more than 3 times/);
  assert.equal(loop.calls.length, 4);
  const bare = fakeFetch({ [URL_OK]: () => new Response(null, { status: 302 }) });
  await assert.rejects(fetchPublicText(URL_OK, options(bare)), /HTTP 302 without a Location/);
});

test('an HTTP error is an error', async () => {
  await assert.rejects(fetchPublicText(URL_OK, options(fakeFetch({ [URL_OK]: () => new Response('nope', { status: 404 }) }))), /HTTP 404/);
});

test('caps the body: a declared length over the cap, and an endless body without one', async () => {
  const declared = fakeFetch({ [URL_OK]: () => new Response('x', { headers: { 'content-length': '4096' } }) });
  await assert.rejects(fetchPublicText(URL_OK, options(declared)), /larger than 1024 bytes/);

  let pulled = 0;
  let cancelled = false;
  const endless = fakeFetch({
    [URL_OK]: () => new Response(new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(100).fill(97));
      },
      cancel() {
        cancelled = true;
      },
    })),
  });
  await assert.rejects(fetchPublicText(URL_OK, options(endless)), /larger than 1024 bytes/);
  assert.ok(pulled <= 12, `read ${pulled} chunks of an endless body`);
  assert.ok(cancelled, 'the body stream is cancelled');

  const exact = fakeFetch({ [URL_OK]: () => new Response('é'.repeat(512)) });
  assert.equal(await fetchPublicText(URL_OK, options(exact)), 'é'.repeat(512));
});
