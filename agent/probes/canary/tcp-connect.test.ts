// Loopback only: a listener this test opens, and a port it has just closed.
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { machineRoot } from '../machine-root';
import { canaryProbe } from './tcp-connect';

function listen(): Promise<net.Server> {
  return new Promise((resolve) => {
    const server = net.createServer((socket) => socket.destroy());
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

describe('canary probe', () => {
  it('does nothing and reports no results without endpoints', async () => {
    expect(await canaryProbe().read(machineRoot('/'))).toMatchObject({ ok: true, facts: { results: [] } });
  });

  it('reaches a listening port and not a closed one', async () => {
    const open = await listen();
    const closed = await listen();
    const openPort = (open.address() as net.AddressInfo).port;
    const closedPort = (closed.address() as net.AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const probe = canaryProbe({
      endpoints: [
        { host: '127.0.0.1', port: openPort },
        { host: '127.0.0.1', port: closedPort },
      ],
      timeoutMs: 1000,
    });
    const result = await probe.read(machineRoot('/'));
    open.close();
    expect(result).toMatchObject({
      ok: true,
      facts: {
        results: [
          { endpoint: `127.0.0.1:${openPort}`, reachable: true, error: null },
          { endpoint: `127.0.0.1:${closedPort}`, reachable: false, error: 'ECONNREFUSED' },
        ],
      },
    });
  });
});
