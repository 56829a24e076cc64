import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readRepoFile } from './readmePage';

const readJson = (name: string): unknown => JSON.parse(readRepoFile(name));
const PLACEHOLDER = /^%([\w.-]+)%$/;

/** Fields VS Code shows to the user wherever they appear in `contributes`. */
const TEXT_FIELDS = new Set([
  'title', 'shortTitle', 'category', 'name', 'contextualTitle', 'contents', 'description', 'markdownDescription',
  'patternErrorMessage', 'deprecationMessage', 'markdownDeprecationMessage', 'label', 'altText',
]);
const TEXT_ARRAYS = new Set(['enumDescriptions', 'markdownEnumDescriptions', 'enumItemLabels']);
/** Subtrees that are data, not text: a debug snippet's body is inserted into launch.json as it is. */
const DATA_SUBTREES = new Set(['body', 'default', 'enum', 'examples']);

interface Found { readonly where: string; readonly value: string }

function visit(node: unknown, where: string, out: { strings: Found[]; texts: Found[] }): void {
  if (Array.isArray(node)) {
    node.forEach((v, i) => (typeof v === 'string' ? out.strings.push({ where: `${where}[${i}]`, value: v }) : visit(v, `${where}[${i}]`, out)));
    return;
  }
  if (node === null || typeof node !== 'object') return;
  for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
    const at = `${where}.${k}`;
    if (typeof v === 'string') {
      out.strings.push({ where: at, value: v });
      if (TEXT_FIELDS.has(k)) out.texts.push({ where: at, value: v });
    } else if (TEXT_ARRAYS.has(k) && Array.isArray(v)) {
      v.forEach((s, i) => typeof s === 'string' && out.texts.push({ where: `${at}[${i}]`, value: s }));
      visit(v, at, out);
    } else if (!DATA_SUBTREES.has(k)) {
      visit(v, at, out);
    }
  }
}

function scan(): { pkg: Record<string, unknown>; nls: Record<string, unknown>; strings: Found[]; texts: Found[] } {
  const pkg = readJson('package.json') as Record<string, unknown>;
  const nls = readJson('package.nls.json') as Record<string, unknown>;
  const out = { strings: [] as Found[], texts: [] as Found[] };
  visit(pkg.contributes, 'contributes', out);
  for (const k of ['displayName', 'description'] as const) {
    const v = pkg[k];
    if (typeof v === 'string') {
      out.strings.push({ where: k, value: v });
      out.texts.push({ where: k, value: v });
    }
  }
  return { pkg, nls, ...out };
}

test('every %key% in package.json has its English text in package.nls.json', () => {
  const { nls, strings } = scan();
  const missing = strings.filter((s) => PLACEHOLDER.test(s.value) && !(s.value.slice(1, -1) in nls));
  assert.deepEqual(missing, [], 'add these keys to package.nls.json');
  for (const [k, v] of Object.entries(nls)) assert.ok(typeof v === 'string' && v.trim() !== '', `package.nls.json: ${k} is empty`);
});

test('package.nls.json holds no key package.json does not use', () => {
  const { nls, strings } = scan();
  const used = new Set(strings.map((s) => PLACEHOLDER.exec(s.value)?.[1]).filter((k): k is string => k !== undefined));
  assert.deepEqual(Object.keys(nls).filter((k) => !used.has(k)), []);
});

test('no user-visible text is left in plain English in package.json', () => {
  const { texts } = scan();
  const plain = texts.filter((t) => !PLACEHOLDER.test(t.value));
  assert.deepEqual(plain, [], 'move these into package.nls.json and write "%key%" in package.json (e.g. mwaa.command.<name>.title)');
});

test('command links in localized texts name contributed commands', () => {
  const { pkg, nls } = scan();
  const contributes = pkg.contributes as { commands: { command: string }[] };
  const ids = new Set(contributes.commands.map((c) => c.command));
  const linked = Object.values(nls).flatMap((v) => [...String(v).matchAll(/command:(mwaa\.[A-Za-z0-9.]+)/g)].map((m) => m[1] ?? ''));
  assert.ok(linked.length > 0, 'the view welcome links commands');
  assert.deepEqual(linked.filter((id) => !ids.has(id)), []);
});

test('the scan finds a plain title, so the check above can fail', () => {
  const out = { strings: [] as Found[], texts: [] as Found[] };
  visit({ commands: [{ command: 'mwaa.x', title: 'X', category: '%mwaa.category%' }], debuggers: [{ configurationSnippets: [{ body: { name: 'Debug' } }] }] }, 'contributes', out);
  assert.deepEqual(out.texts.filter((t) => !PLACEHOLDER.test(t.value)).map((t) => t.where), ['contributes.commands[0].title']);
});
