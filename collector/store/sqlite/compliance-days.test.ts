import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeTrendStoreContract } from '../trend-store-contract';
import { openSqliteStore } from './index';

describeTrendStoreContract('sqlite', async () => {
  const directory = await mkdtemp(join(tmpdir(), 'shoumi-sqlite-trend-'));
  return {
    store: await openSqliteStore(join(directory, 'collector.db')),
    cleanup: () => rm(directory, { recursive: true, force: true }),
  };
});
