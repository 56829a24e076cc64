import assert from 'node:assert/strict';
import { applyFixes } from '../../../src/core/lint/applyFixes';
import { findDataDir } from '../../../src/core/lint/dataDir';
import { PythonLinter } from '../../../src/core/lint/python/lintPython';
import { loadRuleTable } from '../../../src/core/lint/ruleTable';
import { TextIndex } from '../../../src/core/lint/textIndex';
import type { Finding, FixKind, Range } from '../../../src/core/lint/types';

/** Shared by the lint tests: the real data folder, one rule table and one parser. */
export const DATA_DIR = findDataDir(__dirname)!;
export const rules = loadRuleTable(DATA_DIR);

let linterPromise: Promise<PythonLinter> | undefined;
export function getLinter(): Promise<PythonLinter> {
  linterPromise ??= PythonLinter.create(rules);
  return linterPromise;
}

export async function lintPy(text: string, airflowVersion = '2.10.3', upgradeTarget?: string): Promise<Finding[]> {
  const linter = await getLinter();
  return linter.lintText(text, { airflowVersion, ...(upgradeTarget ? { upgradeTarget } : {}) }).findings;
}

export function textOf(text: string, range: Range): string {
  const index = new TextIndex(text);
  return text.slice(index.offsetAt(range.start), index.offsetAt(range.end));
}

export function py(...lines: string[]): string {
  return lines.join('\n') + '\n';
}

export function byCode(findings: readonly Finding[], code: string): Finding[] {
  return findings.filter((f) => f.code === code);
}

/** Each finding as [line, the text it covers, code]: what the tables of sites and codes compare. */
export function sitesOf(text: string, findings: readonly Finding[]): Array<[number, string, string]> {
  return findings.map((f) => [f.range.start.line, textOf(text, f.range), f.code]);
}

/** `text` after the finding's quick fix of `kind`; fails the test when the finding has none. */
export function withFix(text: string, finding: Finding, kind: FixKind): string {
  const fix = finding.fixes.find((x) => x.kind === kind);
  assert.ok(fix, `no ${kind} fix on: ${finding.message}`);
  return applyFixes(text, fix.edits);
}
