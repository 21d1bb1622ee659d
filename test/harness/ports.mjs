// Free loopback ports for servers the harness starts (WebKitWebDriver, pebble and its helpers).
import { createServer } from 'node:net';

/**
 * `count` distinct ports free on `host` right now: all are held open together before any is released,
 * so the same port is never handed out twice.
 */
export async function freePorts(count, host = '127.0.0.1') {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise((resolve, reject) => {
          const server = createServer();
          server.unref();
          server.on('error', reject);
          server.listen(0, host, () => resolve(server));
        }),
    ),
  );
  const ports = servers.map((server) => server.address().port);
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}
