import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { PositionEncoding, Workspace } from '@astral-sh/ruff-wasm-nodejs';
import { parseDiagnosticsSettings } from '../../../src/core/settings';
import { controlFindings } from '../../../src/core/lint/suppression/findingControl';
import { buildNoqaIndex } from '../../../src/core/lint/suppression/noqaIndex';
import { airCodesRuffReports, findRuffConfig, ruffLayerOf } from '../../../src/core/lint/suppression/ruffConfig';
import { findProjectConfig, ProjectConfigError, ProjectConfigs } from '../../../src/core/lint/suppression/projectConfig';
import { isCodeSelected, isSelector, parseSelector, RuleSelection, type RuleSelector, type SelectionLayer } from '../../../src/core/lint/suppression/ruleSelectors';
import type { Finding } from '../../../src/core/lint/types';

function sel(...texts: string[]): RuleSelector[] {
  return texts.map((t) => {
    const s = parseSelector(t);
    assert.ok(isSelector(s), t);
    return s;
  });
}

test('selectors: ALL, families, prefixes and codes, any case; anything else is refused with the reason', () => {
  assert.deepEqual(parseSelector('all'), { text: 'ALL', specificity: 0 });
  assert.deepEqual(parseSelector(' air3 '), { text: 'AIR3', specificity: 2 });
  assert.deepEqual(parseSelector('MWAA004'), { text: 'MWAA004', specificity: 4 });
  for (const bad of ['E501', 'AIR3010', 'MWAA-004', '', 'A', 'x'.repeat(5000)]) {
    const r = parseSelector(bad);
    assert.ok(!isSelector(r), bad);
    assert.ok(r.problem.length < 200, 'a long value is not echoed in full');
  }
});

test('selection: ruff\'s rule (the most specific selector decides, ignore wins ties, a later select starts over)', () => {
  const layers = (...l: SelectionLayer[]) => l;
  const selected = (ls: SelectionLayer[], code: string) => isCodeSelected(ls, code, true);
  assert.equal(selected([], 'MWAA004'), true, 'everything by default');
  const ignoreMwaa = layers({ ignore: sel('MWAA'), extendSelect: sel('MWAA004') });
  assert.equal(selected(ignoreMwaa, 'MWAA003'), false);
  assert.equal(selected(ignoreMwaa, 'MWAA004'), true, 'a code beats its family');
  assert.equal(selected(layers({ select: sel('AIR3'), ignore: sel('AIR3') }), 'AIR301'), false, 'ignore wins a tie');
  const fileThenFlags = layers({ select: sel('AIR', 'REQ'), ignore: sel('REQ006') }, { select: sel('REQ') });
  assert.equal(selected(fileThenFlags, 'AIR301'), false, 'the flags\' select replaces the file\'s');
  assert.equal(selected(fileThenFlags, 'REQ006'), true);
  assert.equal(selected(layers({ select: sel('AIR', 'REQ') }, { ignore: sel('AIR302') }), 'AIR301'), true, 'a later ignore alone keeps the earlier select');
});

// The five AIR codes we share with ruff, each triggered once, and the names ruff's wasm build reports them by.
const AIR_SAMPLE = [
  'from airflow.utils.dates import days_ago', 'from airflow.operators.bash import BashOperator', 'from airflow.hooks.base import BaseHook',
  'from airflow.datasets import Dataset', 'from airflow.operators.dummy import DummyOperator',
  'days_ago(1)', 'BashOperator()', 'BaseHook()', 'Dataset("a")', 'DummyOperator()', '',
].join('\n');
const RUFF_NAMES: Record<string, string> = {
  'airflow3-removal': 'AIR301', 'airflow3-moved-to-provider': 'AIR302', 'airflow3-suggested-update': 'AIR311',
  'airflow3-suggested-to-move-to-provider': 'AIR312', 'airflow31-moved': 'AIR321',
};

function ruffReports(lint: Record<string, unknown>): string[] {
  const ws = new Workspace({ lint }, PositionEncoding.Utf16);
  const codes: string[] = (ws.check(AIR_SAMPLE) as { code: string }[]).map((d) => RUFF_NAMES[d.code] ?? d.code);
  return [...new Set(codes)].filter((c) => c.startsWith('AIR3')).sort();
}

