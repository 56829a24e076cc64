/**
 * Secrets Manager, KMS, IAM and STS endpoints in front of moto, one port each (a client pointed at
 * the wrong one is told so by the SigV4 scope check), with the same fault injection as the other
 * fronts. Requests pass to moto unchanged, except IAM's SimulatePrincipalPolicy, which moto lacks
 * and the emulator answers itself (state/iamSimulation.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultInjector } from '../../faults';
import { NoSuchEntity, type RolePolicies } from '../backends/rolePolicies';
import { checkAssumeRoleMfa } from '../state/mfaCheck';
import { simulatePolicies, type EvaluationResult, type SourcePolicy } from '../state/iamSimulation';
import { applyFaults } from './faultResponses';
import { escapeXml, readBody, requestId, sendAwsJsonError, sendQueryError } from './httpUtil';
import { forward } from './proxy';
import { requireService } from './sigv4Scope';

export type AwsServiceName = 'secretsmanager' | 'kms' | 'iam' | 'sts';

export interface AwsServiceDeps {
  service: AwsServiceName;
  motoEndpoint: string;
  faults: FaultInjector;
  rolePolicies: RolePolicies;
}

const QUERY_SERVICES = new Set<AwsServiceName>(['iam', 'sts']);

export async function handleAwsService(req: IncomingMessage, res: ServerResponse, deps: AwsServiceDeps): Promise<void> {
  const query = QUERY_SERVICES.has(deps.service);
  const scope = requireService(req, deps.service);
  if ('error' in scope) {
    if (query) sendQueryError(res, 403, 'SignatureDoesNotMatch', scope.error);
    else sendAwsJsonError(res, 400, 'InvalidSignatureException', scope.error);
    return;
  }
  if (!query) {
    const op = String(req.headers['x-amz-target'] ?? '').split('.')[1] ?? 'Unknown';
    const fault = await applyFaults(deps.faults, req, res, 'awsJson', deps.service, op, scope.region);
    if (!fault.handled) await forward(req, res, deps.motoEndpoint);
    return;
  }
  const body = await readBody(req, 1024 * 1024);
  const params = new URLSearchParams(body.toString('utf8') || new URL(req.url ?? '/', 'http://x').search);
  const op = params.get('Action') ?? 'Unknown';
  const fault = await applyFaults(deps.faults, req, res, 'query', deps.service, op, scope.region);
  if (fault.handled) return;
  const mfaRefusal = deps.service === 'sts' && op === 'AssumeRole' ? checkAssumeRoleMfa(params) : undefined;
  if (mfaRefusal) {
    sendQueryError(res, 403, 'AccessDenied', mfaRefusal);
    return;
  }
  if (deps.service === 'iam' && op === 'SimulatePrincipalPolicy') {
    await simulatePrincipalPolicy(params, res, deps.rolePolicies);
    return;
  }
  await forward(req, res, deps.motoEndpoint, { body });
}

/** `Name.member.1`, `Name.member.2`, … in order. */
function members(params: URLSearchParams, name: string): string[] {
  const out: string[] = [];
  for (let i = 1; i <= 1000 && params.has(`${name}.member.${i}`); i++) out.push(params.get(`${name}.member.${i}`)!);
  return out;
}

async function simulatePrincipalPolicy(params: URLSearchParams, res: ServerResponse, rolePolicies: RolePolicies): Promise<void> {
  const principalArn = params.get('PolicySourceArn');
  const actions = members(params, 'ActionNames');
  if (!principalArn || !actions.length) {
    sendQueryError(res, 400, 'ValidationError', '1 validation error detected: PolicySourceArn and ActionNames are required');
    return;
  }
  let results: EvaluationResult[];
  try {
    const policies = await rolePolicies.of(principalArn);
    const extra: SourcePolicy[] = members(params, 'PolicyInputList').map((document, i) => ({ id: `PolicyInputList.${i + 1}`, type: 'none', document }));
    const contextKeys: string[] = [];
    for (let i = 1; i <= 100 && params.has(`ContextEntries.member.${i}.ContextKeyName`); i++) contextKeys.push(params.get(`ContextEntries.member.${i}.ContextKeyName`)!);
    results = simulatePolicies({
      principalArn, identity: [...policies.identity, ...extra], ...(policies.boundary ? { boundary: policies.boundary } : {}),
      ...(params.get('ResourcePolicy') ? { resourcePolicy: params.get('ResourcePolicy')! } : {}),
      actions, resources: members(params, 'ResourceArns'), contextKeys,
    });
  } catch (err) {
    if (err instanceof NoSuchEntity) sendQueryError(res, 404, 'NoSuchEntity', err.message);
    else if (/^MalformedPolicyDocument/.test((err as Error).message)) sendQueryError(res, 400, 'InvalidInput', (err as Error).message);
    else throw err;
    return;
  }
  const maxItems = Math.max(1, Math.min(Number(params.get('MaxItems') ?? 100) || 100, 1000));
  const start = Math.max(0, Number(params.get('Marker') ?? 0) || 0);
  const page = results.slice(start, start + maxItems);
  const truncated = start + page.length < results.length;
  const xml = [
    '<SimulatePrincipalPolicyResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">',
    '<SimulatePrincipalPolicyResult>',
    `<IsTruncated>${truncated}</IsTruncated>`,
    ...(truncated ? [`<Marker>${start + page.length}</Marker>`] : []),
    '<EvaluationResults>',
    ...page.map(resultXml),
    '</EvaluationResults>',
    '</SimulatePrincipalPolicyResult>',
    `<ResponseMetadata><RequestId>${requestId()}</RequestId></ResponseMetadata>`,
    '</SimulatePrincipalPolicyResponse>',
  ].join('');
  res.writeHead(200, { 'content-type': 'text/xml', 'content-length': Buffer.byteLength(xml), 'x-amzn-requestid': requestId() });
  res.end(xml);
}

function resultXml(r: EvaluationResult): string {
  const matched = r.matched.map((m) => `<member><SourcePolicyId>${escapeXml(m.sourcePolicyId)}</SourcePolicyId><SourcePolicyType>${m.sourcePolicyType}</SourcePolicyType></member>`);
  const missing = r.missingContext.map((k) => `<member>${escapeXml(k)}</member>`);
  return `<member><EvalActionName>${escapeXml(r.action)}</EvalActionName><EvalResourceName>${escapeXml(r.resource)}</EvalResourceName>`
    + `<EvalDecision>${r.decision}</EvalDecision><MatchedStatements>${matched.join('')}</MatchedStatements>`
    + `<MissingContextValues>${missing.join('')}</MissingContextValues></member>`;
}
