import assert from 'node:assert/strict';
import { test } from 'node:test';
import { appliedSummary } from '../../../src/core/sync/appliedSummary';

const none = { upload: 0, update: 0, unchanged: 0, conflict: 0, 'delete-remote': 0, pull: 0 };

test('a folder sync\'s summary reads as English: counts of files and what was done to them', () => {
  assert.equal(appliedSummary({ ...none, upload: 6 }), '6 files uploaded');
  assert.equal(appliedSummary({ ...none, upload: 1, update: 2, 'delete-remote': 1, unchanged: 40 }), '1 file uploaded, 2 files updated, 1 file deleted from S3');
  assert.equal(appliedSummary({ ...none, pull: 3, conflict: 1 }), '1 file overwritten in S3, 3 files pulled');
  assert.equal(appliedSummary({ ...none, unchanged: 5 }), 'nothing to do');
});
