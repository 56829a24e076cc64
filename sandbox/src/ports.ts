import * as net from 'node:net';

/**
 * A free TCP port on 127.0.0.1: the OS picks one for a throwaway listener, which is closed before
 * the port is returned for the caller to bind. (A tiny race remains; callers start promptly.)
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
