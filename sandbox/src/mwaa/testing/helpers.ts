/**
 * Test support for the sandbox suites: a moto to run against, SDK clients configured like a user
 * would (endpoint override + `disableHostPrefix`), and SigV4-signed raw calls for InvokeRestApi
 * (client-mwaa 3.523.0 has no InvokeRestApiCommand).
 */
import * as http from 'node:http';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import { startMoto, type MotoHandle } from '../backends/parts';
import { TEST_CREDENTIALS } from '../backends/motoClients';

/** moto for a test file (the sandbox's moto part); stop it in after(). */
export async function testMoto(): Promise<MotoHandle> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mwaa-sandbox-test-moto-'));
  const moto = await startMoto({ runDir: dir });
  return { endpoint: moto.endpoint, stop: async () => { await moto.stop(); fs.rmSync(dir, { recursive: true, force: true }); } };
}

export const clientConfig = (endpoint: string, region = 'us-east-1') => ({
  region, endpoint, credentials: TEST_CREDENTIALS, disableHostPrefix: true, maxAttempts: 1,
});

/** A SigV4-signed JSON request, as the SDK would send it (service `airflow` unless told). */
export async function signedJson(
  endpoint: string, method: string, path: string, body: unknown,
  opts: { service?: string; region?: string } = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders; json: Record<string, unknown> }> {
  const url = new URL(endpoint);
  const payload = body === undefined ? '' : JSON.stringify(body);
  const signer = new SignatureV4({ service: opts.service ?? 'airflow', region: opts.region ?? 'us-east-1', credentials: TEST_CREDENTIALS, sha256: NodeSha256 });
  const signed = await signer.sign({
    method, protocol: 'http:', hostname: url.hostname, port: Number(url.port), path,
    headers: { host: url.host, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) },
    body: payload,
  });
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, method, path, headers: signed.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, json: text ? JSON.parse(text) as Record<string, unknown> : {} });
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/** InvokeRestApi as the MWAA API defines it: `POST /restapi/{Name}`. */
export function invokeRestApi(endpoint: string, name: string, input: { Method: string; Path: string; QueryParameters?: unknown; Body?: unknown }, region?: string) {
  return signedJson(endpoint, 'POST', `/restapi/${encodeURIComponent(name)}`, input, { region });
}

export async function waitFor<T>(what: string, fn: () => Promise<T | undefined | false>, timeoutMs: number, everyMs = 1000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${(last as Error).message})` : ''}`);
}

/** SignatureV4's hash constructor, on node:crypto (no extra dependency). */
class NodeSha256 {
  private h: Hash | Hmac;
  private readonly secret?: Uint8Array | string;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    if (secret !== undefined) this.secret = typeof secret === 'string' ? secret : toBytes(secret);
    this.h = this.secret ? createHmac('sha256', this.secret) : createHash('sha256');
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.h.update(typeof data === 'string' ? data : toBytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.h.digest());
  }
  reset(): void {
    this.h = this.secret ? createHmac('sha256', this.secret) : createHash('sha256');
  }
}

function toBytes(d: ArrayBuffer | ArrayBufferView): Uint8Array {
  return ArrayBuffer.isView(d) ? new Uint8Array(d.buffer, d.byteOffset, d.byteLength) : new Uint8Array(d);
}
