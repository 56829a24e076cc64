/**
 * IAM's policy simulator (SimulatePrincipalPolicy), which moto lacks: identity policies of a
 * principal (inline and attached), its permissions boundary, extra policies and a resource policy,
 * evaluated as IAM documents it: an explicit Deny wins, then an Allow (identity or resource
 * policy, within the boundary), else an implicit deny. Conditions are evaluated only as far as
 * the simulator can without request context: a key it cannot know fails the condition (unless
 * `...IfExists` or `Null: true`) and is reported in MissingContextValues, as IAM does.
 */

export type PolicySourceType = 'user' | 'group' | 'role' | 'aws-managed' | 'user-managed' | 'resource' | 'none';

export interface SourcePolicy {
  id: string;
  type: PolicySourceType;
  document: string;
}

export interface MatchedStatement {
  sourcePolicyId: string;
  sourcePolicyType: PolicySourceType;
}

export interface EvaluationResult {
  action: string;
  resource: string;
  decision: 'allowed' | 'explicitDeny' | 'implicitDeny';
  matched: MatchedStatement[];
  missingContext: string[];
}

export interface SimulationInput {
  principalArn: string;
  identity: SourcePolicy[];
  boundary?: SourcePolicy;
  resourcePolicy?: string;
  actions: string[];
  resources: string[];
  /** Context keys the caller supplied (ContextEntries): conditions on them are taken as met. */
  contextKeys?: string[];
}

interface Statement {
  Effect?: unknown;
  Action?: unknown;
  NotAction?: unknown;
  Resource?: unknown;
  NotResource?: unknown;
  Principal?: unknown;
  Condition?: unknown;
}

/** A policy document's statements; throws a message IAM would give for malformed input. */
export function statementsOf(document: string): Statement[] {
  let doc: unknown;
  try {
    doc = JSON.parse(document);
  } catch {
    throw new Error('MalformedPolicyDocument: the policy is not valid JSON');
  }
  const st = (doc as { Statement?: unknown })?.Statement;
  if (st === undefined) throw new Error('MalformedPolicyDocument: the policy has no Statement');
  return (Array.isArray(st) ? st : [st]) as Statement[];
}

function list(v: unknown): string[] {
  return Array.isArray(v) ? v.map(String) : v === undefined || v === null ? [] : [String(v)];
}

/** IAM wildcard match: `*` any run, `?` one character. */
export function globMatch(pattern: string, value: string, ignoreCase: boolean): boolean {
  const re = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[\\s\\S]*').replace(/\?/g, '[\\s\\S]');
  return new RegExp(`^${re}$`, ignoreCase ? 'i' : '').test(value);
}

function actionMatches(s: Statement, action: string): boolean {
  if (s.Action !== undefined) return list(s.Action).some((p) => globMatch(p, action, true));
  if (s.NotAction !== undefined) return !list(s.NotAction).some((p) => globMatch(p, action, true));
  return false;
}

function resourceMatches(s: Statement, resource: string): boolean {
  if (s.Resource !== undefined) return list(s.Resource).some((p) => globMatch(p, resource, false));
  if (s.NotResource !== undefined) return !list(s.NotResource).some((p) => globMatch(p, resource, false));
  return false;
}

/** Whether the statement's conditions hold without request context; the keys it would need. */
function conditionsHold(s: Statement, known: Set<string>): { holds: boolean; missing: string[] } {
  if (!s.Condition || typeof s.Condition !== 'object') return { holds: true, missing: [] };
  const missing: string[] = [];
  let holds = true;
  for (const [operator, block] of Object.entries(s.Condition as Record<string, unknown>)) {
    for (const [key, expected] of Object.entries((block ?? {}) as Record<string, unknown>)) {
      if (known.has(key.toLowerCase())) continue;
      if (operator.endsWith('IfExists')) continue;
      if (operator === 'Null' && list(expected).some((v) => v.toLowerCase() === 'true')) continue;
      missing.push(key);
      holds = false;
    }
  }
  return { holds, missing };
}

function principalMatches(s: Statement, principalArn: string): boolean {
  const p = s.Principal;
  if (p === '*') return true;
  const account = /^arn:aws[\w-]*:iam::(\d{12}):/.exec(principalArn)?.[1];
  return list((p as { AWS?: unknown } | undefined)?.AWS).some((x) => x === '*' || x === principalArn || (!!account && (x === account || x === `arn:aws:iam::${account}:root`)));
}

interface Verdict {
  allow: MatchedStatement[];
  deny: MatchedStatement[];
  missing: string[];
}

function evaluate(policies: SourcePolicy[], action: string, resource: string, known: Set<string>, principal?: string): Verdict {
  const v: Verdict = { allow: [], deny: [], missing: [] };
  for (const policy of policies) {
    for (const s of statementsOf(policy.document)) {
      if (principal !== undefined && !principalMatches(s, principal)) continue;
      if (!actionMatches(s, action) || !resourceMatches(s, resource)) continue;
      const c = conditionsHold(s, known);
      v.missing.push(...c.missing);
      if (!c.holds) continue;
      const m = { sourcePolicyId: policy.id, sourcePolicyType: policy.type };
      if (s.Effect === 'Deny') v.deny.push(m);
      else if (s.Effect === 'Allow') v.allow.push(m);
    }
  }
  return v;
}

/** One result per action and resource (resource `*` when none is given), in that order. */
export function simulatePolicies(input: SimulationInput): EvaluationResult[] {
  const known = new Set((input.contextKeys ?? []).map((k) => k.toLowerCase()));
  const resources = input.resources.length ? input.resources : ['*'];
  const results: EvaluationResult[] = [];
  for (const action of input.actions) {
    for (const resource of resources) {
      const identity = evaluate(input.identity, action, resource, known);
      const resourcePolicy = input.resourcePolicy
        ? evaluate([{ id: 'ResourcePolicy', type: 'resource', document: input.resourcePolicy }], action, resource, known, input.principalArn)
        : { allow: [], deny: [], missing: [] };
      const boundary = input.boundary ? evaluate([input.boundary], action, resource, known) : undefined;
      const missing = [...new Set([...identity.missing, ...resourcePolicy.missing, ...(boundary?.missing ?? [])])];
      const deny = [...identity.deny, ...resourcePolicy.deny, ...(boundary?.deny ?? [])];
      let decision: EvaluationResult['decision'] = 'implicitDeny';
      let matched: MatchedStatement[] = [];
      if (deny.length) {
        decision = 'explicitDeny';
        matched = deny;
      } else if ((identity.allow.length || resourcePolicy.allow.length) && (!boundary || boundary.allow.length)) {
        decision = 'allowed';
        matched = [...identity.allow, ...resourcePolicy.allow];
      }
      results.push({ action, resource, decision, matched, missingContext: decision === 'allowed' ? [] : missing });
    }
  }
  return results;
}
