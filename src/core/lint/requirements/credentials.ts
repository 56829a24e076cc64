import type { TextIndex } from '../textIndex';
import type { Finding } from '../types';
import type { Span } from './requirementsParser';

const USERINFO = /^([a-z][a-z0-9+.-]*:\/\/)([^/@\s]+)@/i;
/** pip expands ${NAME} (upper case, digits, _) in requirements files. */
const ONLY_ENV_VARS = /^(\$\{[A-Z0-9_]+\})(:\$\{[A-Z0-9_]+\})?$/;

/** `https://user:secret@host/...`: the secret would sit in S3 and in the MWAA console. */
export function checkCredentials(index: TextIndex, span: Span | undefined, value: string | undefined): Finding[] {
  if (!span || !value) return [];
  const m = USERINFO.exec(value);
  if (!m || ONLY_ENV_VARS.test(m[2]!)) return [];
  const start = span.start + m[1]!.length;
  const range = index.range(start, start + m[2]!.length);
  const replacement = m[2]!.includes(':') ? '${PIP_INDEX_USER}:${PIP_INDEX_PASSWORD}' : '${PIP_INDEX_TOKEN}';
  return [
    {
      range,
      code: 'REQ007',
      severity: 'error',
      message: 'Credentials written into a URL end up in S3 and in pip logs; use environment variables (pip expands ${VAR}), set from a startup script or Secrets Manager',
      fixes: [{ kind: 'useEnvironmentVariables', title: `Use ${replacement}`, edits: [{ range, newText: replacement }] }],
    },
  ];
}
