/**
 * The state of an emulated IAM Identity Center: registered OIDC clients, device authorizations
 * (pending until the verification page approves or denies them), issued access and refresh
 * tokens, and the accounts and roles of the access portal. Answers as the service does, including
 * `slow_down` when a client polls faster than the interval it was given.
 */
import { randomBytes, randomUUID } from 'node:crypto';

export interface SsoOptions {
  /** Seconds between CreateToken polls (IAM Identity Center: 1; tests keep it short too). */
  intervalS?: number;
  /** Seconds a device code stays valid (IAM Identity Center: 600). */
  deviceExpiresS?: number;
  /** Seconds an access token is valid. */
  tokenExpiresS?: number;
  /** Seconds a client registration is valid (IAM Identity Center: 90 days). */
  registrationExpiresS?: number;
  accounts?: Array<{ accountId: string; accountName: string; roles: string[] }>;
  now?: () => number;
}

export type SsoErrorCode = 'invalid_client' | 'invalid_grant' | 'authorization_pending' | 'slow_down' | 'expired_token' | 'access_denied' | 'invalid_request' | 'unauthorized';

export class SsoError extends Error {
  constructor(readonly code: SsoErrorCode, message: string) {
    super(message);
  }
}

interface Client { clientId: string; clientSecret: string; expiresAt: number; scopes: string[] }
interface Device {
  deviceCode: string; userCode: string; clientId: string; startUrl: string; expiresAt: number;
  state: 'pending' | 'approved' | 'denied' | 'used'; lastPoll: number;
}

export const DEFAULT_ACCOUNTS = [{ accountId: '123456789012', accountName: 'sandbox', roles: ['Developer', 'ReadOnly'] }];

export class SsoState {
  private readonly clients = new Map<string, Client>();
  private readonly devices = new Map<string, Device>();
  private readonly accessTokens = new Map<string, number>();
  private readonly refreshTokens = new Map<string, string>();
  private readonly now: () => number;

  constructor(private readonly opts: SsoOptions = {}) {
    this.now = opts.now ?? Date.now;
  }

  get accounts(): NonNullable<SsoOptions['accounts']> {
    return this.opts.accounts ?? DEFAULT_ACCOUNTS;
  }

  registerClient(clientName: unknown, scopes: unknown): { clientId: string; clientSecret: string; clientIdIssuedAt: number; clientSecretExpiresAt: number } {
    if (typeof clientName !== 'string' || !clientName) throw new SsoError('invalid_request', 'clientName is required');
    const client: Client = {
      clientId: `client-${randomUUID()}`,
      clientSecret: token('secret'),
      expiresAt: this.now() + (this.opts.registrationExpiresS ?? 90 * 86400) * 1000,
      scopes: Array.isArray(scopes) ? scopes.filter((s): s is string => typeof s === 'string') : [],
    };
    this.clients.set(client.clientId, client);
    return { clientId: client.clientId, clientSecret: client.clientSecret, clientIdIssuedAt: Math.floor(this.now() / 1000), clientSecretExpiresAt: Math.floor(client.expiresAt / 1000) };
  }

