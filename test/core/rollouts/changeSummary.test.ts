import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isUserFacingError } from '../../../src/core/errors';
import { normaliseEnvironment } from '../../../src/core/mwaa/environment';
import { assertCanUpdate, changeSummary, lintErrorSummary, startupScriptWarnings, uploadFacts } from '../../../src/core/rollouts/changeSummary';

const upload = uploadFacts(Buffer.from('requests\n'));
const env = (status: string) => normaliseEnvironment({ Name: 'prod', Status: status, AirflowVersion: '2.10.3' } as never, { profile: 'p', region: 'us-east-1' });

test('the summary names the fields, the version replaced, what will be uploaded, and that the environment restarts', () => {
  const s = changeSummary({ env: env('AVAILABLE'), kind: 'requirements', target: { bucket: 'b', key: 'requirements.txt', currentPath: 'requirements.txt', currentVersion: 'old1' }, upload, source: '/w/requirements.txt' });
  assert.equal(s.message, 'Roll out requirements.txt to prod?');
  assert.equal(s.confirm, 'Roll Out');
  assert.match(s.detail, /RequirementsS3Path: requirements\.txt \(unchanged\)/);
  assert.match(s.detail, /RequirementsS3ObjectVersion: old1 -> the version uploaded on confirming/);
  assert.match(s.detail, /several minutes.*restart/);
  assert.match(s.detail, /UPDATE_FAILED with the previous requirements still active/);
});

test('the confirmation comes before the upload: it says what will be uploaded, where, and what it replaces', () => {
  const s = changeSummary({ env: env('AVAILABLE'), kind: 'requirements', target: { bucket: 'b', key: 'requirements.txt', currentPath: 'requirements.txt', currentVersion: 'old1' }, upload, source: '/w/requirements.txt' });
  // sha256("requests\n"), as `sha256sum` prints it.
  assert.deepEqual(upload, { bytes: 9, sha256: '7cc4959877dbe6b6c63a8eb1bfe3bfb545fa8fe5b28b1b2c13e4a7c1c0d1c4d4' });
  assert.match(s.detail, new RegExp(`On confirming, /w/requirements\\.txt \\(9 bytes, SHA-256 ${upload.sha256}\\) is uploaded to s3://b/requirements\\.txt as a new object version \\(replacing version old1\\)\\. Nothing is uploaded if you cancel\\.`));
  assert.doesNotMatch(s.detail, /Uploaded |as version /, 'the summary must not claim an upload that has not happened');
  const first = changeSummary({ env: env('AVAILABLE'), kind: 'startupScript', target: { bucket: 'b', key: 'startup.sh' }, upload: uploadFacts(new Uint8Array(1234)), source: 'startup.sh' });
  assert.match(first.detail, /\(1,234 bytes, SHA-256 [0-9a-f]{64}\) is uploaded to s3:\/\/b\/startup\.sh as a new object version \(the environment has no version of it yet\)/);
});

test('a first rollout shows the path being set; plugins say how many files', () => {
  const s = changeSummary({ env: env('AVAILABLE'), kind: 'plugins', target: { bucket: 'b', key: 'plugins.zip' }, upload, source: '/w/plugins', fileCount: 3 });
  assert.match(s.detail, /PluginsS3Path: \(none\) -> plugins\.zip/);
  assert.match(s.detail, /PluginsS3ObjectVersion: \(none\) -> the version uploaded on confirming/);
  assert.match(s.detail, /\/w\/plugins \(3 files\)/);
  assert.doesNotMatch(s.detail, /pip/);
});

test('requirements errors turn the question into "anyway" with the errors listed first', () => {
  const f = (line: number, code: string, severity = 'error') => ({ severity, code, message: `${code} message`, range: { start: { line } } });
  const errors = lintErrorSummary([f(2, 'REQ003'), f(4, 'REQ004', 'warning'), f(6, 'REQ001')])!;
  assert.equal(errors, '2 errors: line 3 REQ003 REQ003 message; line 7 REQ001 REQ001 message');
  assert.equal(lintErrorSummary([f(0, 'REQ004', 'warning')]), undefined);
  assert.match(lintErrorSummary([f(0, 'A'), f(1, 'B'), f(2, 'C'), f(3, 'D'), f(4, 'E')])!, /^5 errors: .*; and 2 more$/);
  const s = changeSummary({ env: env('AVAILABLE'), kind: 'requirements', target: { bucket: 'b', key: 'r.txt' }, upload, source: 'r.txt', lintErrors: errors });
  assert.equal(s.message, 'Roll out requirements.txt to prod anyway?');
  assert.equal(s.confirm, 'Roll Out Anyway');
  assert.match(s.detail.split('\n')[0]!, /The requirements check found 2 errors: line 3 REQ003/);
});

test('only AVAILABLE and UPDATE_FAILED environments take an update; others are refused with what to do', () => {
  assertCanUpdate(env('AVAILABLE'), 'requirements');
  assertCanUpdate(env('UPDATE_FAILED'), 'requirements');
  assert.throws(() => assertCanUpdate(env('UPDATING'), 'plugins'), (e: unknown) => isUserFacingError(e) && /prod is UPDATING .*plugins\.zip was not uploaded\. Wait until it is AVAILABLE/.test((e as Error).message));
  assert.throws(() => assertCanUpdate(env('UNAVAILABLE'), 'requirements'), (e: unknown) => isUserFacingError(e) && /UNAVAILABLE/.test((e as Error).message) && !/Wait until/.test((e as Error).message));
});

test('a startup script with CRLF line endings is flagged in the summary', () => {
  assert.deepEqual(startupScriptWarnings('#!/bin/sh\nexport A=1\n'), []);
  const warnings = startupScriptWarnings('#!/bin/sh\r\nexport A=1\r\n');
  assert.equal(warnings.length, 1);
  const s = changeSummary({ env: env('AVAILABLE'), kind: 'startupScript', target: { bucket: 'b', key: 'startup.sh' }, upload, source: 'startup.sh', warnings });
  assert.match(s.detail.split('\n')[0]!, /^⚠ The script has Windows \(CRLF\) line endings/);
  assert.equal(s.message, 'Roll out startup script to prod?');
});
