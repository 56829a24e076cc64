import assert from 'node:assert/strict';
import { test } from 'node:test';
import { briefly } from '../../../src/core/text/brief';
import { count } from '../../../src/core/text/counts';
import { rolloutReason } from '../../../src/core/sync/saveRouting';

test('a long reason is cut at its first colon for the status bar, never mid-word', () => {
  const reason = rolloutReason('requirements.txt')!;
  assert.ok(reason.length > 80);
  assert.equal(briefly(reason), "'requirements.txt' is not uploaded on save (details in the MWAA log)");
  assert.equal(briefly('short reason'), 'short reason');
  const noColon = 'word '.repeat(40).trim();
  const cut = briefly(noColon);
  assert.match(cut, /^(word )+word… \(details in the MWAA log\)$/);
  assert.ok(cut.length < 120);
});

test('counts read as English', () => {
  assert.equal(count(1, 'upload'), '1 upload');
  assert.equal(count(6, 'upload'), '6 uploads');
  assert.equal(count(0, 'entry', 'entries'), '0 entries');
});
