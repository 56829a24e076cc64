/**
 * The findings a person asked to see, at the severity they asked for: per-code levels
 * (`mwaa.diagnostics.rules`, the most specific key wins), the project's selection
 * (`[tool.mwaa-lint]`: a code it leaves out is shown only when a level names it, as the editor's
 * settings come first), `# noqa` comments, and codes another tool reports in the same file (ruff's
 * AIR rules) left to it.
 */
import type { Finding, Severity } from '../types';
import { isSuppressed, type NoqaIndex } from './noqaIndex';
import { mostSpecific, type RuleLevel, type RuleSelector } from './ruleSelectors';

export type ShownSeverity = Exclude<RuleLevel, 'off'>;

export interface RuleLevelEntry {
  readonly selector: RuleSelector;
  readonly value: RuleLevel;
}

export interface FindingControl {
  readonly levels: readonly RuleLevelEntry[];
  /** The project's select/ignore (`[tool.mwaa-lint]`). */
  readonly selection?: { has(code: string): boolean };
  readonly noqa?: NoqaIndex;
  /** Codes left to another tool in this file. */
  readonly leftOut?: ReadonlySet<string>;
}

export interface ShownFinding {
  readonly finding: Finding;
  readonly severity: ShownSeverity;
}

const SHOWN: Record<Severity, ShownSeverity> = { error: 'error', warning: 'warning', info: 'information' };

/** The findings to show and how; the order of `findings` is kept. */
export function controlFindings(findings: readonly Finding[], control: FindingControl): ShownFinding[] {
  const { levels, selection, noqa, leftOut } = control;
  const memo = new Map<string, RuleLevel | undefined>();
  const out: ShownFinding[] = [];
  for (const f of findings) {
    if (leftOut?.has(f.code)) continue;
    let level = memo.get(f.code);
    if (level === undefined && !memo.has(f.code)) {
      level = levels.length > 0 ? mostSpecific(levels, f.code) : undefined;
      if (level === undefined && selection && !selection.has(f.code)) level = 'off';
      memo.set(f.code, level);
    }
    if (level === 'off') continue;
    // A finding located in another file (an included requirements file) has that file's comments.
    if (f.file === undefined && isSuppressed(noqa, f.code, f.range.start.line)) continue;
    out.push({ finding: f, severity: level ?? SHOWN[f.severity] });
  }
  return out;
}