test('ruff config: the AIR codes a configuration turns on match what ruff itself reports', () => {
  const configs: Record<string, unknown>[] = [
    {}, { select: ['AIR'] }, { select: ['AIR3'], preview: true }, { select: ['ALL'] }, { select: ['E', 'F'] },
    { 'extend-select': ['AIR30'] }, { select: ['AIR3'], ignore: ['AIR30'], 'extend-select': ['AIR301'] },
    { select: ['AIR'], ignore: ['AIR3'] }, { select: ['AIR321'], preview: true }, { select: ['AIR321'] },
    { select: ['AIR'], preview: true, 'explicit-preview-rules': true }, { select: ['AIR3', 'AIR321'], preview: true, 'explicit-preview-rules': true },
    { select: ['AIR311', 'AIR312'] }, { 'extend-select': ['AIR'], ignore: ['AIR311'] },
  ];
  for (const lint of configs) {
    assert.deepEqual(airCodesRuffReports([ruffLayerOf({ lint })]), ruffReports(lint), JSON.stringify(lint));
  }
  // Top-level (deprecated) keys count too; [tool.ruff.lint] wins over them.
  assert.deepEqual(airCodesRuffReports([ruffLayerOf({ select: ['AIR301'] })]), ['AIR301']);
  assert.deepEqual(airCodesRuffReports([ruffLayerOf({ select: ['AIR301'], lint: { select: ['AIR302'] } })]), ['AIR302']);
});

