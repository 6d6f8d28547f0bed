import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { DatabaseOption } from '../../src/db/connection/connect.js';

/** Which database this project of the suite runs on (see vitest.config.ts). */
export const TEST_DIALECT = (process.env.MESSAGING_TEST_DIALECT ?? 'sqlite') as 'sqlite' | 'postgres';

/** The Postgres server the suite uses; a fresh schema per test keeps runs apart. */
export const TEST_POSTGRES_URL = process.env.MESSAGING_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase {
  option: DatabaseOption;
  /** Drops what the test created (the Postgres schema); SQLite in memory needs nothing. */
  cleanup(): Promise<void>;
}

/**
 * A database of its own for one test: in-memory SQLite, or a new schema on the Postgres
 * server, so that two runs (or two test files) never see each other's rows.
 */
export function createTestDatabase(dialect = TEST_DIALECT): TestDatabase {
  if (dialect === 'sqlite') return { option: { sqlite: ':memory:' }, cleanup: async () => {} };
  const schema = `msg_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  return {
    option: { postgres: { connectionString: TEST_POSTGRES_URL, schema, poolConfig: { max: 5, idleTimeoutMillis: 1000 } } },
    cleanup: async () => {
      const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
      await client.connect();
      try {
        await client.query(`drop schema if exists "${schema}" cascade`);
      } finally {
        await client.end();
      }
    },
  };
}
