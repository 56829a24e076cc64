import type { CloudWatchLogsClient, FilteredLogEvent } from '@aws-sdk/client-cloudwatch-logs';
import { loadSdk } from '../aws/loadSdk';
import { filterLogEventPages } from './paging';
import type { LiveTailFrame, TailEvent, TailTransport } from './tailSession';

/**
 * The tail session's two ways of reading, over a real CloudWatch Logs client. FilterLogEvents
 * takes one group and one stream prefix per call where StartLiveTail takes several, so history
 * is read per group and prefix.
 */
export function cloudWatchTransport(client: CloudWatchLogsClient): TailTransport {
  return {
    async liveTail(target, signal) {
      const { StartLiveTailCommand } = loadSdk();
      const out = await client.send(
        new StartLiveTailCommand({
          logGroupIdentifiers: [...target.logGroupArns],
          ...(target.streamNames?.length ? { logStreamNames: [...target.streamNames] } : {}),
          ...(target.streamPrefixes?.length ? { logStreamNamePrefixes: [...target.streamPrefixes] } : {}),
          ...(target.filterPattern ? { logEventFilterPattern: target.filterPattern } : {}),
        }),
        { abortSignal: signal },
      );
      return (out.responseStream ?? emptyStream()) as AsyncIterable<LiveTailFrame>;
    },
    async *filter(target, startTime, signal) {
      const { FilterLogEventsCommand } = loadSdk();
      const prefixes = target.streamPrefixes?.length ? target.streamPrefixes : [undefined];
      for (const group of target.logGroupArns) {
        for (const prefix of target.streamNames?.length ? [undefined] : prefixes) {
          const pages = filterLogEventPages<FilteredLogEvent>(
            async (nextToken) =>
              client.send(
                new FilterLogEventsCommand({
                  logGroupIdentifier: group,
                  startTime,
                  ...(target.streamNames?.length ? { logStreamNames: [...target.streamNames] } : {}),
                  ...(prefix ? { logStreamNamePrefix: prefix } : {}),
                  ...(target.filterPattern ? { filterPattern: target.filterPattern } : {}),
                  ...(nextToken ? { nextToken } : {}),
                }),
                { abortSignal: signal },
              ),
            { abortSignal: signal },
          );
          for await (const page of pages) yield page as TailEvent[];
        }
      }
    },
  };
}

async function* emptyStream(): AsyncGenerator<LiveTailFrame> {
  // A response without a stream ends the session at once; the tail reconnects or polls.
}
