import type { IncomingMessage, ServerResponse } from 'node:http';

/** Whole request body; sandbox requests are small (a 6 MB cap mirrors InvokeRestApi's limit). */
export async function readBody(req: IncomingMessage, limit = 16 * 1024 * 1024): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new Error(`request body over ${limit} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': requestId(),
    ...headers,
  });
  res.end(text);
}

/**
 * A restJson1 error: the SDK reads the code from `x-amzn-errortype` (and `__type` as fallback);
 * the remaining members are the modeled error's fields.
 */
export function sendRestJsonError(res: ServerResponse, status: number, type: string, fields: Record<string, unknown>): void {
  sendJson(res, status, { __type: type, ...fields }, { 'x-amzn-errortype': type });
}

/** An awsJson1_1 error (CloudWatch Logs): `__type` carries the code. */
export function sendAwsJsonError(res: ServerResponse, status: number, type: string, message: string): void {
  const text = JSON.stringify({ __type: type, message });
  res.writeHead(status, {
    'content-type': 'application/x-amz-json-1.1',
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': requestId(),
  });
  res.end(text);
}

/** An AWS Query (IAM, STS) error: XML with the code SDKs read as the error's name. */
export function sendQueryError(res: ServerResponse, status: number, code: string, message: string): void {
  const text = `<ErrorResponse><Error><Type>${status >= 500 ? 'Receiver' : 'Sender'}</Type><Code>${escapeXml(code)}</Code>`
    + `<Message>${escapeXml(message)}</Message></Error><RequestId>${requestId()}</RequestId></ErrorResponse>`;
  res.writeHead(status, { 'content-type': 'text/xml', 'content-length': Buffer.byteLength(text), 'x-amzn-requestid': requestId() });
  res.end(text);
}

/** An S3 REST-XML error. */
export function sendS3Error(res: ServerResponse, status: number, code: string, message: string): void {
  const text = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${escapeXml(message)}</Message>`
    + `<RequestId>${requestId()}</RequestId></Error>`;
  res.writeHead(status, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export function escapeXml(s: string): string {
  return s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function requestId(): string {
  return crypto.randomUUID();
}
