import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { AWS_FIXTURES } from './awsFixtures';

export interface SeenRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: http.IncomingHttpHeaders;
  /** Region from the SigV4 credential scope. */
  readonly region?: string;
}

/**
 * A tiny restJson1 MWAA control plane: ListEnvironments (paged) and
 * GetEnvironment from the fixture, CreateWebLoginToken. Regions listed in `deny` answer AccessDenied; environments in
 * `throttleOnce` answer 429 ThrottlingException the first time.
 */
export async function startLocalMwaa(options: {
  environments: Record<string, string[]>;
  deny?: string[];
  throttleOnce?: string[];
  delayMs?: number;
  /** Names per ListEnvironments page; default 2 so tests see paging. */
  pageSize?: number;
  /** What CreateWebLoginToken answers as WebServerHostname. */
  webServerHostname?: string;
}): Promise<{ url: string; seen: SeenRequest[]; close: () => Promise<void> }> {
  const fixture = JSON.parse(fs.readFileSync(path.join(AWS_FIXTURES, 'get-environment.json'), 'utf8')) as { Environment: Record<string, unknown> };
  const seen: SeenRequest[] = [];
  const throttled = new Set<string>();
  const server = http.createServer((req, res) => {
    const region = /Credential=[^/]+\/\d{8}\/([^/]+)\//.exec(String(req.headers.authorization ?? ''))?.[1];
    seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, ...(region ? { region } : {}) });
    const send = (status: number, body: unknown, errorType?: string) => {
      const text = JSON.stringify(body);
      res.writeHead(status, { 'content-type': 'application/json', ...(errorType ? { 'x-amzn-errortype': errorType } : {}) });
      res.end(text);
    };
    const answer = () => {
      if (region && options.deny?.includes(region)) {
        return send(403, { Message: `User is not authorized to perform: airflow:ListEnvironments in ${region}` }, 'AccessDeniedException');
      }
      const names = options.environments[region ?? ''] ?? [];
      const u = new URL(req.url ?? '/', 'http://x');
      if (req.method === 'GET' && u.pathname === '/environments') {
        const start = Number(u.searchParams.get('NextToken') ?? 0);
        const size = options.pageSize ?? 2;
        const page = names.slice(start, start + size);
        return send(200, { Environments: page, ...(start + size < names.length ? { NextToken: String(start + size) } : {}) });
      }
      const token = /^\/webtoken\/([^/]+)$/.exec(u.pathname);
      if (req.method === 'POST' && token) {
        return send(200, { WebToken: 'fixture-web-token', WebServerHostname: options.webServerHostname ?? 'abc.c2.us-east-1.airflow.amazonaws.com' });
      }
      const m = /^\/environments\/([^/]+)$/.exec(u.pathname);
      if (req.method === 'GET' && m) {
        const name = decodeURIComponent(m[1]!);
        if (!names.includes(name)) return send(404, { Message: `Environment ${name} not found` }, 'ResourceNotFoundException');
        if (options.throttleOnce?.includes(name) && !throttled.has(name)) {
          throttled.add(name);
          return send(429, { Message: 'Rate exceeded' }, 'ThrottlingException');
        }
        return send(200, { Environment: { ...fixture.Environment, Name: name, Arn: `arn:aws:airflow:${region}:111122223333:environment/${name}`, Status: 'AVAILABLE' } });
      }
      send(404, { Message: 'no such route' }, 'ResourceNotFoundException');
    };
    if (options.delayMs) setTimeout(answer, options.delayMs);
    else answer();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
