import * as vscode from 'vscode';
import type { Finding, Range, Severity, ShownSeverity } from '../../core/lint';

export const DIAGNOSTIC_SOURCE = 'MWAA';

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

const SHOWN: Record<ShownSeverity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

// ruff's documentation pages for the AIR3xx rules we share with it.
const RUFF_RULES: Record<string, string> = {
  AIR301: 'airflow3-removal',
  AIR302: 'airflow3-moved-to-provider',
  AIR311: 'airflow3-suggested-update',
  AIR312: 'airflow3-suggested-to-move-to-provider',
  AIR321: 'airflow31-moved',
};

const MWAA_DEPENDENCIES = 'https://docs.aws.amazon.com/mwaa/latest/userguide/working-dags-dependencies.html';
const AIRFLOW_BEST_PRACTICES = 'https://airflow.apache.org/docs/apache-airflow/stable/best-practices.html';
const AIRFLOW_RELEASE_NOTES = 'https://airflow.apache.org/docs/apache-airflow/stable/release_notes.html';

/** The page that explains a code, when there is a useful one. */
export function docsUrlFor(code: string): string | undefined {
  // MWAA3xx: ruff's AIR3xx finding at a site ruff does not check; ruff's page explains the rule.
  const ruff = RUFF_RULES[code.replace(/^MWAA3/, 'AIR3')];
  if (ruff) return `https://docs.astral.sh/ruff/rules/${ruff}/`;
  if (code.startsWith('REQ')) return MWAA_DEPENDENCIES;
  if (code === 'MWAA003') return `${AIRFLOW_BEST_PRACTICES}#top-level-python-code`;
  if (code === 'MWAA004') return `${AIRFLOW_BEST_PRACTICES}#dynamic-dag-generation`;
  if (/^MWAA20\d$/.test(code)) return AIRFLOW_RELEASE_NOTES;
  return undefined;
}

/** Findings about a name, argument or context key that still works but is on its way out. */
function isDeprecation(f: Finding): boolean {
  return f.severity === 'warning' && (/^(AIR|MWAA)3\d\d$/.test(f.code) || /^MWAA20\d$/.test(f.code));
}

export function toVscodeRange(r: Range): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

/** The finding as a diagnostic, at `severity` when `mwaa.diagnostics.rules` sets one. */
export function toDiagnostic(f: Finding, severity?: ShownSeverity): vscode.Diagnostic {
  const d = new vscode.Diagnostic(toVscodeRange(f.range), f.message, severity ? SHOWN[severity] : SEVERITY[f.severity]);
  d.source = DIAGNOSTIC_SOURCE;
  const url = docsUrlFor(f.code);
  d.code = url ? { value: f.code, target: vscode.Uri.parse(url) } : f.code;
  if (isDeprecation(f)) d.tags = [vscode.DiagnosticTag.Deprecated];
  return d;
}

/** The plain code of a diagnostic, whichever shape `code` has. */
export function codeOf(d: vscode.Diagnostic): string | undefined {
  const c = d.code;
  if (c === undefined) return undefined;
  return typeof c === 'object' ? String(c.value) : String(c);
}
