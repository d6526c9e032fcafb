// `shoumi-collector token create`: makes enrolment tokens straight into the store, on the collector's
// own machine, for whoever can read the data directory (the first agents, before any admin certificate
// exists; scripts). The collector may be running: SQLite in WAL mode with a busy timeout lets this short-lived
// second writer take its turn, and on PostgreSQL (`storeUrl`) the chain lock orders the appends; either way
// the chain stays whole whichever process appends.
import { userInfo } from 'node:os';
import { openStoreAt } from '../store/open-store';
import type { AuditContext } from '../store/store';
import { type MadeToken, makeEnrolmentTokens } from './enrolment-token';
import { requireDataDir } from './local-data-dir';

/** The audit actor of commands run on the collector's machine: "local:<os user>". */
export function localActor(): AuditContext {
  let user: string;
  try {
    user = userInfo().username;
  } catch {
    // No passwd entry (some containers): the uid still says who it was.
    user = process.env.USER ?? `uid ${process.getuid?.() ?? '?'}`;
  }
  return { actor: `local:${user}`, source: 'local' };
}

export async function createTokensLocally(options: {
  dataDir: string;
  ttlMs: number;
  deviceId?: string;
  count: number;
  /** postgres://… of the shared store; absent: the data directory's SQLite file. */
  storeUrl?: string;
  now?: () => number;
}): Promise<MadeToken[]> {
  const nowMs = (options.now ?? Date.now)();
  // Checked before the store is opened, so a bad flag creates no database file.
  const { made, stored } = makeEnrolmentTokens(options, nowMs);
  await requireDataDir(options.dataDir);
  const store = await openStoreAt({
    dataDir: options.dataDir,
    ...(options.storeUrl === undefined ? {} : { storeUrl: options.storeUrl }),
  });
  try {
    await store.createEnrolmentTokens(stored, localActor(), nowMs);
  } finally {
    await store.close();
  }
  return made;
}
