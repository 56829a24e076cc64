import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SeamDeduplicator } from '../../../src/core/logs/seam';

const ev = (t: number, m: string, s = 'a') => ({ logStreamName: s, timestamp: t, message: m });

test('history then live: the overlap is shown once, nothing is lost', () => {
  const seam = new SeamDeduplicator();
  const history = [ev(1, 'one'), ev(2, 'two'), ev(3, 'three')];
  const live = [ev(2, 'two'), ev(3, 'three'), ev(4, 'four')];
  assert.deepEqual(seam.admit(history).map((e) => e.message), ['one', 'two', 'three']);
  assert.deepEqual(seam.admit(live).map((e) => e.message), ['four']);
});

test('identical lines in the same millisecond are both kept, and a re-send of both is dropped', () => {
  const seam = new SeamDeduplicator();
  assert.equal(seam.admit([ev(5, 'retry'), ev(5, 'retry')]).length, 2);
  assert.equal(seam.admit([ev(5, 'retry'), ev(5, 'retry')]).length, 0);
  assert.equal(seam.admit([ev(5, 'retry'), ev(5, 'retry'), ev(5, 'retry')]).length, 1, 'a third copy is new');
});

test('the same line in another stream is another event', () => {
  const seam = new SeamDeduplicator();
  seam.admit([ev(1, 'x', 's1')]);
  assert.equal(seam.admit([ev(1, 'x', 's2')]).length, 1);
});

test('memory stays bounded by the window', () => {
  const seam = new SeamDeduplicator(1000);
  for (let t = 0; t < 100_000; t += 10) seam.admit([ev(t, `line ${t}`)]);
  assert.ok(seam.size <= 1000 / 10 * 1.25 + 1, `held ${seam.size} identities`);
});
