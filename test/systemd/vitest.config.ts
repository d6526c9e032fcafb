// The systemd guest suite (npm run test:systemd): its own config, so that `npm test` never boots a guest. Its
// files are named *.systemd-test.ts because the main config includes every test/**/*.test.ts.
import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: path.resolve(import.meta.dirname, '..', '..'),
    include: ['test/systemd/**/*.systemd-test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    // One guest at a time, and its tests in order: each phase starts from where the last one left the guest.
    fileParallelism: false,
    sequence: { concurrent: false },
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
