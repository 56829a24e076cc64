import type { CloudWatchLogsClient, OutputLogEvent } from '@aws-sdk/client-cloudwatch-logs';
import { loadSdk } from '../aws/loadSdk';
import { parseEventDict, renderLogMessage } from './airflow3Format';
import { getLogEventPages } from './paging';

export interface StreamText {
  readonly text: string;
  readonly lines: number;
  /** True when the line cap cut the head off (the newest lines are kept). */
  readonly truncated: boolean;
  /** Time of the newest event read (ms since epoch), where a live tail can carry on. */
  readonly lastTimestamp?: number;
  /** True when some events were Airflow 3 JSON event dicts (so a raw view differs). */
  readonly structured: boolean;
}

/**
 * One whole log stream as readable text (a finished task's log): GetLogEvents from the head to
 * the end (the same token twice), each event rendered (or, with `raw`, as CloudWatch holds it),
 * at most `maxLines` lines kept.
 */
export async function readStreamText(
  client: CloudWatchLogsClient,
  logGroupIdentifier: string,
  logStreamName: string,
  opts: { maxLines?: number; abortSignal?: AbortSignal; raw?: boolean } = {},
): Promise<StreamText> {
  const { GetLogEventsCommand } = loadSdk();
  const max = opts.maxLines ?? 200_000;
  const lines: string[] = [];
  let dropped = 0;
  let lastTimestamp: number | undefined;
  let structured = false;
  const pages = getLogEventPages<OutputLogEvent>(
    async (nextToken) =>
      client.send(new GetLogEventsCommand({ logGroupIdentifier, logStreamName, startFromHead: true, ...(nextToken ? { nextToken } : {}) }), { abortSignal: opts.abortSignal }),
    { abortSignal: opts.abortSignal },
  );
  for await (const page of pages) {
    for (const e of page) {
      const message = e.message ?? '';
      if (!structured && parseEventDict(message)) structured = true;
      lines.push(...(opts.raw ? message.replace(/\n$/, '') : renderLogMessage(message, e.timestamp ?? 0)).split('\n'));
      if (e.timestamp !== undefined && (lastTimestamp === undefined || e.timestamp > lastTimestamp)) lastTimestamp = e.timestamp;
    }
    if (lines.length > max) dropped += lines.splice(0, lines.length - max).length;
  }
  const head = dropped ? [`… ${dropped} earlier lines not shown (over ${max}); the full stream is in CloudWatch Logs`] : [];
  return { text: [...head, ...lines].join('\n') + '\n', lines: lines.length, truncated: dropped > 0, structured, ...(lastTimestamp !== undefined ? { lastTimestamp } : {}) };
}
