// The real-kernel suite (npm run test:kernel): its own config, so that `npm test` never boots a guest. Its
// files are named *.kernel-test.ts because the main config includes every test/**/*.test.ts.
import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: path.resolve(import.meta.dirname, '..', '..'),
    include: ['test/kernel/**/*.kernel-test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    // One guest at a time: the machines have 2 cores and TCG keeps one of them busy.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
