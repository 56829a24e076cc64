import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { loadSdk } from '../aws/loadSdk';

export interface StreamInfo {
  readonly name: string;
  /** Eventually consistent in CloudWatch (can lag); for ordering and display only. */
  readonly lastEventTimestamp?: number;
}

/**
 * A log group's streams, by name prefix or newest first (DescribeLogStreams cannot do both: a
 * prefix lists in name order). At most `limit` streams, a few pages at most (25 TPS quota).
 */
export async function listStreams(
  client: CloudWatchLogsClient,
  logGroupIdentifier: string,
  opts: { prefix?: string; newestFirst?: boolean; limit?: number; abortSignal?: AbortSignal } = {},
): Promise<StreamInfo[]> {
  const { DescribeLogStreamsCommand } = loadSdk();
  const limit = opts.limit ?? 50;
  const out: StreamInfo[] = [];
  let nextToken: string | undefined;
  for (let page = 0; page < 5 && out.length < limit; page++) {
    const res = await client.send(
      new DescribeLogStreamsCommand({
        logGroupIdentifier,
        limit: Math.min(50, limit - out.length),
        ...(opts.prefix ? { logStreamNamePrefix: opts.prefix } : opts.newestFirst ? { orderBy: 'LastEventTime', descending: true } : {}),
        ...(nextToken ? { nextToken } : {}),
      }),
      { abortSignal: opts.abortSignal },
    );
    for (const s of res.logStreams ?? []) {
      if (s.logStreamName) out.push({ name: s.logStreamName, ...(s.lastEventTimestamp !== undefined ? { lastEventTimestamp: s.lastEventTimestamp } : {}) });
    }
    if (!res.nextToken || res.nextToken === nextToken) break;
    nextToken = res.nextToken;
  }
  return out.slice(0, limit);
}

/** True for CloudWatch's "no such stream/group" answer. */
export function isResourceNotFound(err: unknown): boolean {
  return (err as { name?: string })?.name === 'ResourceNotFoundException';
}
