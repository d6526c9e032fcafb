// The findings role's contract for every store backend (store-backends.ts).
import { STORE_BACKENDS } from '../store-backends';
import { describeFindingsContract } from './findings-contract';

for (const backend of STORE_BACKENDS) describeFindingsContract(backend);
