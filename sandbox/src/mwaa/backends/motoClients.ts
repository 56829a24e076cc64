import { CloudWatchLogsClient, CreateLogGroupCommand, CreateLogStreamCommand, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SANDBOX_CREDENTIALS } from '../../moto';

/** Static test credentials: moto accepts any, and nothing here must ever find real ones. */
// The one set of fake credentials every sandbox client uses (moto accepts any).
export const TEST_CREDENTIALS = SANDBOX_CREDENTIALS;

/** SDK clients the emulator itself uses to talk to moto directly (never through the fault fronts). */
export class MotoClients {
  private logs = new Map<string, CloudWatchLogsClient>();
  private s3 = new Map<string, S3Client>();

  constructor(readonly endpoint: string) {}

  logsClient(region: string): CloudWatchLogsClient {
    return perRegion(this.logs, region, () => new CloudWatchLogsClient({ region, endpoint: this.endpoint, credentials: TEST_CREDENTIALS, disableHostPrefix: true }));
  }

  s3Client(region: string): S3Client {
    return perRegion(this.s3, region, () => new S3Client({ region, endpoint: this.endpoint, credentials: TEST_CREDENTIALS, forcePathStyle: true }));
  }

  async getObjectBytes(region: string, bucket: string, key: string, versionId: string): Promise<Buffer> {
    const out = await this.s3Client(region).send(new GetObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId }));
    return Buffer.from((await out.Body?.transformToByteArray()) ?? new Uint8Array());
  }

  async ensureLogGroup(region: string, group: string): Promise<void> {
    try {
      await this.logsClient(region).send(new CreateLogGroupCommand({ logGroupName: group }));
    } catch (err) {
      if ((err as Error).name !== 'ResourceAlreadyExistsException') throw err;
    }
  }

  /** Writes lines as one stream (created here); events keep their order with increasing timestamps. */
  async writeStream(region: string, group: string, stream: string, lines: string[], start = Date.now()): Promise<void> {
    const client = this.logsClient(region);
    await this.ensureLogGroup(region, group);
    try {
      await client.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: stream }));
    } catch (err) {
      if ((err as Error).name !== 'ResourceAlreadyExistsException') throw err;
    }
    const events = lines.filter((l) => l.length > 0).map((message, i) => ({ timestamp: start + i, message }));
    for (let i = 0; i < events.length; i += 5000) {
      await client.send(new PutLogEventsCommand({ logGroupName: group, logStreamName: stream, logEvents: events.slice(i, i + 5000) }));
    }
  }

  destroy(): void {
    for (const c of this.logs.values()) c.destroy();
    for (const c of this.s3.values()) c.destroy();
  }
}

/** One client per region, made on first use and kept until destroy(). */
function perRegion<C>(clients: Map<string, C>, region: string, make: () => C): C {
  let c = clients.get(region);
  if (!c) {
    c = make();
    clients.set(region, c);
  }
  return c;
}

/** MWAA requires a versioned source bucket; created idempotently. */
export async function ensureVersionedBucket(clients: MotoClients, region: string, bucket: string): Promise<void> {
  const { CreateBucketCommand, PutBucketVersioningCommand } = await import('@aws-sdk/client-s3');
  const s3 = clients.s3Client(region);
  try {
    await s3.send(new CreateBucketCommand({
      Bucket: bucket,
      ...(region === 'us-east-1' ? {} : { CreateBucketConfiguration: { LocationConstraint: region as never } }),
    }));
  } catch (err) {
    if (!['BucketAlreadyOwnedByYou', 'BucketAlreadyExists'].includes((err as Error).name)) throw err;
  }
  await s3.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }));
}
