import { CloudWatchLogsClient, CreateLogGroupCommand, CreateLogStreamCommand } from '@aws-sdk/client-cloudwatch-logs';

/**
 * A CloudWatch Logs client on the sandbox the host runner started (its endpoint reaches the
 * extension host through the environment), with the group (made if new) and a fresh stream; undefined outside it.
 */
export async function sandboxLogStream(group: string, stream: string): Promise<CloudWatchLogsClient | undefined> {
  const endpoint = process.env.AWS_ENDPOINT_URL_CLOUDWATCH_LOGS;
  if (!endpoint) return undefined;
  const client = new CloudWatchLogsClient({ region: 'us-east-1', endpoint, disableHostPrefix: true, credentials: { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' } });
  // An environment's own group may exist already (its Airflow logged): then only the stream is new.
  await client.send(new CreateLogGroupCommand({ logGroupName: group })).catch((err: Error) => {
    if (err.name !== 'ResourceAlreadyExistsException') throw err;
  });
  await client.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: stream }));
  return client;
}
