import { defineConfig } from 'vitest/config';
import { browserScriptVitePlugin } from './scripts/browser-script.js';

/**
 * Three projects: `unit` runs once; the database suite (test/db) runs twice, on SQLite and on
 * Postgres, so every rule is proven on both. The summary reporter prints the count of each.
 */
export default defineConfig({
  // Tests run from src: the browser script is compiled as the build compiles it.
  plugins: [browserScriptVitePlugin()],
  test: {
    reporters: ['default', './test/helpers/per-project-reporter.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Drops the Postgres schemas a file's tests recycled (test/helpers/recycled-schemas.ts).
    setupFiles: ['./test/helpers/postgres-file-teardown.ts'],
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      {
        extends: true,
        test: { name: 'sqlite', include: ['test/db/**/*.test.ts'], env: { MESSAGING_TEST_DIALECT: 'sqlite' } },
      },
      {
        extends: true,
        test: {
          name: 'postgres',
          include: ['test/db/**/*.test.ts'],
          env: { MESSAGING_TEST_DIALECT: 'postgres' },
          globalSetup: ['./test/helpers/postgres-global-setup.ts'],
        },
      },
    ],
  },
});
