// A QMP client over QEMU's unix socket: one command at a time (QMP answers in order), events kept so a test
// can wait for e.g. DEVICE_DELETED that may arrive before or after the command's own answer.
import { once } from 'node:events';
import { connect, type Socket } from 'node:net';

export interface QmpEvent {
  event: string;
  data?: Record<string, unknown>;
  timestamp?: { seconds: number; microseconds: number };
}

export interface QmpClient {
  execute(command: string, args?: Record<string, unknown>): Promise<unknown>;
  /** The first event (since connect) named `name` that `match` accepts and no earlier wait consumed. */
  waitForEvent(name: string, match?: (event: QmpEvent) => boolean, timeoutMs?: number): Promise<QmpEvent>;
  close(): void;
}

async function connectWithRetry(path: string, timeoutMs: number): Promise<Socket> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const socket = connect(path);
    try {
      await once(socket, 'connect');
      return socket;
    } catch (error) {
      socket.destroy();
      // QEMU creates the socket a moment after it starts.
      if (Date.now() > deadline) throw new Error(`QMP socket ${path}: ${(error as Error).message}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

export async function openQmp(path: string, timeoutMs = 10_000): Promise<QmpClient> {
  const socket = await connectWithRetry(path, timeoutMs);
  const events: (QmpEvent & { consumed?: boolean })[] = [];
  const wakers = new Set<() => void>();
  let pending: { resolve: (value: unknown) => void; reject: (error: Error) => void } | undefined;
  let greeting: (() => void) | undefined;
  const greeted = new Promise<void>((resolve) => (greeting = resolve));
  let buffer = '';
  socket.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    for (let newline = buffer.indexOf('\n'); newline >= 0; newline = buffer.indexOf('\n')) {
      const line = buffer.slice(0, newline).trim();
      buffer = buffer.slice(newline + 1);
      if (!line) continue;
      const message = JSON.parse(line) as Record<string, unknown>;
      if ('QMP' in message) greeting?.();
      else if ('event' in message) {
        events.push(message as unknown as QmpEvent);
        for (const wake of wakers) wake();
      } else if ('return' in message) {
        pending?.resolve(message.return);
        pending = undefined;
      } else if ('error' in message) {
        const error = message.error as { class: string; desc: string };
        pending?.reject(new Error(`QMP ${error.class}: ${error.desc}`));
        pending = undefined;
      }
    }
  });
  socket.on('close', () => {
    pending?.reject(new Error('QMP socket closed'));
    pending = undefined;
  });
  await greeted;

  let queue: Promise<unknown> = Promise.resolve();
  const execute = (command: string, args?: Record<string, unknown>) => {
    const result = queue.then(
      () =>
        new Promise<unknown>((resolve, reject) => {
          pending = { resolve, reject };
          socket.write(
            `${JSON.stringify(args ? { execute: command, arguments: args } : { execute: command })}\n`,
          );
        }),
    );
    queue = result.catch(() => undefined);
    return result;
  };
  await execute('qmp_capabilities');

  return {
    execute,
    waitForEvent(name, match = () => true, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = events.find((event) => !event.consumed && event.event === name && match(event));
          if (!found) return;
          found.consumed = true;
          finish();
          resolve(found);
        };
        const timer = setTimeout(() => {
          finish();
          reject(new Error(`no QMP event ${name} within ${timeoutMs} ms`));
        }, timeoutMs);
        const finish = () => {
          clearTimeout(timer);
          wakers.delete(check);
        };
        wakers.add(check);
        check();
      });
    },
    close: () => socket.destroy(),
  };
}
