import assert from 'node:assert/strict';
import { findDataDir } from '../../src/core/lint/dataDir';
import { PythonLinter } from '../../src/core/lint/python/lintPython';
import { loadRuleTable } from '../../src/core/lint/ruleTable';
import { TextIndex } from '../../src/core/lint/textIndex';
import type { Finding } from '../../src/core/lint/types';

/** The real rule data and one parser, shared by a fuzz file's properties. */
export const DATA_DIR = findDataDir(__dirname)!;

let linter: Promise<PythonLinter> | undefined;
export function getLinter(): Promise<PythonLinter> {
  linter ??= PythonLinter.create(loadRuleTable(DATA_DIR));
  return linter;
}

/** Every finding's range lies inside `text` and starts before it ends. */
export function assertRangesInside(text: string, findings: readonly Finding[]): void {
  const index = new TextIndex(text);
  const last = index.lineCount - 1;
  for (const f of findings) {
    for (const p of [f.range.start, f.range.end]) {
      assert.ok(p.line >= 0 && p.line <= last, `${f.code}: line ${p.line} outside 0..${last}`);
      assert.ok(p.character >= 0 && p.character <= index.lineText(p.line).length, `${f.code}: character ${p.character} outside line ${p.line}`);
    }
    const s = f.range.start;
    const e = f.range.end;
    assert.ok(s.line < e.line || (s.line === e.line && s.character <= e.character), `${f.code}: starts after it ends`);
  }
}
