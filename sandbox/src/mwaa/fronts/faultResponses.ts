import type { IncomingMessage, ServerResponse } from 'node:http';
import { sleep, type FaultInjector, type FaultRule, type FaultService } from '../../faults';
import { sendAwsJsonError, sendQueryError, sendRestJsonError, sendS3Error } from './httpUtil';

export type Protocol = 'restJson' | 'awsJson' | 's3' | 'web' | 'query';

/**
 * Applies the generic faults (latency, drop, throttle, serverError, accessDenied) for one request.
 * Returns the fired rules when the request was answered (or dropped) here, else undefined with the
 * token/stream-specific rules left for the handler (`expiredToken`, `liveTailCut`).
 */
export async function applyFaults(
  faults: FaultInjector, req: IncomingMessage, res: ServerResponse, protocol: Protocol,
  service: Exclude<FaultService, '*'>, operation: string, region?: string,
): Promise<{ handled: boolean; rest: FaultRule[] }> {
  const fired = faults.take(service, operation, region);
  const rest: FaultRule[] = [];
  for (const f of fired) {
    if (f.kind === 'latency') await sleep(f.latencyMs ?? 1000);
  }
  for (const f of fired) {
    const message = f.message;
    switch (f.kind) {
      case 'drop':
        // Tear the TCP connection down mid-request, as a flaky network or LB would.
        req.socket.destroy();
        return { handled: true, rest };
      case 'throttle':
        if (protocol === 's3') sendS3Error(res, 503, 'SlowDown', message ?? 'Please reduce your request rate.');
        else if (protocol === 'awsJson') sendAwsJsonError(res, 400, 'ThrottlingException', message ?? 'Rate exceeded');
        else if (protocol === 'query') sendQueryError(res, 400, 'Throttling', message ?? 'Rate exceeded');
        else sendRestJsonError(res, 429, 'ThrottlingException', { message: message ?? 'Rate exceeded' });
        return { handled: true, rest };
      case 'serverError': {
        const status = f.status ?? (protocol === 's3' ? 503 : 500);
        if (protocol === 's3') sendS3Error(res, status, status === 503 ? 'ServiceUnavailable' : 'InternalError', message ?? 'We encountered an internal error. Please try again.');
        else if (protocol === 'awsJson') sendAwsJsonError(res, status, 'ServiceUnavailableException', message ?? 'The service cannot complete the request.');
        else if (protocol === 'query') sendQueryError(res, status, 'ServiceFailure', message ?? 'The request processing has failed because of an unknown error.');
        else sendRestJsonError(res, status, 'InternalServerException', { message: message ?? 'InternalServerException: injected by the sandbox' });
        return { handled: true, rest };
      }
      case 'accessDenied': {
        const text = message ?? `User: arn:aws:iam::123456789012:user/sandbox is not authorized to perform: ${service === 'mwaa' ? 'airflow' : service}:${operation}`
          + (region ? ` in region ${region}` : '') + ' (injected by the sandbox)';
        if (protocol === 's3') sendS3Error(res, 403, 'AccessDenied', text);
        else if (protocol === 'awsJson') sendAwsJsonError(res, 400, 'AccessDeniedException', text);
        else if (protocol === 'query') sendQueryError(res, 403, 'AccessDenied', text);
        else if (protocol === 'web') { res.writeHead(403, { 'content-type': 'text/plain' }); res.end(text); }
        else sendRestJsonError(res, 403, 'AccessDeniedException', { Message: text });
        return { handled: true, rest };
      }
      default:
        if (f.kind !== 'latency') rest.push(f);
    }
  }
  return { handled: false, rest };
}
