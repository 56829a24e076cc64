/**
 * The visibility report's text and HTML (no vscode: tested under node). Everything from the
 * checks is escaped; the checks carry names, ARNs and settings, never a value.
 */
import type { CheckResult } from '../../core/secrets/visibilityCheck';
import { KIND_WORDS, type SecretKind } from './secretsNodes';
import { escapeHtml } from './webviewHtml';

export interface ReportInput {
  readonly envName: string;
  readonly kind: SecretKind;
  readonly key: string;
  readonly results: readonly CheckResult[];
}

const STATUS_WORD: Readonly<Record<CheckResult['status'], string>> = { ok: '✓ OK', problem: '✗ Problem', unknown: '? Check' };

/** One sentence for the top of the report. */
export function reportSummary(r: Pick<ReportInput, 'kind' | 'key' | 'results'>): string {
  const problems = r.results.filter((c) => c.status === 'problem').length;
  const unknown = r.results.filter((c) => c.status === 'unknown').length;
  const what = `${KIND_WORDS[r.kind].one} ${r.key}`;
  if (problems) return `${problems} problem${problems > 1 ? 's keep' : ' keeps'} Airflow from reading the ${what} as you expect: see what to change below.`;
  if (unknown) return `No problem found for the ${what}, but ${unknown} check${unknown > 1 ? 's' : ''} could not be made here: see what to check below.`;
  return `Airflow can read the ${what}: every check passed.`;
}

export function reportBody(r: ReportInput, title: string): string {
  const rows = r.results.map((c) => `<tr>
<td class="status status-${c.status}">${STATUS_WORD[c.status]}</td>
<td><strong>${escapeHtml(c.title)}</strong><div>${escapeHtml(c.detail)}</div>${c.fix ? `<div class="fix"><strong>What to change:</strong> ${escapeHtml(c.fix)}</div>` : ''}</td>
</tr>`).join('\n');
  return `<main>
<h1>${escapeHtml(title)}</h1>
<p class="where">${escapeHtml(KIND_WORDS[r.kind].title)} <code>${escapeHtml(r.key)}</code> on ${escapeHtml(r.envName)}</p>
<p class="summary" role="status">${escapeHtml(reportSummary(r))}</p>
<table class="checks"><thead><tr><th scope="col">Status</th><th scope="col">Check</th></tr></thead>
<tbody>
${rows}
</tbody></table>
</main>`;
}
