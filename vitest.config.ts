import { defineConfig } from 'vitest/config';

// The JSON report feeds .ci/run's closing `tests: N passed, N failed` line.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
    pool: 'forks',
  },
});
