// The fault suite (npm run test:faults): its own config so that `npm test` stays quick. Its files are named
// *.fault-test.ts because the main config includes every test/**/*.test.ts. Each file kills processes,
// fills disks or fuzzes thousands of inputs; one file at a time keeps the 2-core machines honest about timing.
import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: path.resolve(import.meta.dirname, '..', '..'),
    include: ['test/faults/**/*.fault-test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
