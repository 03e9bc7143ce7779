import { defineConfig } from 'vitest/config';

// Tests drive the real Go toolchain; on 2 cores a cold `go build` of a fixture
// can take tens of seconds, so the per-test timeout is generous. Slow end-to-end
// files are named *.e2e.test.ts and still run under `npm test`. The global
// setup builds benchstat and finds a headless Chromium before any file runs.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    pool: 'forks',
    // The evidence cache is off unless a test turns it on with a directory of its own: tests
    // that time or count builds, or interrupt one, must not be answered by an earlier test's entry.
    // English goldens do not depend on the machine's locale (LANG=zh_CN.UTF-8 would pick zh-CN).
    env: { HEAPSIGHT_CACHE: 'off', HEAPSIGHT_LANG: 'en' },
    maxWorkers: 2,
  },
});
