// Which coordination a collector runs with, chosen by its store: a collector on its own SQLite file is
// alone by construction (the data directory is locked), so the in-process coordination is all of it.
// Several collectors share a PostgreSQL store and coordinate through it (postgres-coordination.ts).
import type { Coordination } from './coordination';
import { inProcessCoordination } from './in-process';

export type CoordinatedStore = { kind: 'sqlite' };

export async function openCoordination(store: CoordinatedStore): Promise<Coordination> {
  switch (store.kind) {
    case 'sqlite':
      return inProcessCoordination();
  }
}
