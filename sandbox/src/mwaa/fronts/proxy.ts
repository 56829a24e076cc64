import * as http from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Streams a request to `target` (http://host:port) unchanged except for the Host header, and the
 * response back. Used for the S3 and Logs fronts (to moto) and the webserver (to Airflow).
 */
export function forward(
  req: IncomingMessage, res: ServerResponse, target: string,
  opts: { path?: string; headers?: Record<string, string>; body?: Buffer; dropHeaders?: string[] } = {},
): Promise<void> {
  const url = new URL(target);
  const headers: http.OutgoingHttpHeaders = { ...req.headers, host: url.host, ...(opts.headers ?? {}) };
  for (const h of opts.dropHeaders ?? []) delete headers[h];
  if (opts.body) {
    headers['content-length'] = String(opts.body.length);
    delete headers['transfer-encoding'];
  }
  return new Promise((resolve) => {
    const upstream = http.request({
      host: url.hostname, port: url.port, method: req.method, path: opts.path ?? req.url, headers,
    }, (up) => {
      // Hop-by-hop headers describe moto's connection, not ours: forwarding `Connection: close`
      // would make every client open a new TCP connection per request.
      const { connection: _c, 'keep-alive': _k, ...headers } = up.headers;
      void _c;
      void _k;
      res.writeHead(up.statusCode ?? 502, headers);
      up.pipe(res);
      up.on('end', () => resolve());
      up.on('error', () => { res.destroy(); resolve(); });
    });
    upstream.on('error', (err) => {
      if (!res.headersSent) {
        res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(`sandbox proxy: ${target} unreachable: ${err.message}`);
      } else res.destroy();
      resolve();
    });
    if (opts.body) upstream.end(opts.body);
    else req.pipe(upstream);
  });
}

export interface FetchResult { status: number; headers: http.IncomingHttpHeaders; body: Buffer }

/** A buffered HTTP call with a hard timeout (InvokeRestApi's 10 s), rejecting with name 'TimeoutError'. */
export function fetchBuffered(
  url: string, init: { method: string; headers?: Record<string, string>; body?: string | Buffer; timeoutMs: number; maxBytes?: number },
): Promise<FetchResult> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: u.hostname, port: u.port, method: init.method, path: u.pathname + u.search, headers: init.headers }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (init.maxBytes && size > init.maxBytes) {
          req.destroy(Object.assign(new Error(`response over ${init.maxBytes} bytes`), { name: 'ResponseTooLarge' }));
          return;
        }
        chunks.push(c);
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.setTimeout(init.timeoutMs, () => req.destroy(Object.assign(new Error(`no response within ${init.timeoutMs} ms`), { name: 'TimeoutError' })));
    req.on('error', reject);
    req.end(init.body);
  });
}
