import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'agent/**/*.test.ts',
      'collector/**/*.test.ts',
      'proto/**/*.test.ts',
      'policies/**/*.test.ts',
      'test/**/*.test.ts',
    ],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // e2e suites start real processes on loopback ports; keep files in parallel but bounded.
    maxWorkers: 2,
  },
});
