import { DescribeLogStreamsCommand } from '@aws-sdk/client-cloudwatch-logs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultInjector } from '../../faults';
import { applyFaults } from './faultResponses';
import { readBody, sendAwsJsonError } from './httpUtil';
import { serveLiveTail, type LiveTailOptions } from './liveTail';
import type { MotoClients } from '../backends/motoClients';
import { forward } from './proxy';
import { requireService } from './sigv4Scope';

// Operations where AWS accepts `logGroupIdentifier` (a name or an ARN) instead of `logGroupName`;
// moto only understands the name.
const IDENTIFIER_OPS = new Set(['FilterLogEvents', 'GetLogEvents', 'DescribeLogStreams']);

function withGroupName(body: Record<string, unknown>): Record<string, unknown> {
  const id = body.logGroupIdentifier;
  if (typeof id !== 'string' || body.logGroupName !== undefined) return body;
  const { logGroupIdentifier: _id, ...rest } = body;
  void _id;
  const arn = /^arn:aws[a-z-]*:logs:[^:]+:\d{12}:log-group:([^:]+)(?::\*)?$/.exec(id);
  return { ...rest, logGroupName: arn ? arn[1] : id };
}

/**
 * moto ignores FilterLogEvents' logStreamNamePrefix (AWS honours it): turn the prefix into the
 * matching stream names. Undefined when no stream matches (AWS then returns no events).
 */
async function resolveStreamPrefix(body: Record<string, unknown>, moto: MotoClients, region: string): Promise<Record<string, unknown> | undefined> {
  const prefix = body.logStreamNamePrefix;
  if (typeof prefix !== 'string' || body.logStreamNames !== undefined) return body;
  const names: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await moto.logsClient(region).send(new DescribeLogStreamsCommand({
      logGroupName: String(body.logGroupName), logStreamNamePrefix: prefix, ...(nextToken ? { nextToken } : {}),
    }));
    names.push(...(page.logStreams ?? []).map((s) => s.logStreamName!).filter((n) => n.startsWith(prefix)));
    nextToken = page.nextToken;
  } while (nextToken);
  if (!names.length) return undefined;
  const { logStreamNamePrefix: _p, ...rest } = body;
  void _p;
  // FilterLogEvents takes at most 100 names; beyond that moto scans the group (rare here).
  return names.length <= 100 ? { ...rest, logStreamNames: names } : body;
}

/**
 * CloudWatch Logs endpoint: StartLiveTail is served here (moto has none); every other operation
 * goes to moto byte for byte, after the SigV4 scope check and fault injection.
 */
export async function handleLogs(
  req: IncomingMessage, res: ServerResponse, deps: { moto: MotoClients; faults: FaultInjector; liveTail: LiveTailOptions },
): Promise<void> {
  const target = String(req.headers['x-amz-target'] ?? '');
  const op = target.split('.')[1] ?? 'Unknown';
  const scope = requireService(req, 'logs');
  if ('error' in scope) {
    sendAwsJsonError(res, 400, 'InvalidSignatureException', scope.error);
    return;
  }
  const fault = await applyFaults(deps.faults, req, res, 'awsJson', 'logs', op, scope.region);
  if (fault.handled) return;
  if (op !== 'StartLiveTail' && !IDENTIFIER_OPS.has(op)) {
    await forward(req, res, deps.moto.endpoint);
    return;
  }
  let body: Record<string, unknown>;
  try {
    body = JSON.parse((await readBody(req)).toString('utf8') || '{}') as Record<string, unknown>;
  } catch {
    sendAwsJsonError(res, 400, 'SerializationException', 'StartLiveTail body is not JSON.');
    return;
  }
  if (op !== 'StartLiveTail') {
    body = withGroupName(body);
    if (op === 'FilterLogEvents') {
      const narrowed = await resolveStreamPrefix(body, deps.moto, scope.region);
      if (!narrowed) {
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify({ events: [], searchedLogStreams: [] }));
        return;
      }
      body = narrowed;
    }
    await forward(req, res, deps.moto.endpoint, { body: Buffer.from(JSON.stringify(body)) });
    return;
  }
  const cut = fault.rest.find((f) => f.kind === 'liveTailCut');
  await serveLiveTail(req, res, body, deps.moto, deps.liveTail, cut ? cut.afterMs ?? 1500 : undefined);
}