/** Runs `body` on a temporary folder holding `files` (relative path -> text), removed after. */
function withTree(files: Record<string, string>, body: (root: string) => void): void {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lintcfg-'));
  try {
    for (const [rel, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      fs.writeFileSync(path.join(root, rel), text);
    }
    body(root);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

test('ruff config: found as ruff finds it (nearest folder, .ruff.toml > ruff.toml > pyproject with [tool.ruff], extend)', () => {
  withTree({
    'pyproject.toml': '[tool.ruff.lint]\nselect = ["AIR301"]\n',
    'a/pyproject.toml': '[project]\nname = "no ruff here"\n',
    'a/dags/x.py': '',
    'b/ruff.toml': '[lint]\nselect = ["AIR302"]\n',
    'b/.ruff.toml': 'extend = "../base.toml"\n[lint]\nextend-select = ["AIR311"]\n',
    'base.toml': '[lint]\nselect = ["AIR312"]\n',
    'c/pyproject.toml': '[tool.ruff\nbroken',
    'd/pyproject.toml': 'this is not TOML and does not name the linter',
  }, (root) => {
    const a = findRuffConfig(path.join(root, 'a', 'dags'));
    assert.ok(a && 'layers' in a);
    assert.equal(a.file, path.join(root, 'pyproject.toml'), 'a pyproject.toml without [tool.ruff] is passed over');
    assert.deepEqual(airCodesRuffReports(a.layers), ['AIR301']);
    const b = findRuffConfig(path.join(root, 'b'));
    assert.ok(b && 'layers' in b);
    assert.equal(path.basename(b.file), '.ruff.toml');
    assert.deepEqual(airCodesRuffReports(b.layers), ['AIR311', 'AIR312'], 'the extended base comes first');
    const c = findRuffConfig(path.join(root, 'c'));
    assert.ok(c && 'error' in c);
    assert.match(c.error, /invalid TOML at line \d+/);
    const d = findRuffConfig(path.join(root, 'd'));
    assert.ok(d && 'layers' in d && d.file === path.join(root, 'pyproject.toml'), 'a file not naming ruff is never parsed');
  });
});

function finding(code: string, line: number, severity: Finding['severity'] = 'warning'): Finding {
  const pos = { line, character: 0 };
  return { code, range: { start: pos, end: pos }, severity, message: code, fixes: [] };
}

test('settings: mwaa.diagnostics.rules levels, bad entries left out with a problem naming them', () => {
  const raw: Record<string, unknown> = { enable: true, ruffOverlap: 'keepBoth', rules: { MWAA004: 'off', REQ: 'information', req006: 'hint', AIR3: 'eror', E501: 'off', MWAA: 5 } };
  const { settings, problems } = parseDiagnosticsSettings((k) => raw[k]);
  assert.equal(settings.ruffOverlap, 'keepBoth');
  assert.deepEqual(settings.rules.map((r) => [r.selector.text, r.value]), [['MWAA004', 'off'], ['REQ', 'information'], ['REQ006', 'hint']]);
  const messages = problems.map((p) => `${p.key}: ${p.message}`);
  assert.equal(messages.length, 3, messages.join('\n'));
  assert.ok(messages.every((m) => m.startsWith('mwaa.diagnostics.rules: ignored ')));
  assert.match(messages.join('\n'), /"AIR3": "eror" is not one of off, error, warning, information, hint/);
  assert.match(messages.join('\n'), /"E501" is not a code or prefix/);

  const shown = controlFindings([finding('MWAA004', 1), finding('MWAA003', 2), finding('REQ006', 3), finding('REQ003', 4, 'error')], { levels: settings.rules });
  assert.deepEqual(shown.map((s) => [s.finding.code, s.severity]), [['MWAA003', 'warning'], ['REQ006', 'hint'], ['REQ003', 'information']]);
});

test('settings: wrong shapes keep the defaults and say so; huge objects are bounded', () => {
  const bad = parseDiagnosticsSettings((k) => ({ enable: 'no', rules: ['MWAA004'], ruffOverlap: 'ruff' })[k]);
  assert.deepEqual([bad.settings.enable, bad.settings.rules, bad.settings.ruffOverlap], [true, [], 'leaveToRuff']);
  assert.deepEqual(bad.problems.map((p) => p.key), ['mwaa.diagnostics.enable', 'mwaa.diagnostics.ruffOverlap', 'mwaa.diagnostics.rules']);
  assert.equal(parseDiagnosticsSettings((k) => (k === 'enable' ? false : undefined)).settings.enable, false);

  const huge: Record<string, string> = {};
  for (let i = 0; i < 100_000; i++) huge[`X${i}`] = 'off';
  const t0 = performance.now();
  const { settings, problems } = parseDiagnosticsSettings((k) => (k === 'rules' ? huge : undefined));
  // Reading stops at the bound (a generous time limit: a loaded machine, but never a scan per entry).
  assert.ok(performance.now() - t0 < 1500);
  assert.deepEqual(settings.rules, []);
  assert.ok(problems.length <= 12, `${problems.length} problems`);
  assert.ok(problems.some((p) => /more than 200 entries/.test(p.message)));
});

test('control: noqa, levels and codes left to ruff together; findings in included files keep their own comments', () => {
  const text = 'a\nb  # noqa: AIR301\nc  # noqa\n';
  const noqa = buildNoqaIndex(text, 'python');
  const findings = [finding('AIR301', 0), finding('AIR301', 1), finding('MWAA301', 1), finding('MWAA004', 2), finding('AIR302', 0), { ...finding('REQ006', 2), file: '/x.txt' }];
  const shown = controlFindings(findings, { levels: [], noqa, leftOut: new Set(['AIR302']) });
  assert.deepEqual(shown.map((s) => `${s.finding.code}@${s.finding.range.start.line}`), ['AIR301@0', 'MWAA301@1', 'REQ006@2']);
});

test('control: the project\'s selection leaves codes out unless a level names them (the editor\'s settings come first)', () => {
  const selection = new RuleSelection([{ ignore: sel('AIR3', 'MWAA004'), extendSelect: sel('AIR302') }]);
  const findings = [finding('AIR301', 0), finding('AIR302', 1), finding('MWAA004', 2), finding('MWAA301', 3)];
  const codes = (levels: Parameters<typeof controlFindings>[1]['levels']) => controlFindings(findings, { levels, selection }).map((s) => `${s.finding.code}:${s.severity}`);
  assert.deepEqual(codes([]), ['AIR302:warning', 'MWAA301:warning']);
  assert.deepEqual(codes([{ selector: sel('MWAA004')[0]!, value: 'hint' }]), ['AIR302:warning', 'MWAA004:hint', 'MWAA301:warning']);
  assert.deepEqual(codes([{ selector: sel('MWAA')[0]!, value: 'off' }]), ['AIR302:warning']);
});

test('project config: the nearest pyproject.toml with [tool.mwaa-lint], as mwaa-lint finds it; an unusable one is named, not thrown', () => {
  withTree({
    'pyproject.toml': '[tool.mwaa-lint]\nignore = ["MWAA004"]\nairflow-version = "2.10.3"\n',
    'a/pyproject.toml': '[project]\nname = "mentions mwaa-lint only in a comment"  # mwaa-lint\n',
    'a/dags/x.py': '',
    'b/pyproject.toml': '[tool.mwaa-lint]\nselect = "AIR"\n',
    'c/pyproject.toml': '[tool.mwaa-lint\nbroken',
    'd/pyproject.toml': '[tool.mwaa-lint]\ncolour = "red"\n',
  }, (root) => {
    const a = findProjectConfig(path.join(root, 'a', 'dags'));
    assert.ok(a && !('error' in a));
    assert.equal(a.file, path.join(root, 'pyproject.toml'), 'a pyproject.toml without the table is passed over');
    assert.equal(a.airflowVersion, '2.10.3');
    assert.deepEqual(a.layer.ignore?.map((s) => s.text), ['MWAA004']);
    const b = findProjectConfig(path.join(root, 'b'));
    assert.deepEqual(b, { file: path.join(root, 'b', 'pyproject.toml'), error: '[tool.mwaa-lint] select must be a list of codes or prefixes, e.g. select = ["AIR3", "MWAA004"]' });
    const c = findProjectConfig(path.join(root, 'c'));
    assert.ok(c && 'error' in c && /invalid TOML at line \d+/.test(c.error), JSON.stringify(c));
    const d = findProjectConfig(path.join(root, 'd'));
    assert.ok(d && 'error' in d && d.error.includes('has no setting "colour"'), JSON.stringify(d));
    // The CLI's cached lookup throws the same finding, with the file named.
    assert.throws(() => new ProjectConfigs().forPath(path.join(root, 'b', 'x.py')), (err: Error) => err instanceof ProjectConfigError && err.message.startsWith(path.join(root, 'b', 'pyproject.toml') + ': [tool.mwaa-lint] select must be'));
  });
});
