import type { Finding } from './types';

/**
 * The "Airflow upgrade check" report as Markdown: what breaks (errors) and what is deprecated
 * (warnings) when the workspace moves from one Airflow version to another, file by file.
 */
export function formatUpgradeReport(from: string, to: string, files: readonly { file: string; findings: readonly Finding[] }[]): string {
  const rows = files.flatMap((f) => f.findings.filter((x) => x.severity !== 'info').map((x) => ({ file: f.file, f: x })));
  const errors = rows.filter((r) => r.f.severity === 'error').length;
  const lines = [
    `# Airflow upgrade check: ${from} -> ${to}`,
    '',
    `${files.length} file(s) checked: ${errors} problem(s) that break on ${to}, ${rows.length - errors} deprecation(s).`,
  ];
  for (const file of files) {
    const own = rows.filter((r) => r.file === file.file);
    if (own.length === 0) continue;
    lines.push('', `## ${file.file}`, '', '| Line | Severity | Code | Message | Quick fix |', '| ---: | --- | --- | --- | --- |');
    for (const { f } of own) {
      const fix = f.fixes.map((x) => x.title).join('; ') || '-';
      lines.push(`| ${f.range.start.line + 1} | ${f.severity} | ${f.code} | ${escapeCell(f.message)} | ${escapeCell(fix)} |`);
    }
  }
  return lines.join('\n') + '\n';
}

function escapeCell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}
