// The sweeps, seals and trust contract against every store backend (SQLite, and PostgreSQL from
// npm run setup:postgres: a server that cannot be reached fails the suite).
import { STORE_BACKENDS } from '../store-backends';
import { describeSweepsTrustContract } from './sweeps-trust-contract';

for (const backend of STORE_BACKENDS) describeSweepsTrustContract(backend);
