// A PostgreSQL server of a test's own: its own data directory, port and socket directory, made with Debian's
// binaries (initdb, pg_ctl under /usr/lib/postgresql/15/bin). A test that stops or restarts PostgreSQL uses
// this one, because the shared test server (test/support/postgres.ts) serves other suites at the same time.
// As root the server runs as the `postgres` user (PostgreSQL refuses to run as root). When it cannot be made,
// the error says why: the test fails, it never skips.
import { execFile } from 'node:child_process';
import { chown, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './processes';

const run = promisify(execFile);

export const POSTGRES_BIN = process.env.SHOUMI_POSTGRES_BIN || '/usr/lib/postgresql/15/bin';
const SUPERUSER = 'shoumi_test';

export interface PrivatePostgres {
  /** The maintenance URL (database `postgres`), for freshPostgresDatabase(label, serverUrl). */
  url: string;
  port: number;
  dataDir: string;
  /** Fast shutdown: connections are cut, the server is down when this resolves. */
  stop(): Promise<void>;
  /** Starts the stopped server again on the same port and data directory; resolves once it accepts. */
  start(): Promise<void>;
  /** Immediate stop (if running) and the directory removed. */
  destroy(): Promise<void>;
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'shoumi-private-pg-'));
  const dataDir = path.join(dir, 'data');
  const logFile = path.join(dir, 'server.log');
  const asRoot = process.getuid?.() === 0;
  // The server's own user must own its directory and be able to write the log and socket beside it.
  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'postgres']).catch(() => {
      throw new Error('running as root but there is no `postgres` user to run a private PostgreSQL as');
    });
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    await chown(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  const tool = async (name: string, args: string[]) => {
    const command = path.join(POSTGRES_BIN, name);
    try {
      return asRoot
        ? await run('runuser', ['-u', 'postgres', '--', command, ...args], { timeout: 120_000 })
        : await run(command, args, { timeout: 120_000 });
    } catch (error) {
      const log = await readFile(logFile, 'utf8').catch(() => '');
      throw new Error(
        `private PostgreSQL: ${name} ${args.join(' ')} failed: ${(error as Error).message}` +
          (log ? `\nserver log:\n${log.slice(-2000)}` : ''),
      );
    }
  };
  await tool('initdb', ['-D', dataDir, '-U', SUPERUSER, '--auth=trust', '--encoding=UTF8', '--no-sync']);
  const port = await freePort();
  const options = [
    `-p ${port}`,
    `-k ${dir}`,
    '-c listen_addresses=127.0.0.1',
    '-c max_connections=100',
    '-c fsync=off',
  ].join(' ');
  const start = async () => {
    await tool('pg_ctl', ['-D', dataDir, '-l', logFile, '-o', options, '-w', '-t', '60', 'start']);
  };
  let running = false;
  await start();
  running = true;
  return {
    url: `postgres://${SUPERUSER}@127.0.0.1:${port}/postgres`,
    port,
    dataDir,
    async stop() {
      await tool('pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', '-t', '60', 'stop']);
      running = false;
    },
    async start() {
      await start();
      running = true;
    },
    async destroy() {
      if (running)
        await tool('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
      running = false;
      await rm(dir, { recursive: true, force: true });
    },
  };
}
