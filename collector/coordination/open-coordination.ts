// Which coordination a collector runs with, chosen by its store: a collector on its own SQLite file is
// alone by construction (the data directory is locked), so the in-process coordination is all of it.
// Several collectors share a PostgreSQL store and coordinate through it (postgres-coordination.ts).
import type { Logger } from '../logger';
import type { Coordination } from './coordination';
import { inProcessCoordination } from './in-process';
import { postgresCoordination } from './postgres-coordination';

export type CoordinatedStore = { kind: 'sqlite' } | { kind: 'postgres'; url: string; log: Logger };

export async function openCoordination(store: CoordinatedStore): Promise<Coordination> {
  switch (store.kind) {
    case 'sqlite':
      return inProcessCoordination();
    case 'postgres':
      return postgresCoordination(store.url, { log: store.log });
  }
}
