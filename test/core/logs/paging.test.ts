import assert from 'node:assert/strict';
import { test } from 'node:test';
import { filterLogEventPages, getLogEventPages } from '../../../src/core/logs/paging';

async function collect<T>(gen: AsyncGenerator<T[], unknown>): Promise<T[]> {
  const out: T[] = [];
  for await (const page of gen) out.push(...page);
  return out;
}

test('FilterLogEvents: empty pages with a nextToken do not end the scan', async () => {
  const pages = [{ events: [1], nextToken: 'a' }, { events: [], nextToken: 'b' }, { nextToken: 'c' }, { events: [2, 3] }];
  const sent: (string | undefined)[] = [];
  const got = await collect(filterLogEventPages(async (token) => {
    sent.push(token);
    return pages[sent.length - 1]!;
  }));
  assert.deepEqual(got, [1, 2, 3]);
  assert.deepEqual(sent, [undefined, 'a', 'b', 'c']);
});

test('GetLogEvents: stops when the forward token comes back unchanged, and returns it for resuming', async () => {
  const pages: Record<string, { events: number[]; nextForwardToken: string }> = {
    head: { events: [1, 2], nextForwardToken: 'f1' },
    f1: { events: [], nextForwardToken: 'f2' },
    f2: { events: [3], nextForwardToken: 'f3' },
    f3: { events: [], nextForwardToken: 'f3' },
  };
  let calls = 0;
  const gen = getLogEventPages(async (token) => {
    calls++;
    return pages[token ?? 'head']!;
  });
  const out: number[] = [];
  let r = await gen.next();
  while (!r.done) {
    out.push(...r.value);
    r = await gen.next();
  }
  assert.deepEqual(out, [1, 2, 3]);
  assert.equal(r.value, 'f3');
  assert.equal(calls, 4);
});

test('a page cap bounds a scan that never ends, and abort stops it', async () => {
  let calls = 0;
  await collect(filterLogEventPages(async () => ({ events: [], nextToken: `t${++calls}` }), { maxPages: 5 }));
  assert.equal(calls, 5);
  const ac = new AbortController();
  ac.abort();
  await assert.rejects(collect(filterLogEventPages(async () => ({ events: [1] }), { abortSignal: ac.signal })), { name: 'AbortError' });
});
