import { randomBytes } from 'node:crypto';

export type TokenKind = 'cli' | 'web' | 'session';

interface Entry {
  kind: TokenKind;
  env: string;
  region: string;
  expiresAt: number;
}

export type TokenCheck =
  | { ok: true; env: string; region: string }
  | { ok: false; reason: 'unknown' | 'expired' | 'wrong-kind' };

/**
 * In-memory tokens: CLI and web-login tokens live 60 s like MWAA's; login sessions 12 h.
 * Nothing is persisted, so a restarted sandbox invalidates every token, as it should.
 */
export class TokenStore {
  private entries = new Map<string, Entry>();

  constructor(private readonly ttlMs: Record<TokenKind, number> = { cli: 60_000, web: 60_000, session: 12 * 3600_000 }) {}

  issue(kind: TokenKind, env: string, region: string): string {
    this.prune();
    // Real tokens are opaque base64url strings of similar length.
    const token = randomBytes(kind === 'session' ? 24 : 96).toString('base64url');
    this.entries.set(token, { kind, env, region, expiresAt: Date.now() + this.ttlMs[kind] });
    return token;
  }

  /** Records a credential issued by someone else (Airflow's own session/JWT) as belonging to an environment. */
  adopt(token: string, kind: TokenKind, env: string, region: string): void {
    this.prune();
    this.entries.set(token, { kind, env, region, expiresAt: Date.now() + this.ttlMs[kind] });
  }

  check(token: string | undefined, kind: TokenKind): TokenCheck {
    if (!token) return { ok: false, reason: 'unknown' };
    const e = this.entries.get(token);
    if (!e) return { ok: false, reason: 'unknown' };
    if (e.kind !== kind) return { ok: false, reason: 'wrong-kind' };
    if (e.expiresAt <= Date.now()) return { ok: false, reason: 'expired' };
    return { ok: true, env: e.env, region: e.region };
  }

  /** Web-login tokens are single use: MWAA exchanges them for a session once. */
  consume(token: string): void {
    this.entries.delete(token);
  }

  private prune(): void {
    const now = Date.now();
    for (const [k, e] of this.entries) if (e.expiresAt <= now) this.entries.delete(k);
  }
}
