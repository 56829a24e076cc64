/** A connection's parts, as a form edits them and a secret stores them (extra as an object). */
export interface ConnectionFields {
  connType: string;
  host?: string;
  login?: string;
  password?: string;
  schema?: string;
  port?: number;
  extra?: Record<string, unknown>;
}
