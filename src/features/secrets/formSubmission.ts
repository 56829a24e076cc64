/**
 * What the connection form posts, read as untrusted input: every field a bounded string, the port
 * a whole number in range, Extra a JSON object (with where the JSON breaks). Errors name the field
 * and never repeat what was typed. No vscode here: tested under node.
 */
import { parseConf } from '../../core/airflow/confJson';
import type { ConnectionFields } from '../../core/secrets/connectionFormat';

export interface FormSubmission {
  readonly connectionId: string;
  readonly fields: ConnectionFields;
  /** The password field was left empty: keep the current password (Edit). */
  readonly keepPassword: boolean;
}

export interface FieldError {
  /** The form field to focus; absent for a problem of the whole connection. */
  readonly field?: FormField;
  readonly message: string;
}

export type FormField = 'connectionId' | 'connType' | 'host' | 'schema' | 'login' | 'password' | 'port' | 'extra';

const LIMITS: Readonly<Record<FormField, number>> = {
  connectionId: 250, connType: 500, host: 2000, schema: 2000, login: 2000, password: 10_000, port: 20, extra: 60_000,
};

const LABELS: Readonly<Record<FormField, string>> = {
  connectionId: 'Connection id', connType: 'Connection type', host: 'Host', schema: 'Schema', login: 'Login', password: 'Password', port: 'Port', extra: 'Extra',
};

/** Reads a `save` message; `fixedId` (Edit) wins over whatever id the message carries. */
export function readSubmission(message: unknown, fixedId?: string): { submission: FormSubmission } | { errors: FieldError[] } {
  if (!message || typeof message !== 'object') return { errors: [{ message: 'The form sent nothing readable.' }] };
  const m = message as Record<string, unknown>;
  const errors: FieldError[] = [];
  const text = (field: FormField): string => {
    const v = m[field];
    if (v === undefined || v === null) return '';
    if (typeof v !== 'string') {
      errors.push({ field, message: `${LABELS[field]} must be text.` });
      return '';
    }
    if (v.length > LIMITS[field]) errors.push({ field, message: `${LABELS[field]} is longer than ${LIMITS[field]} characters.` });
    return v;
  };
  const connectionId = fixedId ?? text('connectionId').trim();
  const connType = text('connType').trim();
  const host = text('host').trim();
  const schema = text('schema').trim();
  const login = text('login');
  const password = text('password');
  const port = readPort(text('port').trim(), errors);
  const extra = readExtra(text('extra'), errors);
  if (!connectionId) errors.push({ field: 'connectionId', message: 'Connection id is required.' });
  if (errors.length) return { errors };
  const fields: ConnectionFields = {
    connType,
    ...(host ? { host } : {}),
    ...(schema ? { schema } : {}),
    ...(login ? { login } : {}),
    ...(password ? { password } : {}),
    ...(port !== undefined ? { port } : {}),
    ...(extra ? { extra } : {}),
  };
  return { submission: { connectionId, fields, keepPassword: password === '' } };
}

function readPort(text: string, errors: FieldError[]): number | undefined {
  if (!text) return undefined;
  const n = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  if (!(n >= 1 && n <= 65535)) {
    errors.push({ field: 'port', message: 'Port must be a whole number from 1 to 65535.' });
    return undefined;
  }
  return n;
}

function readExtra(text: string, errors: FieldError[]): Record<string, unknown> | undefined {
  if (!text.trim()) return undefined;
  const r = parseConf(text);
  if (r.ok) return Object.keys(r.conf).length ? r.conf : undefined;
  // parseConf's wording is about a run's conf, and for a non-object it quotes the value: say it here.
  const where = r.line !== undefined ? r.message.replace(/^Invalid JSON/, 'Extra is not valid JSON') : 'Extra must be a JSON object such as {"region_name": "eu-west-1"}.';
  errors.push({ field: 'extra', message: where.replace(/^The conf/, 'Extra') });
  return undefined;
}
