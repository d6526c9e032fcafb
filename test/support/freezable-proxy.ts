// A loopback TCP proxy in front of PostgreSQL that can go silent: freeze() stops forwarding on every
// connection open now, in both directions, without closing anything, which is what a rebooted server or a
// cut network looks like to a client (no error, no end: brianc/node-postgres#3003). Connections made after
// the freeze are forwarded normally. When either side of a connection closes, the other side is closed too,
// so a client that gives up its connection also ends its session on the server.
import { once } from 'node:events';
import { connect, createServer, type Socket } from 'node:net';

export interface FreezableProxy {
  /** postgres://… of `targetUrl` with host and port replaced by the proxy's. */
  url: string;
  /** Stops forwarding on every connection open now; returns how many were frozen. */
  freeze(): number;
  close(): Promise<void>;
}

export async function freezableProxy(targetUrl: string): Promise<FreezableProxy> {
  const target = new URL(targetUrl);
  const pairs = new Set<{ client: Socket; server: Socket; frozen: boolean }>();
  const proxy = createServer((client) => {
    const server = connect(Number(target.port || 5432), target.hostname);
    const pair = { client, server, frozen: false };
    pairs.add(pair);
    client.on('data', (chunk) => {
      if (!pair.frozen) server.write(chunk);
    });
    server.on('data', (chunk) => {
      if (!pair.frozen) client.write(chunk);
    });
    const closeBoth = () => {
      pairs.delete(pair);
      client.destroy();
      server.destroy();
    };
    for (const socket of [client, server]) {
      socket.on('close', closeBoth);
      socket.on('error', closeBoth);
    }
  });
  proxy.listen(0, '127.0.0.1');
  await once(proxy, 'listening');
  const address = proxy.address();
  if (address === null || typeof address === 'string') throw new Error('the proxy has no TCP address');
  const url = new URL(targetUrl);
  url.hostname = '127.0.0.1';
  url.port = String(address.port);
  return {
    url: url.toString(),
    freeze() {
      for (const pair of pairs) pair.frozen = true;
      return pairs.size;
    },
    async close() {
      for (const pair of pairs) {
        pair.client.destroy();
        pair.server.destroy();
      }
      proxy.close();
      await once(proxy, 'close');
    },
  };
}
