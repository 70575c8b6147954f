import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// The JSON report feeds .ci/run's closing `tests: N passed, N failed` line. docs/testing.md says how the
// suite is organised and why it is configured this way.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
    pool: 'forks',
    // Test files share a worker and its loaded modules instead of each starting a fresh one: loading the
    // CLI, undici, jose and the X.509 stack once per worker rather than once per file halves the CPU the
    // suite spends. Safe because nothing is mocked: no file changes a module for the files after it, and
    // every file closes the servers it starts.
    isolate: false,
    // Much of the suite waits (on local servers, deadlines, child processes, a terminal), so one more
    // worker than cores keeps the cores busy; vitest's default is cores - 1 (a single worker on 2 cores).
    maxWorkers: availableParallelism() + 1,
  },
});
