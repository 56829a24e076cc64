/**
 * Airflow 3 task logs are JSON-encoded structlog event dicts (MWAA moves the timestamp into the
 * CloudWatch event time). People read lines, so we render them like Airflow 2's text logs, with
 * exceptions as Python tracebacks (which the log grammar colours and links to files).
 */

interface Frame {
  filename?: string;
  lineno?: number;
  name?: string;
}

interface ExceptionDetail {
  exc_type?: string;
  exc_value?: string;
  frames?: Frame[];
  is_cause?: boolean;
}

// Keys shown in the line's head, or rendered specially, rather than as key=value extras.
const HEAD_KEYS = new Set(['timestamp', 'level', 'logger', 'event', 'error_detail', 'exception', 'chan', 'logger_name']);

/** Parses a message as an Airflow 3 event dict; undefined when it is plain text. */
export function parseEventDict(message: string): Record<string, unknown> | undefined {
  const t = message.trimStart();
  if (!t.startsWith('{')) return undefined;
  try {
    const v = JSON.parse(t) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) && 'event' in v ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function formatTime(epochMs: number): string {
  return new Date(epochMs).toISOString().replace('T', ' ').replace('Z', '');
}

function scalar(v: unknown): string {
  if (typeof v === 'string') return /\s/.test(v) ? JSON.stringify(v) : v;
  return JSON.stringify(v) ?? String(v);
}

function renderTraceback(details: ExceptionDetail[]): string[] {
  const lines: string[] = [];
  // structlog lists the outermost exception first; Python prints causes first.
  for (const [i, d] of [...details].reverse().entries()) {
    if (i > 0) lines.push('', 'The above exception was the direct cause of the following exception:', '');
    lines.push('Traceback (most recent call last):');
    for (const f of d.frames ?? []) lines.push(`  File "${f.filename ?? '?'}", line ${f.lineno ?? '?'}, in ${f.name ?? '?'}`);
    lines.push(`${d.exc_type ?? 'Exception'}: ${d.exc_value ?? ''}`.trimEnd());
  }
  return lines;
}

/**
 * One CloudWatch event as readable text: `2026-01-02 03:04:05.678 INFO [logger] event k=v`,
 * followed by a traceback when the event carries one. Plain-text messages pass unchanged.
 */
export function renderLogMessage(message: string, timestampMs: number): string {
  const dict = parseEventDict(message);
  if (!dict) return message.replace(/\n$/, '');
  const level = typeof dict.level === 'string' ? dict.level.toUpperCase() : 'INFO';
  const logger = typeof dict.logger === 'string' ? ` [${dict.logger}]` : '';
  const time = typeof dict.timestamp === 'string' ? dict.timestamp.replace('T', ' ').replace(/(\.\d{3})\d*/, '$1').replace(/Z$|\+00:00$/, '') : formatTime(timestampMs);
  const extras = Object.entries(dict)
    .filter(([k]) => !HEAD_KEYS.has(k))
    .map(([k, v]) => `${k}=${scalar(v)}`);
  const head = `${time} ${level}${logger} ${String(dict.event)}${extras.length ? '  ' + extras.join(' ') : ''}`;
  const detail = (dict.error_detail ?? dict.exception) as unknown;
  if (Array.isArray(detail) && detail.length) return [head, ...renderTraceback(detail as ExceptionDetail[])].join('\n');
  if (typeof detail === 'string' && detail) return `${head}\n${detail.replace(/\n$/, '')}`;
  return head;
}
