import { defineConfig } from 'vitest/config';
import { browserScriptVitePlugin } from './scripts/browser-script.js';

/**
 * Fault and load tests (test/reliability): kill -9 during a burst, two processes on one
 * SQLite file, a fuzz run over the JSON API, and a soak. They run the built package in child
 * processes, so `pnpm test:reliability` builds first. One file at a time: the kill timing and
 * the soak's memory samples must not compete with another file for the CPU.
 * The summary reporter adds their counts to the CI's closing line (project `reliability`).
 */
export default defineConfig({
  // Test helpers import src: the browser script is compiled as the build compiles it.
  plugins: [browserScriptVitePlugin()],
  test: {
    name: 'reliability',
    include: ['test/reliability/**/*.test.ts'],
    reporters: ['default', './test/helpers/per-project-reporter.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 60_000,
    globalSetup: ['./test/helpers/postgres-global-setup.ts', './test/reliability/helpers/bundle-snapshot.ts'],
    // Drops the Postgres schemas a file's tests recycled (test/helpers/recycled-schemas.ts).
    setupFiles: ['./test/helpers/postgres-file-teardown.ts'],
  },
});
