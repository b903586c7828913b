import { defineConfig } from 'vitest/config';

// Browser tests: real server process, real Chromium (Debian's /usr/bin/chromium). Run one file at a time.
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    pool: 'forks',
  },
});
