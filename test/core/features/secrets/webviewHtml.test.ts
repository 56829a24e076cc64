import assert from 'node:assert/strict';
import { test } from 'node:test';
import { reportBody, reportSummary } from '../../../../src/features/secrets/reportHtml';
import { escapeHtml, page } from '../../../../src/features/secrets/webviewHtml';

const parts = { title: 'T <b>', cspSource: 'https://file+.vscode-resource.vscode-cdn.net', styleUri: 'https://file+.vscode-resource.vscode-cdn.net/x/secrets.css', body: '<main></main>' };

test('a page with a script allows only that script, by a fresh nonce, and nothing remote', () => {
  const a = page({ ...parts, scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/x/form.js' });
  const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(a)![1]!;
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /form-action 'none'/);
  const nonce = /script-src 'nonce-([A-Za-z0-9_-]{20,})'/.exec(csp)![1]!;
  assert.ok(a.includes(`<script nonce="${nonce}" src="https://file+.vscode-resource.vscode-cdn.net/x/form.js"></script>`));
  assert.ok(!/unsafe-inline|unsafe-eval|\*/.test(csp), csp);
  const b = page({ ...parts, scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/x/form.js' });
  assert.notEqual(/nonce-([^']+)'/.exec(b)![1], nonce, 'a new nonce per page');
  assert.ok(a.includes('<title>T &lt;b&gt;</title>'));
});

test('a page without a script allows none', () => {
  const html = page(parts);
  assert.match(html, /script-src 'none'/);
  assert.ok(!html.includes('<script'));
});

test('escapeHtml covers the five characters that break out of text and attributes', () => {
  assert.equal(escapeHtml(`<img src=x onerror="a('b')">&`), '&lt;img src=x onerror=&quot;a(&#39;b&#39;)&quot;&gt;&amp;');
});

test('the report escapes what the checks say and sums them up in one sentence', () => {
  const results = [
    { id: 'prefix', title: 'Prefix <x>', status: 'ok' as const, detail: 'fine' },
    { id: 'exists', title: 'Secret exists', status: 'problem' as const, detail: 'No secret airflow/variables/<script>', fix: 'Create it "here"' },
    { id: 'role', title: 'Role', status: 'unknown' as const, detail: 'not simulated' },
  ];
  const html = reportBody({ envName: 'env&1', kind: 'variable', key: 'k<script>', results }, 'Why?');
  assert.ok(!html.includes('<script>'));
  assert.ok(html.includes('k&lt;script&gt;') && html.includes('Prefix &lt;x&gt;') && html.includes('Create it &quot;here&quot;') && html.includes('env&amp;1'));
  assert.equal((html.match(/<tr>/g) ?? []).length, 4, 'a header row and one row per check');
  assert.match(html, /status-problem">✗ Problem/);
  assert.equal(reportSummary({ kind: 'variable', key: 'k', results }), '1 problem keeps Airflow from reading the variable k as you expect: see what to change below.');
  assert.match(reportSummary({ kind: 'connection', key: 'c', results: [results[0]!, results[2]!] }), /^No problem found for the connection c, but 1 check could not be made here/);
  assert.equal(reportSummary({ kind: 'connection', key: 'c', results: [results[0]!] }), 'Airflow can read the connection c: every check passed.');
});
