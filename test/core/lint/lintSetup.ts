import { findDataDir } from '../../../src/core/lint/dataDir';
import { PythonLinter } from '../../../src/core/lint/python/lintPython';
import { loadRuleTable } from '../../../src/core/lint/ruleTable';
import { TextIndex } from '../../../src/core/lint/textIndex';
import type { Finding, Range } from '../../../src/core/lint/types';

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
