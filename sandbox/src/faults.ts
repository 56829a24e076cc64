/**
 * Fault injection for the sandbox fronts (MWAA, S3, CloudWatch Logs, webserver).
 *
 * A rule matches requests by service, operation and region, and fires `count` times (default
 * unlimited) with `probability` (default 1) drawn from a seeded RNG, so a test that sets the same
 * rules and seed sees the same faults in the same order.
 *
 * Control endpoint (on the MWAA server): `POST /__sandbox/faults` with
 *   { "seed"?: number, "rules": FaultRule[] }      replaces all rules (and reseeds)
 *   { "add": FaultRule }                           appends one rule
 * `GET /__sandbox/faults` lists rules with their remaining counts; `DELETE` clears them.
 * Example: curl -XPOST $MWAA_SANDBOX_FAULTS_URL -d '{"rules":[{"kind":"throttle","service":"mwaa","operation":"ListEnvironments","count":2}]}'
 *
 * Where faults apply (service / operation names):
 *   mwaa       ListEnvironments GetEnvironment UpdateEnvironment CreateCliToken CreateWebLoginToken InvokeRestApi
 *   s3         PutObject GetObject HeadObject ListObjectsV2 ListObjectVersions DeleteObject ... (see s3Front.ts)
 *   logs       any X-Amz-Target operation (FilterLogEvents, GetLogEvents, PutLogEvents, StartLiveTail, ...)
 *   secretsmanager, kms   any X-Amz-Target operation (GetSecretValue, CreateSecret, DescribeKey, ...)
 *   iam, sts   any Query `Action` (SimulatePrincipalPolicy, GetRole, GetCallerIdentity, ...)
 *   webserver  cli login sso api ui  (`api` also covers InvokeRestApi's call to Airflow: serverError there
 *              becomes RestApiServerException, latency past the timeout a 504)
 * `expiredToken` applies to webserver cli/login and to S3 (400 ExpiredToken); `liveTailCut` to logs StartLiveTail.
 */
import { mulberry32 } from './seededRandom';

export type FaultKind =
  /** MWAA/Logs: ThrottlingException (HTTP 429 / 400); S3: SlowDown 503. */
  | 'throttle'
  /** InternalServerException / ServiceUnavailable, HTTP `status` (default 500). */
  | 'serverError'
  /** Adds `latencyMs` before the request is handled normally. */
  | 'latency'
  /** Destroys the socket without a response. */
  | 'drop'
  /** Live tail: ends the event stream after `afterMs` (default 1500) without a timeout event. */
  | 'liveTailCut'
  /** CLI / web-login tokens are treated as expired when presented. */
  | 'expiredToken'
  /** AccessDeniedException (HTTP 403) for the matched operation/region. */
  | 'accessDenied';

export type FaultService = 'mwaa' | 's3' | 'logs' | 'webserver' | 'secretsmanager' | 'iam' | 'kms' | 'sts' | '*';

export interface FaultRule {
  kind: FaultKind;
  service?: FaultService;
  /** SDK operation name (e.g. `ListEnvironments`, `PutObject`, `StartLiveTail`, `cli`, `login`) or `*`. */
  operation?: string;
  region?: string;
  count?: number;
  probability?: number;
  latencyMs?: number;
  status?: number;
  afterMs?: number;
  message?: string;
}

interface LiveRule extends FaultRule {
  remaining: number;
  fired: number;
}

const KINDS: FaultKind[] = ['throttle', 'serverError', 'latency', 'drop', 'liveTailCut', 'expiredToken', 'accessDenied'];

export class FaultInjector {
  private rules: LiveRule[] = [];
  private rng: () => number;

  constructor(rules: FaultRule[] = [], seed = 1) {
    this.rng = mulberry32(seed);
    this.set(rules, seed);
  }

  set(rules: FaultRule[], seed?: number): void {
    if (seed !== undefined) this.rng = mulberry32(seed);
    this.rules = rules.map(validateRule).map((r) => ({ ...r, remaining: r.count ?? Infinity, fired: 0 }));
  }

  add(rule: FaultRule): void {
    const r = validateRule(rule);
    this.rules.push({ ...r, remaining: r.count ?? Infinity, fired: 0 });
  }

  clear(): void {
    this.rules = [];
  }

  list(): Array<FaultRule & { remaining: number | null; fired: number }> {
    return this.rules.map((r) => ({ ...r, remaining: Number.isFinite(r.remaining) ? r.remaining : null }));
  }

  /**
   * The faults that fire for this request (at most one per kind), consuming their counts.
   * Probability is drawn only for rules that match, so unrelated traffic does not shift the sequence.
   */
  take(service: Exclude<FaultService, '*'>, operation: string, region?: string): FaultRule[] {
    const fired: FaultRule[] = [];
    const seen = new Set<FaultKind>();
    for (const r of this.rules) {
      if (r.remaining <= 0 || seen.has(r.kind)) continue;
      if (r.service && r.service !== '*' && r.service !== service) continue;
      if (r.operation && r.operation !== '*' && r.operation !== operation) continue;
      if (r.region && region && r.region !== region) continue;
      if (r.region && !region) continue;
      if ((r.probability ?? 1) < 1 && this.rng() >= (r.probability ?? 1)) continue;
      r.remaining -= 1;
      r.fired += 1;
      seen.add(r.kind);
      fired.push(r);
    }
    return fired;
  }
}

function validateRule(rule: FaultRule): FaultRule {
  if (!rule || !KINDS.includes(rule.kind)) {
    throw new Error(`fault rule needs "kind" as one of ${KINDS.join(', ')}; got ${JSON.stringify(rule)}`);
  }
  if (rule.probability !== undefined && !(rule.probability >= 0 && rule.probability <= 1)) {
    throw new Error(`fault rule probability must be within 0..1; got ${rule.probability}`);
  }
  if (rule.count !== undefined && !(Number.isInteger(rule.count) && rule.count >= 0)) {
    throw new Error(`fault rule count must be a non-negative integer; got ${rule.count}`);
  }
  return { ...rule };
}


export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
