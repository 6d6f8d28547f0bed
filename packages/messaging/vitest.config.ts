import { availableParallelism } from 'node:os';
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';
import { browserScriptVitePlugin } from './scripts/browser-script.js';

/** Test files that mock a module the package imports (vi.mock): they need a module graph of their own. */
const MODULE_MOCKS = ['test/db/*express4*.test.ts'];

/**
 * Postgres files that count buffers or dead rows: another session's open snapshot (a test
 * of the other worker) would keep rows they expect gone. They run after the rest, alone.
 */
const POSTGRES_ALONE = ['test/db/inbox-depth.test.ts', 'test/db/inbox-live-writes.test.ts', 'test/db/live-slow-readers.test.ts'];

/**
 * `unit` runs once; the database suite (test/db) runs twice, on SQLite and on Postgres, so
 * every rule is proven on both. The summary reporter prints the count of each.
 */
export default defineConfig({
  // Tests run from src: the browser script is compiled as the build compiles it.
  plugins: [browserScriptVitePlugin()],
  test: {
    reporters: ['default', './test/helpers/per-project-reporter.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Two files at once even on two cores (vitest's default there is one): a Postgres test
    // mostly waits on the server's round trips, which the other worker's file fills.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // Drops the Postgres schemas a file's tests recycled (test/helpers/recycled-schemas.ts).
    setupFiles: ['./test/helpers/postgres-file-teardown.ts'],
    projects: [{ extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } }, ...databaseProjects('sqlite'), ...databaseProjects('postgres')],
  },
});

/**
 * The database suite on one database, in two projects: most files share one module graph per
 * worker (`isolate: false`: the package's modules are imported once, not once per file, which
 * was a quarter of the suite's time), and the files that replace a module for the whole
 * package (`vi.mock('express')`: the Express 4 runs) keep their own, as the mock must not leak
 * into other files nor miss modules already loaded. On Postgres, the files of POSTGRES_ALONE
 * run in a third project, after the others and one at a time. The reporter counts them all as
 * one database.
 */
function databaseProjects(dialect: 'sqlite' | 'postgres'): TestProjectInlineConfiguration[] {
  const env = { MESSAGING_TEST_DIALECT: dialect };
  const globalSetup = dialect === 'postgres' ? ['./test/helpers/postgres-global-setup.ts'] : [];
  const alone = dialect === 'postgres' ? POSTGRES_ALONE : [];
  const aloneProject: TestProjectInlineConfiguration = {
    extends: true,
    test: { name: `${dialect} (alone)`, include: alone, isolate: false, env, globalSetup, maxWorkers: 1, sequence: { groupOrder: 1 } },
  };
  return [
    { extends: true, test: { name: dialect, include: ['test/db/**/*.test.ts'], exclude: [...MODULE_MOCKS, ...alone], isolate: false, env, globalSetup } },
    { extends: true, test: { name: `${dialect} (isolated)`, include: MODULE_MOCKS, env, globalSetup } },
    ...(alone.length > 0 ? [aloneProject] : []),
  ];
}
