// The contract suites every backend passes, run against PostgreSQL (npm run setup:postgres): each test opens
// a fresh database of its own (store-backends.ts) and drops it after.
import { postgresBackend } from '../store-backends';
import { describeStoreContract } from '../store-contract';
import { describeSweepStoreContract } from '../sweep-store-contract';
import { describeTrendStoreContract } from '../trend-store-contract';

describeStoreContract('postgres', () => postgresBackend.open());
describeSweepStoreContract('postgres', () => postgresBackend.open());
describeTrendStoreContract('postgres', () => postgresBackend.open());