  startDeviceAuthorization(clientId: unknown, clientSecret: unknown, startUrl: unknown, baseUrl: string) {
    this.client(clientId, clientSecret);
    if (typeof startUrl !== 'string' || !/^https?:\/\//.test(startUrl)) throw new SsoError('invalid_request', 'startUrl must be a URL');
    const userCode = `${letters(4)}-${letters(4)}`;
    const device: Device = {
      deviceCode: token('device'), userCode, clientId: clientId as string, startUrl,
      expiresAt: this.now() + (this.opts.deviceExpiresS ?? 600) * 1000, state: 'pending', lastPoll: 0,
    };
    this.devices.set(device.deviceCode, device);
    const verificationUri = `${baseUrl}/device`;
    return {
      deviceCode: device.deviceCode, userCode, verificationUri,
      verificationUriComplete: `${verificationUri}?user_code=${userCode}`,
      expiresIn: this.opts.deviceExpiresS ?? 600, interval: this.opts.intervalS ?? 1,
    };
  }

  /** CreateToken, device_code or refresh_token grant. */
  createToken(body: Record<string, unknown>): { accessToken: string; tokenType: string; expiresIn: number; refreshToken?: string } {
    const client = this.client(body.clientId, body.clientSecret);
    if (body.grantType === 'refresh_token') {
      const owner = typeof body.refreshToken === 'string' ? this.refreshTokens.get(body.refreshToken) : undefined;
      if (owner !== client.clientId) throw new SsoError('invalid_grant', 'refresh token is invalid');
      this.refreshTokens.delete(body.refreshToken as string);
      return this.issue(client);
    }
    if (body.grantType !== 'urn:ietf:params:oauth:grant-type:device_code') throw new SsoError('invalid_request', `unsupported grantType ${String(body.grantType).slice(0, 80)}`);
    const device = typeof body.deviceCode === 'string' ? this.devices.get(body.deviceCode) : undefined;
    if (!device || device.clientId !== client.clientId) throw new SsoError('invalid_grant', 'device code is invalid');
    const now = this.now();
    if (now >= device.expiresAt) throw new SsoError('expired_token', 'device code expired');
    const tooSoon = now - device.lastPoll < (this.opts.intervalS ?? 1) * 1000 - 100;
    device.lastPoll = now;
    if (device.state === 'denied') throw new SsoError('access_denied', 'the user denied the authorization');
    if (device.state === 'used') throw new SsoError('invalid_grant', 'device code already used');
    if (device.state === 'pending') {
      if (tooSoon) throw new SsoError('slow_down', 'polling too fast');
      throw new SsoError('authorization_pending', 'the user has not approved yet');
    }
    device.state = 'used';
    return this.issue(client);
  }

  /** The verification page's Allow / Deny; false when no pending code has that user code. */
  decide(userCode: string, allow: boolean): boolean {
    for (const d of this.devices.values()) {
      if (d.userCode === userCode && d.state === 'pending' && this.now() < d.expiresAt) {
        d.state = allow ? 'approved' : 'denied';
        return true;
      }
    }
    return false;
  }

  pending(): Array<{ userCode: string; startUrl: string }> {
    return [...this.devices.values()].filter((d) => d.state === 'pending' && this.now() < d.expiresAt).map((d) => ({ userCode: d.userCode, startUrl: d.startUrl }));
  }

  /** The portal's check of `x-amz-sso_bearer_token`. */
  requireAccessToken(value: unknown): void {
    const until = typeof value === 'string' ? this.accessTokens.get(value) : undefined;
    if (until === undefined || until <= this.now()) throw new SsoError('unauthorized', 'Session token not found or invalid');
  }

  private issue(client: Client) {
    const accessToken = token('access');
    const expiresIn = this.opts.tokenExpiresS ?? 3600;
    this.accessTokens.set(accessToken, this.now() + expiresIn * 1000);
    // As the service: a refresh token only for a client registered with scopes (sso-session).
    const refreshToken = client.scopes.length ? token('refresh') : undefined;
    if (refreshToken) this.refreshTokens.set(refreshToken, client.clientId);
    return { accessToken, tokenType: 'Bearer', expiresIn, ...(refreshToken ? { refreshToken } : {}) };
  }

  private client(clientId: unknown, clientSecret: unknown): Client {
    const client = typeof clientId === 'string' ? this.clients.get(clientId) : undefined;
    if (!client || client.clientSecret !== clientSecret || client.expiresAt <= this.now()) throw new SsoError('invalid_client', 'client is not registered or its registration expired');
    return client;
  }
}

function token(kind: string): string {
  return `sandbox-${kind}-${randomBytes(24).toString('base64url')}`;
}

function letters(n: number): string {
  const abc = 'BCDFGHJKLMNPQRSTVWXZ';
  return [...randomBytes(n)].map((b) => abc[b % abc.length]).join('');
}
